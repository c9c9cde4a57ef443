#pragma once
// How far a simulated walk is from a human one, as one number for the controller tuner and as
// a breakdown for people. Every term is a squared error normalised by a tolerance, so 1 means
// "off by the tolerance": speed 5 %, cadence 4 steps/min, stance 2 % of the cycle, joint-angle
// RMS 5 deg against the normative curves, GRF curve RMS 0.05 BW (vertical) and 0.03 BW (A-P),
// peak vertical GRF outside 1.05-1.35 BW by 0.05 BW, torque change per step 1 % of m g L (chatter).
// Above 100 a term grows logarithmically (it
// keeps ranking gaits without drowning the others). First of all, progress: a run that falls or
// covers less than 80 % of the commanded distance costs 10 000 plus 10 000 × the share of the
// distance not covered, so any walk ranks above any fall and shuffling in place is no refuge.
// When the muscle estimator runs, the metabolic cost of transport (× 2, minimised) and reserve
// torques above 10 N·m (((r - 10) / 10)²) are added: minimising metabolic energy is the principle
// of predictive gait simulation, applied alike to both directions. Kinematics and GRF enter only on
// level ground, where the normative data (forward walking, Schwartz et al. 2008) apply; backward
// walking is held to the time-reversed kinematics and the timing only.

#include <string>

#include "retrogait/sim/simulation.h"

namespace retrogait {

struct GaitCost {
  double total = 0;
  double progress = 0;  ///< share of the commanded distance covered [0, 1]
  double fall = 0, speed = 0, cadence = 0, stance = 0, grf = 0, tracking = 0, effort = 0,
         chatter = 0;
  double physiology = 0;  ///< cost of transport [J/(kg·m)] + reserve-torque penalty
  double costOfTransportJPerKgM = 0, reservePeakNm = 0;
  // The measures behind them.
  double meanSpeedMps = 0, cadenceStepsPerMin = 0, stanceFraction = 0, peakVerticalBw = 0;
  double stanceRight = 0, stanceLeft = 0;
  double hipRmsDeg = 0, kneeRmsDeg = 0, ankleRmsDeg = 0;
  double grfVerticalRmsBw = 0, grfApRmsBw = 0;
  double targetCadence = 0, targetStance = 0;
  std::string describe() const;
};

/// Target cadence [steps/min] for a command: the normative one at this speed forward; backward
/// walkers keep about the forward cadence of their preferred speed (taken as 1.5 × the backward
/// speed) with shorter strides.
double targetCadence(const ReferenceGait& atCommand, const ReferenceGait& forwardEquivalent,
                     Direction direction);

GaitCost computeGaitCost(const Simulation& sim);

/// The normative curve of a leg joint over the cycle [deg, clinical sign] for the commanded
/// direction (backward: the forward curve time-reversed, aligned at toe-off/contact).
std::array<double, 101> referenceCurveDeg(const ReferenceGait& gait, JointType joint,
                                          Direction direction);

}  // namespace retrogait
