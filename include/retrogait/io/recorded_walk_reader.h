#pragma once
// Reads a recorded walk from OpenSim files for `retrogait analyze`: an inverse-kinematics .mot
// with the gait10dof18musc coordinates (pelvis_tilt, pelvis_tx, pelvis_ty, hip_flexion_r/l,
// knee_angle_r/l, ankle_angle_r/l; lumbar_extension optional; our own kinematics.mot has the
// same), and a ground-reaction .mot with force, centre of pressure and (optionally) torque per
// force plate, mapped to the feet by an ExternalLoads .xml or, without one, by column prefixes
// (r_/l_ or _r/_l) or else by which foot stands over each plate's centre of pressure.
//
// Processing, as OpenSim's inverse-dynamics tool does it and consistent between motion and
// forces (Kristianslund et al. 2012: unequal cutoffs make heel-strike artefacts in the joint
// moments):
// - coordinates: zero-phase Butterworth low-pass (core/lowpass_filter.h) at `coordinateCutoffHz`,
//   then natural cubic splines for the values and their first and second derivatives;
// - ground reactions: the force and its moment about the lab origin (which carries the centre of
//   pressure and the free torque) filtered with the same low-pass at `forceCutoffHz` (default:
//   the coordinates' cutoff), and the point of application recovered on the plate's plane; the
//   unfiltered force and centre of pressure are kept for gait events and the reported GRF;
// - samples on the time grid of the faster file, over the time both files cover (the whole trial:
//   no warm-up window is dropped).
// Speed: from `speedMps` when given; otherwise the body's velocity relative to the stance foot
// (the foot's ankle between 20 % and 50 % of each complete stance, when it stands flat), so a
// treadmill trial (pelvis nearly still, the foot moving back with the belt) and an overground
// trial are treated alike. Samples are then expressed in the stance foot's frame
// (recorded_walk.h).
//
// Errors name the file and what was expected, e.g. "IK.mot: column 'knee_angle_r' is missing (a
// gait10dof18musc motion needs pelvis_tilt, pelvis_tx, ...)".

#include <optional>
#include <string>

#include "retrogait/analysis/recorded_walk.h"
#include "retrogait/core/result.h"
#include "retrogait/model/model.h"

namespace retrogait {

struct RecordingFiles {
  std::string motionFile;    ///< IK coordinates (.mot)
  std::string grfFile;       ///< ground reactions (.mot)
  std::string grfSetupFile;  ///< ExternalLoads (.xml); empty: map by column names / position
};

struct RecordingOptions {
  /// Low-pass cutoff for the coordinates [Hz]; ≤ 0: no filter. Default 6 Hz, the cutoff of
  /// OpenSim's inverse-dynamics setup for the subject01 trial (walk_Setup_ID.xml).
  double coordinateCutoffHz = 6.0;
  /// Low-pass cutoff for the ground reactions [Hz]; default: the coordinates' cutoff.
  std::optional<double> forceCutoffHz;
  /// Walking speed [m/s] (magnitude); default: measured from the stance foot.
  std::optional<double> speedMps;
};

/// Mean of the motion file's lumbar_extension column [rad] (0 when the column is absent): the
/// back angle at which a .osim model's torso is fused to the pelvis.
Result<double> readMeanLumbarExtensionRad(const std::string& motionFile);

/// Reads, filters and differentiates a recorded walk for `model`.
Result<RecordedWalk> readRecordedWalk(const Model& model, const RecordingFiles& files,
                                      const RecordingOptions& options);

}  // namespace retrogait
