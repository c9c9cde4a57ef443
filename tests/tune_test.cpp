// The tuning instrument: CMA-ES on known functions, and the controller parameter file.

#include <gtest/gtest.h>

#include <fstream>

#include "retrogait/control/controller_params.h"
#include "retrogait/control/gait_reference.h"
#include "retrogait/core/json_view.h"
#include "retrogait/tune/cma_es.h"
#include "test_support.h"

using namespace retrogait;

TEST(CmaEs, MinimisesAShiftedEllipsoidInsideTheBox) {
  const Eigen::VectorXd optimum = (Eigen::VectorXd(6) << 0.2, 0.7, 0.5, 0.9, 0.35, 0.6).finished();
  auto f = [&](const Eigen::VectorXd& x) {
    double s = 0;
    for (int i = 0; i < x.size(); ++i)
      s += std::pow(10.0, i / 2.0) * std::pow(x[i] - optimum[i], 2);
    return s;
  };
  CmaEs cma(Eigen::VectorXd::Constant(6, 0.5), 0.2, 0, 7);
  double best = 1e9;
  for (int g = 0; g < 300; ++g) {
    const auto& xs = cma.ask();
    std::vector<double> costs;
    for (const auto& x : xs) costs.push_back(f(CmaEs::clip(x)) + CmaEs::boxPenalty(x));
    for (double c : costs) best = std::min(best, c);
    cma.tell(costs);
  }
  EXPECT_LT(best, 1e-10);
  EXPECT_LT((cma.mean() - optimum).norm(), 1e-4);
}

TEST(CmaEs, RespectsTheBoxWhenTheOptimumIsOutside) {
  // Optimum at x = 1.3 (outside): the clipped candidates must settle on the bound.
  CmaEs cma(Eigen::VectorXd::Constant(2, 0.5), 0.2, 0, 3);
  for (int g = 0; g < 150; ++g) {
    const auto& xs = cma.ask();
    std::vector<double> costs;
    for (const auto& x : xs) {
      const Eigen::VectorXd c = CmaEs::clip(x);
      costs.push_back((c.array() - 1.3).square().sum() + 100 * CmaEs::boxPenalty(x));
    }
    cma.tell(costs);
  }
  EXPECT_NEAR(CmaEs::clip(cma.mean())[0], 1.0, 1e-3);
  EXPECT_NEAR(CmaEs::clip(cma.mean())[1], 1.0, 1e-3);
}

TEST(ControllerParams, DefaultFileLoadsAndRoundTrips) {
  auto p = loadControllerParams(defaultControllerFile());
  ASSERT_TRUE(p) << p.error();
  auto again = parseControllerParams(controllerParamsToJson(p.value()), "roundtrip");
  ASSERT_TRUE(again) << again.error();
  for (const GaitParamInfo& info : gaitParamTable()) {
    EXPECT_NEAR(again->forward.*info.member, p->forward.*info.member, 1e-12) << info.key;
    EXPECT_NEAR(again->backward.*info.member, p->backward.*info.member, 1e-12) << info.key;
  }
}

TEST(ControllerParams, ErrorsNameTheKeyAndTheRange) {
  nlohmann::json doc = parseJsonFile(defaultControllerFile());
  doc["forward"]["torso_kp"] = 99;
  auto p = parseControllerParams(doc, "c.json");
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().rfind("c.json: forward.torso_kp: 99 is out of range (allowed", 0), 0u)
      << p.error();
  doc = parseJsonFile(defaultControllerFile());
  doc["backward"]["swing_hip_kp_typo"] = 1;
  p = parseControllerParams(doc, "c.json");
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().find("backward.swing_hip_kp_typo: unknown parameter"), std::string::npos)
      << p.error();
  doc = parseJsonFile(defaultControllerFile());
  doc["forward"].erase("role_blend_s");
  EXPECT_EQ(parseControllerParams(doc, "c.json").error(), "c.json: forward.role_blend_s: missing");
}

TEST(ControllerParams, EveryParameterIsDocumented) {
  std::ifstream in(retrogait::test::sourcePath("docs/controller.md"));
  ASSERT_TRUE(in);
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const GaitParamInfo& info : gaitParamTable()) {
    EXPECT_NE(doc.find(std::string("`") + info.key + "`"), std::string::npos) << info.key;
  }
}

TEST(GaitReference, InterpolatesSpeedGroupsAndScalesCadence) {
  auto ref = GaitReference::load(GaitReference::defaultFile());
  ASSERT_TRUE(ref) << ref.error();
  const double leg = 0.9;
  // At the Free group's dimensionless speed the reference is that group: cadence 0.5648 √(g/L)
  // steps/s, foot off at 59 % (Schwartz et al. 2008).
  const double vFree = 0.4294 * std::sqrt(kGravityMps2 * leg);
  const ReferenceGait g = ref->atSpeed(vFree, leg);
  EXPECT_NEAR(120.0 / g.strideTimeS, 60.0 * 0.5648 * std::sqrt(kGravityMps2 / leg), 1e-6);
  EXPECT_NEAR(g.footOffFraction, 0.59, 1e-9);
  // Peak swing knee flexion of the Free group is 59.1°; the curve is periodic and smooth.
  double peak = 0;
  for (int i = 0; i < 1000; ++i) peak = std::max(peak, -radToDeg(g.knee.value(i / 1000.0)));
  EXPECT_NEAR(peak, 59.1, 0.8);
  EXPECT_NEAR(g.knee.value(0.0), g.knee.value(1.0), 1e-12);
  // Slower speed: slower cadence, longer stance.
  const ReferenceGait slow = ref->atSpeed(0.6, leg);
  EXPECT_GT(slow.strideTimeS, g.strideTimeS);
  EXPECT_GT(slow.footOffFraction, g.footOffFraction);
  // Slope is the derivative of the value.
  const double h = 1e-6;
  EXPECT_NEAR(g.hip.slope(0.37), (g.hip.value(0.37 + h) - g.hip.value(0.37 - h)) / (2 * h), 1e-5);
}
