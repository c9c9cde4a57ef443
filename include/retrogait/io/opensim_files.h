#pragma once
// OpenSim Storage files (.mot / .sto, "version=1" text format) for kinematics, ground reaction
// forces, muscle activations and forces, readable by OpenSim 3.3 and 4.x:
//
//   <name>
//   version=1
//   nRows=<rows>
//   nColumns=<columns including time>
//   inDegrees=<yes|no>
//   endheader
//   time<TAB>label1<TAB>...
//   <t><TAB><v1><TAB>...
//
// Kinematics use the coordinate names and signs of gait10dof18musc (model.h): pelvis_tilt,
// pelvis_tx, pelvis_ty, hip_flexion_r, knee_angle_r, ankle_angle_r, hip_flexion_l, knee_angle_l,
// ankle_angle_l, lumbar_extension; angles in degrees (inDegrees=yes). pelvis_tx/ty are the
// OpenSim pelvis origin (our q holds the hip centre, so the writer subtracts the rotated hip
// offset); lumbar_extension is constant −uprightPelvisTilt because our HAT is one rigid body
// whose trunk is upright at that pelvis tilt.
//
// Ground reaction forces use the column names of OpenSim's gait10dof18musc example
// (subject01_walk_grf.xml): right foot ground_force_vx/vy/vz, ground_force_px/py/pz,
// ground_torque_x/y/z; left foot the same with the prefix "1_". Forces [N] on the foot, points
// (centre of pressure) [m] and torques [N·m] in the ground frame; the point is 0 and the force 0
// while a foot is unloaded. An ExternalLoads file whose ExternalForce "right" uses identifiers
// ground_force_v / ground_force_p / ground_torque_ (applied to calcn_r) and "left" uses
// 1_ground_force_v / 1_ground_force_p / 1_ground_torque_ (calcn_l) reads it as is.
//
// All writers go through writeFileAtomically (io/atomic_file.h).

#include <span>
#include <string>
#include <vector>

#include "retrogait/analysis/time_series.h"
#include "retrogait/core/result.h"
#include "retrogait/model/model.h"

namespace retrogait {

/// A Storage table: time in the first column.
struct OpenSimTable {
  std::string name;                       ///< first header line, e.g. "Coordinates"
  bool inDegrees = false;                 ///< value of the inDegrees header key
  std::vector<std::string> labels;        ///< column labels, "time" first
  std::vector<std::vector<double>> rows;  ///< each row has labels.size() values
};

/// Serialises a table in the Storage format (tab separated, 12 significant digits).
std::string formatOpenSimTable(const OpenSimTable& table);
/// Writes a table to `path` atomically. Error if a row's width differs from the labels.
Status writeOpenSimTable(const std::string& path, const OpenSimTable& table);
/// Parses a Storage file (header keys nRows, nColumns, inDegrees are checked against the data).
Result<OpenSimTable> readOpenSimTable(const std::string& path);
Result<OpenSimTable> parseOpenSimTable(const std::string& text, const std::string& sourceName);

/// Where the gait10dof18musc hip joint sits in its pelvis frame (hip_r location in parent), for
/// a model of `referenceHeightM`; scaled by the subject's height.
struct OpenSimPelvisSpec {
  Vec2 hipInPelvisM = Vec2(-0.0707, -0.0661);  ///< [m]; default gait10dof18musc
  double referenceHeightM = 1.8;               ///< height the offset belongs to [m]; default 1.8
};

/// Kinematics table (.mot) from recorded samples; OpenSim names and signs, degrees.
OpenSimTable makeKinematicsTable(const Model& model, std::span<const Sample> samples,
                                 const OpenSimPelvisSpec& pelvis = {});

/// Ground reaction force table (.mot) from recorded samples (per-foot force and COP).
OpenSimTable makeGroundReactionTable(std::span<const Sample> samples);

/// Per-muscle table (.sto): `values` is row-major, model.muscles.size() values per time.
/// `name` e.g. "StaticOptimization_activation" or "StaticOptimization_force".
OpenSimTable makeMuscleTable(const Model& model, const std::string& name,
                             std::span<const double> timeS, std::span<const double> values);

}  // namespace retrogait
