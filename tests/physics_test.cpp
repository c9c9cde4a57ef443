#include <gtest/gtest.h>

#include "retrogait/model/kinematics.h"
#include "retrogait/model/model_loader.h"
#include "retrogait/physics/physics_world.h"

using namespace retrogait;

namespace {
Model defaultModel() {
  auto m = loadModel(defaultModelFile());
  EXPECT_TRUE(m) << m.error();
  return m.value();
}
VecQ someConfiguration() {
  VecQ q;
  q << 0.3, 1.5, -0.2, 0.5, -0.8, 0.2, -0.3, -0.1, -0.25;
  return q;
}
}  // namespace

TEST(Physics, BulletPosesMatchOurKinematics) {
  const Model model = defaultModel();
  auto world = PhysicsWorld::create(model, PhysicsSpec{});
  ASSERT_TRUE(world) << world.error();
  const VecQ q = someConfiguration();
  (*world)->reset(q, VecQ::Zero());
  const SegmentPoses ours = computePoses(model, q);
  for (int i = 0; i < kNumSegments; ++i) {
    const SegmentPoseCheck b = (*world)->bulletPose(i);
    EXPECT_NEAR(wrapAngle(b.angleRad - ours[i].angleRad), 0.0, 1e-9) << model.segments[i].name;
    EXPECT_NEAR((b.origin_W - ours[i].origin_W).norm(), 0.0, 1e-9) << model.segments[i].name;
  }
  // Read back through Bullet's joint state.
  EXPECT_NEAR(((*world)->q() - q).norm(), 0.0, 1e-12);
}
