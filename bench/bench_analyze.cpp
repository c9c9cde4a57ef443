// The estimator on a recorded walk: OpenSim's subject01 trial (data/opensim_subject01/) read
// (readRecordedWalk: filter, splines, speed) and analysed (analyzeRecordedWalk: inverse dynamics,
// static optimization, joint contact, metabolics at every 600 Hz sample, then gait events and
// cycles) on the subject's own .osim model, as `retrogait analyze` does by default. The model is
// loaded once, outside the timed loop. Counters: rtf = recorded seconds per wall second,
// per_sample_us = wall time per analysed sample (read + analyse), analysis_per_sample_us = the
// analysis alone, samples and recorded_s per iteration.
//
//   ./build/release/bench/retrogait_bench --benchmark_filter=Analyze

#include <benchmark/benchmark.h>

#include <chrono>
#include <string>

#include "retrogait/analysis/walk_analysis.h"
#include "retrogait/io/osim_model.h"
#include "retrogait/io/recorded_walk_reader.h"

using namespace retrogait;

namespace {

std::string subjectFile(const std::string& name) {
  return std::string(RETROGAIT_DATA_DIR) + "/opensim_subject01/" + name;
}

}  // namespace

static void BM_AnalyzeSubject01(benchmark::State& state) {
  auto lumbar = readMeanLumbarExtensionRad(subjectFile("subject01_walk_IK.mot"));
  if (!lumbar) {
    state.SkipWithError(lumbar.error().c_str());
    return;
  }
  OsimLoadOptions options;
  options.lumbarExtensionRad = *lumbar;
  auto model = loadOsimModel(subjectFile("subject01.osim"), options);
  if (!model) {
    state.SkipWithError(model.error().c_str());
    return;
  }
  const RecordingFiles files{subjectFile("subject01_walk_IK.mot"),
                             subjectFile("subject01_walk_grf.mot"),
                             subjectFile("subject01_walk_grf.xml")};
  const EstimatorSpec spec;
  double recordedS = 0, samples = 0, totalS = 0, analysisS = 0;
  for (auto _ : state) {
    const auto begin = std::chrono::steady_clock::now();
    auto walk = readRecordedWalk(*model, files, RecordingOptions{});
    if (!walk || walk->samples.size() < 2) {
      state.SkipWithError(walk ? "no samples" : walk.error().c_str());
      return;
    }
    const auto start = std::chrono::steady_clock::now();
    const WalkAnalysis analysis = analyzeRecordedWalk(*model, *walk, spec);
    benchmark::DoNotOptimize(analysis.loads.metabolicPowerWPerKg);
    const auto end = std::chrono::steady_clock::now();
    analysisS += std::chrono::duration<double>(end - start).count();
    totalS += std::chrono::duration<double>(end - begin).count();
    const double n = static_cast<double>(walk->samples.size());
    recordedS += n / walk->sampleRateHz;
    samples += n;
  }
  state.counters["rtf"] = benchmark::Counter(recordedS, benchmark::Counter::kIsRate);
  state.counters["per_sample_us"] = samples > 0 ? 1e6 * totalS / samples : 0.0;
  state.counters["analysis_per_sample_us"] = samples > 0 ? 1e6 * analysisS / samples : 0.0;
  state.counters["samples"] = benchmark::Counter(samples, benchmark::Counter::kAvgIterations);
  state.counters["recorded_s"] = benchmark::Counter(recordedS, benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_AnalyzeSubject01)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);
