#version 330 core
in vec2 v_corner;
in float v_strength;
uniform vec3 u_color;  // sRGB
out vec4 o_color;
void main() {
  float d = length(v_corner);
  float a = 1.0 - smoothstep(0.0, 1.0, d);
  o_color = vec4(u_color, v_strength * a * a);
}
