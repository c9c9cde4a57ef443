#version 330 core
// World-space triangles batched on the CPU (position, normal, sRGB colour per vertex). In the
// shadow pass the position is projected onto the ground along the light.

layout(location = 0) in vec3 a_position;
layout(location = 1) in vec3 a_normal;
layout(location = 2) in vec4 a_color;

uniform mat4 u_viewProj;
uniform mat4 u_shadow;
uniform bool u_shadowPass;
uniform vec3 u_eye;
uniform vec2 u_fogRange;  // start, end [m]

out float v_fog;
out vec3 v_world;
out vec3 v_normal;
out vec4 v_color;

void main() {
  vec4 world = vec4(a_position, 1.0);
  if (u_shadowPass) {
    world = u_shadow * world;
    world /= world.w;
  }
  v_world = world.xyz;
  v_normal = a_normal;
  v_color = a_color;
  v_fog = clamp((length(world.xyz - u_eye) - u_fogRange.x) / (u_fogRange.y - u_fogRange.x), 0.0, 1.0);
  gl_Position = u_viewProj * world;
}
