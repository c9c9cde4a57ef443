#version 330 core
// Soft contact shadows: a small quad on the ground under each foot point, instanced.
layout(location = 0) in vec2 a_corner;     // [-1, 1]^2
layout(location = 1) in vec4 i_centerRadius;  // centre on the ground (xyz), radius (w)
layout(location = 2) in float i_strength;     // darkness at the centre [0, 1]
uniform mat4 u_viewProj;
uniform vec3 u_tangent;
uniform vec3 u_lateral;
uniform vec3 u_normal;
out vec2 v_corner;
out float v_strength;
void main() {
  vec3 p = i_centerRadius.xyz +
           (a_corner.x * u_tangent + a_corner.y * u_lateral) * i_centerRadius.w + 0.002 * u_normal;
  v_corner = a_corner;
  v_strength = i_strength;
  gl_Position = u_viewProj * vec4(p, 1.0);
}
