#include "retrogait/report/run_set.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <thread>

#include "retrogait/model/model_loader.h"
#include "retrogait/report/markdown.h"

namespace retrogait {

namespace {
std::string fnv1a64(const std::string& text) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

RunResult runOnce(const RunRequest& request, const std::function<void(double)>& onProgress) {
  RunResult r;
  r.request = request;
  auto created = Simulation::create(request.spec);
  if (!created) {
    r.error = created.error();
    r.attempts.push_back({request.spec.command.speedMps, kNaN, false});
    return r;
  }
  std::shared_ptr<Simulation> owned = std::move(created.value());
  Simulation& sim = *owned;
  sim.run(onProgress);
  r.outcome = sim.outcome();
  r.gait = sim.summarizeGait();
  r.loads = sim.summarizeLoads();
  for (const MuscleDemand& m : r.loads.muscles) {
    const bool known = m.muscle >= 0 && m.muscle < static_cast<int>(sim.model().muscles.size());
    r.muscleNames.push_back(known ? sim.model().muscles[static_cast<std::size_t>(m.muscle)].name
                                  : "muscle_" + std::to_string(m.muscle));
  }
  const std::vector<GaitCycle> cycles = sim.analysedCycles();
  r.curveCycles = static_cast<int>(cycles.size());
  r.curves = computeRightLegCycleCurves(sim.model(), sim.series(), sim.analysis(), cycles,
                                        travelSign(request.spec.command.direction));
  r.massKg = sim.model().totalMassKg();
  r.legLengthM = sim.model().legLengthM;
  r.basalWPerKg = sim.estimatorSpec().metabolics.basalWPerKg;
  r.attempts.push_back(
      {request.spec.command.speedMps, r.gait.cycles > 0 ? r.gait.meanSpeedMps : kNaN, r.usable()});
  if (request.keepSimulation) r.simulation = std::move(owned);
  return r;
}
// Runs a request; with a target speed, recalibrates the command until the walk achieves it.
RunResult runOne(const RunRequest& request, const std::function<void(double)>& onProgress) {
  RunResult best = runOnce(request, onProgress);
  if (request.targetSpeedMps <= 0) return best;
  const bool forward = request.spec.command.direction == Direction::kForward;
  const double lo = forward ? kMinForwardSpeedMps : kMinBackwardSpeedMps;
  const double hi = forward ? kMaxForwardSpeedMps : kMaxBackwardSpeedMps;
  RunResult last = best;
  std::vector<SpeedAttempt> attempts = best.attempts;
  for (int k = 0; k < kMaxSpeedCalibrations; ++k) {
    const double err = last.speedError();
    if (!last.usable() || !std::isfinite(err) || std::abs(err) <= kSpeedCalibrationTolerance) break;
    RunRequest again = request;
    const double command = std::clamp(last.request.spec.command.speedMps / (1.0 + err), lo, hi);
    if (std::abs(command - last.request.spec.command.speedMps) < 1e-3) break;  // at the range end
    again.spec.command.speedMps = command;
    last = runOnce(again, onProgress);
    attempts.push_back(last.attempts.front());
    const double e = last.speedError();
    if (last.usable() && std::isfinite(e) && std::abs(e) < std::abs(best.speedError())) best = last;
  }
  best.attempts = std::move(attempts);
  return best;
}
}  // namespace

Result<ReportInputs> loadReportInputs(const std::string& modelFile,
                                      const std::string& controllerFile,
                                      const std::string& referenceDirectory) {
  ReportInputs in;
  in.modelFile = modelFile.empty() ? defaultModelFile() : modelFile;
  in.controllerFile = controllerFile.empty() ? defaultControllerFile() : controllerFile;
  auto model = loadModel(in.modelFile);
  if (!model) return Error{model.error()};
  in.model = std::move(model.value());
  auto params = loadControllerParams(in.controllerFile);
  if (!params) return Error{params.error()};
  in.controller = params.value();
  in.controllerDigest = fnv1a64(controllerParamsToJson(in.controller).dump());
  auto reference = loadReferenceData(referenceDirectory.empty() ? defaultReferenceDirectory()
                                                                : referenceDirectory);
  if (!reference) return Error{reference.error()};
  in.reference = std::move(reference.value());
  return in;
}

ScenarioSpec makeReportScenario(const ReportInputs& inputs, Direction direction, double speedMps,
                                double inclinePct, double durationS) {
  ScenarioSpec spec;
  spec.command.direction = direction;
  spec.command.speedMps = speedMps;
  spec.inclinePct = inclinePct;
  spec.durationS = durationS;
  spec.modelFile = inputs.modelFile;
  spec.controllerFile = inputs.controllerFile;
  spec.controllerParams = inputs.controller;
  return spec;
}

double RunResult::speedError() const {
  if (!error.empty() || gait.cycles <= 0) return kNaN;
  const double want =
      request.targetSpeedMps > 0 ? request.targetSpeedMps : request.spec.command.speedMps;
  return want > 0 ? (gait.meanSpeedMps - want) / want : kNaN;
}

bool RunResult::speedMet() const {
  const double e = speedError();
  return std::isfinite(e) && std::abs(e) <= kSpeedCalibrationTolerance;
}

bool RunResult::usable() const {
  return exclusionReason().empty();
}

std::string RunResult::exclusionReason() const {
  if (!error.empty()) return "could not start: " + error;
  if (outcome.fell) {
    return "fell at " + formatFixed(outcome.fallTimeS, 2) + " s (" + outcome.fallReason + ")";
  }
  if (curveCycles < kMinReportCycles) {
    return "only " + std::to_string(curveCycles) + " complete gait cycles (needs " +
           std::to_string(kMinReportCycles) + ")";
  }
  return "";
}

const MuscleDemand* RunResult::muscle(const std::string& name) const {
  for (std::size_t k = 0; k < muscleNames.size() && k < loads.muscles.size(); ++k) {
    if (muscleNames[k] == name) return &loads.muscles[k];
  }
  return nullptr;
}

const CycleCurve* RunResult::curve(const std::string& name) const {
  for (const NamedCycleCurve& c : curves) {
    if (c.name == name) return &c.curve;
  }
  return nullptr;
}

std::vector<RunResult> runReportScenarios(const std::vector<RunRequest>& requests, int threads,
                                          const std::function<void(double)>& progress) {
  std::vector<RunResult> results(requests.size());
  if (requests.empty()) return results;
  // Progress: each run's simulated time done, summed over the runs, as a share of the total.
  std::vector<double> done(requests.size(), 0.0);
  double total = 0;
  for (const RunRequest& r : requests) total += std::max(1e-9, r.spec.durationS);
  std::mutex mutex;
  auto report = [&](std::size_t i, double fraction) {
    if (!progress) return;
    std::lock_guard lock(mutex);
    done[i] = fraction * std::max(1e-9, requests[i].spec.durationS);
    double sum = 0;
    for (double d : done) sum += d;
    progress(std::min(1.0, sum / total));
  };
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < requests.size(); i = next++) {
      results[i] = runOne(requests[i], [&, i](double f) { report(i, f); });
      report(i, 1.0);
    }
  };
  const int n = std::max(1, std::min(threads, static_cast<int>(requests.size())));
  std::vector<std::thread> pool;
  for (int t = 1; t < n; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();
  return results;
}

}  // namespace retrogait
