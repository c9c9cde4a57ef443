#include <gtest/gtest.h>

#include "retrogait/model/model_loader.h"

using namespace retrogait;

TEST(Model, LoadsDefault) {
  auto m = loadModel(defaultModelFile());
  ASSERT_TRUE(m) << m.error();
  EXPECT_NEAR(m->totalMassKg(), 70.0, 1e-9);
}
