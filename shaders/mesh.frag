#version 330 core
// Soft studio lighting: a sky/ground hemisphere ambient, a wrapped warm key light, a cool fill
// from the other side, a gentle specular and a rim that separates bodies from the background;
// distance fog into the sky colour (per vertex). Colours arrive in sRGB and leave in sRGB.

in vec3 v_world;
in vec3 v_normal;
in vec4 v_color;
in float v_fog;

uniform vec3 u_eye;
uniform vec3 u_lightDir;  // toward the light
uniform vec3 u_fogColor;  // sRGB
uniform float u_alphaScale;
uniform bool u_shadowPass;
uniform vec4 u_shadowColor;

out vec4 o_color;

// Gamma 2 instead of the exact sRGB curve: the same look at a fraction of the cost of pow()
// in a software rasterizer.
vec3 toLinear(vec3 c) { return c * c; }
vec3 toSrgb(vec3 c) { return sqrt(clamp(c, 0.0, 1.0)); }

void main() {
  if (u_shadowPass) {
    o_color = u_shadowColor;
    return;
  }
  vec3 n = normalize(v_normal);
  vec3 v = normalize(u_eye - v_world);
  vec3 albedo = toLinear(v_color.rgb);

  float up = 0.5 + 0.5 * n.y;
  vec3 ambient = mix(vec3(0.30, 0.27, 0.24), vec3(0.50, 0.56, 0.66), up);
  float ndl = dot(n, u_lightDir);
  float wrapped = max((ndl + 0.4) / 1.4, 0.0);
  vec3 key = vec3(1.0, 0.95, 0.88) * wrapped * 0.95;
  vec3 fillDir = normalize(vec3(-0.6, 0.25, -0.5));
  vec3 fill = vec3(0.55, 0.65, 0.85) * max(dot(n, fillDir), 0.0) * 0.25;
  vec3 h = normalize(u_lightDir + v);
  float spec = pow(max(dot(n, h), 0.0), 48.0) * 0.22 * smoothstep(-0.1, 0.2, ndl);
  float facing = 1.0 - max(dot(n, v), 0.0);
  float rim = facing * facing * facing * 0.18;

  vec3 lit = albedo * (ambient + key + fill) + vec3(spec) + vec3(rim);
  o_color = vec4(mix(toSrgb(lit), u_fogColor, v_fog), v_color.a * u_alphaScale);
}
