#pragma once
// How far a simulated walk is from a human one, as one number for the controller tuner and as
// a breakdown for people. Every term is a squared error normalised by a tolerance, so 1 means
// "off by the tolerance": speed 5 %, cadence 4 steps/min, stance 2 % of the cycle, peak vertical
// GRF outside 1.05-1.35 BW by 0.05 BW, joint-angle RMS 5 deg against the normative curves.
// A fall costs 100 plus 100 × the share of the run not walked, more than any walking gait.

#include <string>

#include "retrogait/sim/simulation.h"

namespace retrogait {

struct GaitCost {
  double total = 0;
  double fall = 0, speed = 0, cadence = 0, stance = 0, grf = 0, tracking = 0, effort = 0;
  // The measures behind them.
  double meanSpeedMps = 0, cadenceStepsPerMin = 0, stanceFraction = 0, peakVerticalBw = 0;
  double hipRmsDeg = 0, kneeRmsDeg = 0, ankleRmsDeg = 0;
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
