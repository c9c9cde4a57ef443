// Zero-phase Butterworth low-pass (OpenSim's ID-tool coordinate filter): gains against the
// analytic two-pass response, zero phase, what the odd end padding does, the shipped knee angle,
// and the refusals.
//
// Tolerances come from the math: with the odd padding a line or an odd-symmetric end is exact
// except for the start transients, which decay by the slowest pole's radius r per sample over
// the N/2 samples of padding (slowestPoleRadius below: r ≈ 0.74 at fc/fs = 0.1, so r^75 ≈ 1e-10).

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <cstddef>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

#include "retrogait/core/lowpass_filter.h"
#include "retrogait/io/opensim_files.h"
#include "test_support.h"

namespace retrogait {
namespace {

constexpr double kPi = std::numbers::pi;

// Gain of the forward-backward 3rd-order Butterworth: |H|² of one pass.
double twoPassGain(double frequencyHz, double sampleRateHz, double cutoffHz) {
  const double ratio =
      std::tan(kPi * frequencyHz / sampleRateHz) / std::tan(kPi * cutoffHz / sampleRateHz);
  return 1.0 / (1.0 + std::pow(ratio, 6));
}

// Radius of the slowest digital pole (the complex pair s = −1/2 ± j√3/2 of the prototype).
double slowestPoleRadius(double sampleRateHz, double cutoffHz) {
  const double w = std::tan(kPi * cutoffHz / sampleRateHz);
  const std::complex<double> p(-0.5, std::sqrt(3.0) / 2.0);
  return std::abs((1.0 + w * p) / (1.0 - w * p));
}

std::vector<double> sine(std::size_t n, double sampleRateHz, double frequencyHz) {
  std::vector<double> x(n);
  for (std::size_t k = 0; k < n; ++k) {
    x[k] = std::sin(2.0 * kPi * frequencyHz * static_cast<double>(k) / sampleRateHz);
  }
  return x;
}

// Amplitude and phase of y ≈ A sin(2π f k / fs + φ) over samples [begin, end), which must hold a
// whole number of periods (then sin and cos are orthogonal on the window).
struct SineFit {
  double amplitude = 0.0;
  double phaseRad = 0.0;
};
SineFit fitSine(const std::vector<double>& y, double sampleRateHz, double frequencyHz,
                std::size_t begin, std::size_t end) {
  double a = 0.0, b = 0.0;
  for (std::size_t k = begin; k < end; ++k) {
    const double angle = 2.0 * kPi * frequencyHz * static_cast<double>(k) / sampleRateHz;
    a += y[k] * std::sin(angle);
    b += y[k] * std::cos(angle);
  }
  const double m = static_cast<double>(end - begin);
  return {std::hypot(a, b) * 2.0 / m, std::atan2(b, a)};
}

std::vector<double> filtered(const std::vector<double>& x, double sampleRateHz, double cutoffHz) {
  auto y = lowpassZeroPhase(x, sampleRateHz, cutoffHz);
  EXPECT_TRUE(y) << y.error();
  return y ? y.value() : std::vector<double>(x.size(), 0.0);
}

// The output has one value per input sample, for even, odd and minimal lengths.
TEST(Lowpass, OutputLengthEqualsInput) {
  for (std::size_t n : {4u, 5u, 17u, 151u, 1000u}) {
    const std::vector<double> x = sine(n, 100.0, 3.0);
    EXPECT_EQ(filtered(x, 100.0, 10.0).size(), n);
  }
}

// DC gain 1 and a constant padding: a constant comes out bit for bit, ends included.
TEST(Lowpass, ConstantPassesExactly) {
  for (std::size_t n : {4u, 151u}) {
    const std::vector<double> x(n, 3.7);
    const std::vector<double> y = filtered(x, 60.0, 6.0);
    for (std::size_t k = 0; k < n; ++k) EXPECT_EQ(y[k], 3.7) << "sample " << k;
  }
}

// The odd padding continues a straight line, and a zero-phase filter with DC gain 1 keeps a
// line: the ramp is kept everywhere, the first and last samples included (error ~ slope · r^75).
TEST(Lowpass, RampIsKeptToTheEnds) {
  const double fs = 60.0, fc = 6.0, slope = 2.0;
  ASSERT_LT(std::pow(slowestPoleRadius(fs, fc), 75), 1e-9);
  std::vector<double> x(151);
  for (std::size_t k = 0; k < x.size(); ++k) x[k] = 0.3 + slope * static_cast<double>(k) / fs;
  const std::vector<double> y = filtered(x, fs, fc);
  for (std::size_t k = 0; k < x.size(); ++k) EXPECT_NEAR(y[k], x[k], 1e-8) << "sample " << k;
}

// The padding is odd about each end sample and the two-pass response is symmetric, so the output
// goes through the first and last samples even where the signal is curved and noisy there
// (OpenSim's padding keeps the end samples unsmoothed), while the interior is smoothed.
TEST(Lowpass, EndsGoThroughTheEndSamples) {
  const double fs = 60.0, fc = 6.0;
  std::vector<double> x(151);
  for (std::size_t k = 0; k < x.size(); ++k) {
    const double t = static_cast<double>(k) / fs;
    x[k] = 1.0 + 0.5 * t * t + 0.2 * std::sin(2.0 * kPi * 25.0 * t + 0.3);
  }
  const std::vector<double> y = filtered(x, fs, fc);
  EXPECT_NEAR(y.front(), x.front(), 1e-7);
  EXPECT_NEAR(y.back(), x.back(), 1e-7);
  // The 25 Hz ripple (gain ~1e-4 after two passes) is gone in the interior.
  double maxInteriorChange = 0.0;
  for (std::size_t k = 30; k + 30 < x.size(); ++k) {
    maxInteriorChange = std::max(maxInteriorChange, std::abs(y[k] - x[k]));
  }
  EXPECT_GT(maxInteriorChange, 0.1);
}

// At 0.2 × cutoff the amplitude is kept (< 1 %, and as |H|² predicts) with zero phase: the fitted
// phase is far below one sample's 0.021 rad and the cross-correlation peaks at lag 0.
TEST(Lowpass, LowFrequencyPassesWithZeroPhase) {
  const double fs = 600.0, fc = 10.0, f = 0.2 * fc;
  const std::vector<double> x = sine(1200, fs, f);
  const std::vector<double> y = filtered(x, fs, fc);
  const SineFit fit = fitSine(y, fs, f, 300, 900);  // 1 s: two periods, ends excluded
  EXPECT_NEAR(fit.amplitude, 1.0, 0.01);
  EXPECT_NEAR(fit.amplitude, twoPassGain(f, fs, fc), 1e-5);
  EXPECT_NEAR(fit.phaseRad, 0.0, 1e-5);
  int bestLag = 999;
  double best = -1e300;
  for (int lag = -20; lag <= 20; ++lag) {
    double sum = 0.0;
    for (std::ptrdiff_t k = 300; k < 900; ++k) {
      sum += x[static_cast<std::size_t>(k)] * y[static_cast<std::size_t>(k + lag)];
    }
    if (sum > best) {
      best = sum;
      bestLag = lag;
    }
  }
  EXPECT_EQ(bestLag, 0);
}

// A symmetric pulse stays symmetric about its centre: zero phase at every frequency, not only
// for one sine.
TEST(Lowpass, SymmetricPulseStaysSymmetric) {
  const double fs = 200.0, fc = 8.0;
  std::vector<double> x(401);
  for (std::size_t k = 0; k < x.size(); ++k) {
    const double u = (static_cast<double>(k) - 200.0) / 6.0;
    x[k] = std::exp(-0.5 * u * u);
  }
  const std::vector<double> y = filtered(x, fs, fc);
  const auto peak = std::max_element(y.begin(), y.end()) - y.begin();
  EXPECT_EQ(peak, 200);
  for (std::size_t k = 0; k < 200; ++k) EXPECT_NEAR(y[k], y[400 - k], 1e-9) << "sample " << k;
}

// At the cutoff the two passes give exactly half the amplitude (−6 dB). At fc/fs = 0.1 that needs
// the pre-warped design: without it the gain would be 0.45.
TEST(Lowpass, HalfAmplitudeAtCutoff) {
  const double fs = 60.0, fc = 6.0;
  const std::vector<double> x = sine(600, fs, fc);
  const std::vector<double> y = filtered(x, fs, fc);
  const SineFit fit = fitSine(y, fs, fc, 150, 450);  // 5 s: 30 periods
  EXPECT_NEAR(twoPassGain(fc, fs, fc), 0.5, 1e-15);
  EXPECT_NEAR(fit.amplitude, 0.5, 0.005);
  EXPECT_NEAR(fit.phaseRad, 0.0, 1e-3);
}

// At 3 × cutoff the amplitude is what the analytic two-pass |H|² says (≈ 0.0013), within 3 %;
// a single pass (|H| ≈ 0.036) or a 2nd-order design (≈ 0.012) would be far off.
TEST(Lowpass, AttenuatesThreeTimesCutoffAsPredicted) {
  const double fs = 600.0, fc = 10.0, f = 3.0 * fc;
  const std::vector<double> x = sine(1200, fs, f);
  const std::vector<double> y = filtered(x, fs, fc);
  const SineFit fit = fitSine(y, fs, f, 300, 900);  // 30 periods
  const double expected = twoPassGain(f, fs, fc);
  EXPECT_GT(expected, 1.2e-3);
  EXPECT_LT(expected, 1.4e-3);
  EXPECT_NEAR(fit.amplitude / expected, 1.0, 0.03);
}

// The shipped 60 Hz knee angle at OpenSim's 6 Hz: measured joint angles are smooth, so the
// filtered curve stays within 2° of the raw one, keeps its end samples and is smoother.
TEST(Lowpass, ShippedKneeAngleStaysWithinTwoDegrees) {
  const auto table =
      readOpenSimTable(test::sourcePath("data/opensim_subject01/subject01_walk_IK.mot"));
  ASSERT_TRUE(table) << table.error();
  const auto knee = static_cast<std::size_t>(
      std::find(table->labels.begin(), table->labels.end(), "knee_angle_r") -
      table->labels.begin());
  ASSERT_LT(knee, table->labels.size());
  std::vector<double> raw, t;
  for (const auto& row : table->rows) {
    raw.push_back(row[knee]);
    t.push_back(row[0]);
  }
  const double fs = static_cast<double>(t.size() - 1) / (t.back() - t.front());
  ASSERT_NEAR(fs, 60.0, 1e-6);
  const std::vector<double> y = filtered(raw, fs, 6.0);
  ASSERT_EQ(y.size(), raw.size());
  double maxDiffDeg = 0.0, roughRaw = 0.0, roughFiltered = 0.0;
  for (std::size_t k = 0; k < raw.size(); ++k) {
    maxDiffDeg = std::max(maxDiffDeg, std::abs(y[k] - raw[k]));
    if (k >= 1 && k + 1 < raw.size()) {
      roughRaw += std::pow(raw[k + 1] - 2.0 * raw[k] + raw[k - 1], 2);
      roughFiltered += std::pow(y[k + 1] - 2.0 * y[k] + y[k - 1], 2);
    }
  }
  EXPECT_LT(maxDiffDeg, 2.0);
  EXPECT_GT(maxDiffDeg, 0.0);
  EXPECT_LT(roughFiltered, roughRaw);
  EXPECT_NEAR(y.front(), raw.front(), 1e-6);
  EXPECT_NEAR(y.back(), raw.back(), 1e-6);
}

// Bad input is an error naming the problem and what is allowed, never an empty vector.
TEST(Lowpass, RefusesBadInput) {
  const std::vector<double> x = sine(50, 60.0, 2.0);
  auto expectRefused = [](const Result<std::vector<double>>& r, const std::string& part) {
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().rfind("lowpassZeroPhase: ", 0), 0u) << r.error();
    EXPECT_NE(r.error().find(part), std::string::npos) << r.error();
  };
  expectRefused(lowpassZeroPhase(std::vector<double>{1.0, 2.0, 3.0}, 60.0, 6.0), "3 samples");
  expectRefused(lowpassZeroPhase({}, 60.0, 6.0), "at least 4");
  expectRefused(lowpassZeroPhase(x, 60.0, 0.0), "cutoffHz 0 ");
  expectRefused(lowpassZeroPhase(x, 60.0, -1.0), "cutoffHz -1 ");
  expectRefused(lowpassZeroPhase(x, 60.0, 30.0), "cutoffHz < 30");
  expectRefused(lowpassZeroPhase(x, 60.0, 45.0), "cutoffHz 45 ");
  expectRefused(lowpassZeroPhase(x, 60.0, std::nan("")), "cutoffHz");
  expectRefused(lowpassZeroPhase(x, 0.0, 6.0), "sampleRateHz 0 ");
  expectRefused(lowpassZeroPhase(x, std::numeric_limits<double>::infinity(), 6.0),
                "sampleRateHz inf");
  std::vector<double> withNan = x;
  withNan[7] = std::nan("");
  expectRefused(lowpassZeroPhase(withNan, 60.0, 6.0), "sample 7 ");
}

}  // namespace
}  // namespace retrogait
