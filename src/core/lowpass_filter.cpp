#include "retrogait/core/lowpass_filter.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <string>

namespace retrogait {

namespace {

// Fewest samples accepted: one more than the order of a pass.
constexpr std::size_t kMinSamples = kLowpassPassOrder + 1;

// y = (b0 + b1 z⁻¹ + b2 z⁻²) / (1 + a1 z⁻¹ + a2 z⁻²) x, transposed direct form II.
struct Section {
  double b0 = 1.0, b1 = 0.0, b2 = 0.0;  ///< numerator
  double a1 = 0.0, a2 = 0.0;            ///< denominator (a0 = 1)
};

// The 3rd-order Butterworth low-pass as two sections. With the pre-warped cutoff
// w = tan(π fc / fs) and s = (1/w)(1 − z⁻¹)/(1 + z⁻¹), the analog prototype
// 1 / ((s + 1)(s² + s + 1)) becomes a first-order and a second-order section.
std::array<Section, 2> designButterworth3(double sampleRateHz, double cutoffHz) {
  const double w = std::tan(std::numbers::pi * cutoffHz / sampleRateHz);
  std::array<Section, 2> sections;
  // (s + 1): w (1 + z⁻¹) / ((1 + w) + (w − 1) z⁻¹)
  const double d1 = 1.0 + w;
  sections[0] = {w / d1, w / d1, 0.0, (w - 1.0) / d1, 0.0};
  // (s² + s + 1): w² (1 + z⁻¹)² / ((1 + w + w²) + 2 (w² − 1) z⁻¹ + (1 − w + w²) z⁻²)
  const double w2 = w * w;
  const double d2 = 1.0 + w + w2;
  sections[1] = {w2 / d2, 2.0 * w2 / d2, w2 / d2, 2.0 * (w2 - 1.0) / d2, (1.0 - w + w2) / d2};
  return sections;
}

// One causal pass over `data` in place, started in the steady state of a constant input equal
// to data[0]: the filters (DC gain 1) run on data − data[0] from rest.
void filterPass(const std::array<Section, 2>& sections, std::vector<double>& data) {
  const double base = data.front();
  for (double& v : data) v -= base;
  for (const Section& s : sections) {
    double z1 = 0.0, z2 = 0.0;
    for (double& v : data) {
      const double y = s.b0 * v + z1;
      z1 = s.b1 * v - s.a1 * y + z2;
      z2 = s.b2 * v - s.a2 * y;
      v = y;
    }
  }
  for (double& v : data) v += base;
}

Error inputError(const std::string& what) {
  return Error{"lowpassZeroPhase: " + what};
}

// Shortest decimal text that reads back as `v`, for messages.
std::string numberText(double v) {
  char buffer[32];
  const auto res = std::to_chars(buffer, buffer + sizeof buffer, v);
  return std::string(buffer, res.ptr);
}

}  // namespace

Result<std::vector<double>> lowpassZeroPhase(std::span<const double> signal, double sampleRateHz,
                                             double cutoffHz) {
  // Preconditions: enough finite samples, a rate, a cutoff strictly inside (0, Nyquist).
  const std::size_t n = signal.size();
  if (n < kMinSamples) {
    return inputError(std::to_string(n) + " samples (allowed: at least " +
                      std::to_string(kMinSamples) + ")");
  }
  if (!std::isfinite(sampleRateHz) || sampleRateHz <= 0.0) {
    return inputError("sampleRateHz " + numberText(sampleRateHz) + " (allowed: finite and > 0)");
  }
  const double nyquistHz = 0.5 * sampleRateHz;
  if (!std::isfinite(cutoffHz) || cutoffHz <= 0.0 || cutoffHz >= nyquistHz) {
    return inputError("cutoffHz " + numberText(cutoffHz) + " (allowed: 0 < cutoffHz < " +
                      numberText(nyquistHz) + ", half of sampleRateHz " + numberText(sampleRateHz) +
                      ")");
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(signal[i])) {
      return inputError("sample " + std::to_string(i) + " is " + numberText(signal[i]) +
                        " (allowed: finite numbers)");
    }
  }

  // Pad N/2 samples at each end, reflected about the end sample and negated (OpenSim's pad).
  const std::size_t pad = n / 2;
  std::vector<double> data(n + 2 * pad);
  const double first = signal.front(), last = signal.back();
  for (std::size_t k = 1; k <= pad; ++k) {
    data[pad - k] = 2.0 * first - signal[k];
    data[pad + n - 1 + k] = 2.0 * last - signal[n - 1 - k];
  }
  std::copy(signal.begin(), signal.end(), data.begin() + static_cast<std::ptrdiff_t>(pad));

  // Forward pass, backward pass (on the reversed sequence), then back in order.
  const std::array<Section, 2> sections = designButterworth3(sampleRateHz, cutoffHz);
  filterPass(sections, data);
  std::reverse(data.begin(), data.end());
  filterPass(sections, data);
  std::reverse(data.begin(), data.end());

  // Cut the padding off.
  const auto begin = data.begin() + static_cast<std::ptrdiff_t>(pad);
  return std::vector<double>(begin, begin + static_cast<std::ptrdiff_t>(n));
}

}  // namespace retrogait
