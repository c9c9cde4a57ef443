#version 330 core
// The inclined ground: a grid fixed in the world, measured along the plane (so it slides past a
// followed walker), anti-aliased with screen-space derivatives and faded where it gets too
// dense; faint tiles every major cell; a lighter walkway along the walker's path; fog by eye
// depth. (Soft contact shadows under the feet are separate small decals, blob.vert/.frag.)

in vec2 v_uv;
in float v_depth;

uniform float u_spacing;
uniform float u_majorEvery;
uniform vec3 u_base;   // sRGB, already lit
uniform vec3 u_minor;  // sRGB, already lit
uniform vec3 u_major;  // sRGB, already lit
uniform vec3 u_fogColor;
uniform vec2 u_fogRange;

out vec4 o_color;

void main() {
  vec2 minor = v_uv / u_spacing;
  vec2 w = max(fwidth(minor), vec2(1e-5));
  vec2 gMinor = abs(fract(minor - 0.5) - 0.5) / w;
  vec2 major = minor / u_majorEvery;
  vec2 gMajor = abs(fract(major - 0.5) - 0.5) * u_majorEvery / w;
  float fade = 1.0 - clamp(max(w.x, w.y) * 4.0 - 0.6, 0.0, 1.0);
  float lineMinor = (1.0 - clamp(min(gMinor.x, gMinor.y), 0.0, 1.0)) * fade;
  float lineMajor = (1.0 - clamp(min(gMajor.x, gMajor.y) / 1.4, 0.0, 1.0)) * fade;

  vec3 color = u_base;
  vec2 tile = floor(major);
  color *= 1.0 - 0.025 * mod(tile.x + tile.y, 2.0);
  float walkway = clamp((0.55 - abs(v_uv.y)) * 10.0, 0.0, 1.0);
  color += walkway * (0.035 * color + 0.012);
  color = mix(color, u_minor, 0.85 * lineMinor);
  color = mix(color, u_major, 0.95 * lineMajor);
  float fog = clamp((v_depth - u_fogRange.x) / (u_fogRange.y - u_fogRange.x), 0.0, 1.0);
  o_color = vec4(mix(color, u_fogColor, fog), 1.0);
}
