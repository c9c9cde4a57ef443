#pragma once
// A walk recorded in a gait lab, prepared for the estimator (io/recorded_walk_reader.h builds it
// from OpenSim files): per analysis sample, the filtered coordinates of our model with their
// derivatives, the measured ground reactions of both feet, and the ground reactions filtered
// like the coordinates (what the inverse dynamics uses). Plain data.
//
// Frames: samples are expressed in the frame in which the stance foot stands still (for a
// treadmill trial, the belt; overground, the lab): x' = x − frameVelocityMps · t. Dynamics are
// the same in both (the frames differ by a constant velocity), and gait speed and stride length
// become the body's travel in that frame.

#include <array>
#include <string>
#include <vector>

#include "retrogait/model/model.h"

namespace retrogait {

struct RecordedSample {
  double timeS = 0;
  VecQ q = VecQ::Zero();    ///< filtered coordinates, our order and OpenSim signs [m, rad]
  VecQ qd = VecQ::Zero();   ///< their first derivative (spline) [m/s, rad/s]
  VecQ qdd = VecQ::Zero();  ///< their second derivative (spline) [m/s², rad/s²]
  /// Measured ground reaction per foot (right, left) and centre of pressure [N, m]; the point is
  /// zero while the foot is unloaded. For gait events and the reported GRF.
  std::array<Vec2, 2> grf_W{Vec2::Zero(), Vec2::Zero()};
  std::array<Vec2, 2> cop_W{Vec2::Zero(), Vec2::Zero()};
  /// Ground reaction per foot filtered like the coordinates, as a force at a point of its line
  /// of action [N, m]: the inverse dynamics' input.
  std::array<Vec2, 2> idForce_W{Vec2::Zero(), Vec2::Zero()};
  std::array<Vec2, 2> idPoint_W{Vec2::Zero(), Vec2::Zero()};
};

/// How the walking speed was found.
enum class SpeedSource {
  kOption,      ///< given by the user (--speed)
  kStanceFoot,  ///< body velocity relative to the stance foot (treadmill or overground)
};
const char* speedSourceName(SpeedSource source);

struct RecordedWalk {
  std::vector<RecordedSample> samples;  ///< uniform in time
  double coordinateCutoffHz = 0;  ///< low-pass cutoff applied to the coordinates [Hz]; 0 = none
  double forceCutoffHz = 0;  ///< low-pass cutoff applied to the ground reactions [Hz]; 0 = none
  double sampleRateHz = 0;   ///< rate of `samples` [Hz]
  double motionRateHz = 0;   ///< rate of the coordinate file [Hz]
  double forceRateHz = 0;    ///< rate of the ground reaction file [Hz]
  /// Velocity of the lab relative to the frame of the samples, along X [m/s] (the belt speed of a
  /// treadmill trial, with its sign; about 0 overground).
  double frameVelocityMps = 0;
  double speedMps = 0;  ///< walking speed, magnitude [m/s]
  SpeedSource speedSource = SpeedSource::kStanceFoot;
  double travelSign = 1;          ///< +1 walking toward +X, −1 toward −X
  double lumbarExtensionRad = 0;  ///< mean lumbar_extension of the trial (0 if absent) [rad]
};

}  // namespace retrogait
