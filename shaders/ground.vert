#version 330 core
// The ground quad. Plane coordinates and the eye depth are linear over the quad, so they are
// computed here and interpolated exactly (cheaper than per pixel in a software rasterizer).
layout(location = 0) in vec3 a_position;  // world
uniform mat4 u_viewProj;
uniform vec3 u_tangent;
uniform vec3 u_lateral;
uniform vec3 u_eye;
uniform vec3 u_forward;  // unit view direction
out vec2 v_uv;           // along the slope, across [m]
out float v_depth;       // distance in front of the eye [m]
void main() {
  v_uv = vec2(dot(a_position, u_tangent), dot(a_position, u_lateral));
  v_depth = dot(a_position - u_eye, u_forward);
  gl_Position = u_viewProj * vec4(a_position, 1.0);
}
