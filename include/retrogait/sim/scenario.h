#pragma once
// What to simulate: direction, speed, incline, subject, duration, an optional push.

#include <optional>
#include <string>

#include "retrogait/control/gait_controller.h"
#include "retrogait/core/result.h"
#include "retrogait/model/model.h"

namespace retrogait {

/// Default fixed physics step [s]: see docs/physics.md for the convergence study behind it.
inline constexpr double kDefaultTimeStepS = 0.002;
inline constexpr double kMaxDurationS = 3600.0;

/// A horizontal push on the HAT centre of mass.
struct PushSpec {
  double forceN = 0;       ///< + toward +X (anterior), - toward -X [N]
  double startS = 0;       ///< onset [s]
  double durationS = 0.2;  ///< [s]; default 0.2
};

struct ScenarioSpec {
  GaitCommand command;                 ///< direction and speed
  double inclinePct = 0;               ///< grade [%]; + = the path of travel goes uphill
  double durationS = 10;               ///< simulated time [s]
  std::optional<SubjectSpec> subject;  ///< empty = the model file's default subject
  std::string modelFile;               ///< empty = models/walker9dof.json
  std::string controllerFile;          ///< empty = models/controller.json
  std::optional<ControllerParams> controllerParams;  ///< overrides controllerFile (tuning)
  std::optional<PushSpec> push;
  double timeStepS = kDefaultTimeStepS;
};

/// Checks ranges; the message names the option and the allowed range.
Status validateScenario(const ScenarioSpec& spec);

}  // namespace retrogait
