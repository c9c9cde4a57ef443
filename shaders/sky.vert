#version 330 core
// Background: a vertical gradient from a pale horizon (lower 30 %) to a light sky blue, as a
// strip of 6 vertices without vertex data (colours interpolated by the rasterizer).
uniform vec3 u_top;      // sRGB
uniform vec3 u_horizon;  // sRGB
out vec3 v_color;
void main() {
  const float ys[3] = float[3](0.0, 0.3, 1.0);
  float y = ys[gl_VertexID / 2];
  float x = float(gl_VertexID % 2);
  v_color = y < 0.5 ? u_horizon : u_top;
  gl_Position = vec4(x * 2.0 - 1.0, y * 2.0 - 1.0, 1.0, 1.0);
}
