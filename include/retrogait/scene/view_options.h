#pragma once
// What the scene shows and how big: overlay switches and the scales that turn forces and moments
// into lengths and angles on screen. Plain data; presets (viewer_preset.h) and the viewer's
// overlay panel edit it.

#include "retrogait/scene/draw_list.h"

namespace retrogait {

struct ViewOptions {
  // Overlays, each switchable.
  bool showBodies = true;          ///< segments, joints, contact spheres; default on
  bool showGrf = true;             ///< ground reaction force arrow per foot; default on
  bool showCom = true;             ///< centre of mass and its ground projection; default on
  bool showMuscles = false;        ///< musculotendon paths coloured by activation; default off
  bool showJointContact = false;   ///< joint contact forces (needs the estimator); default off
  bool showJointMoments = false;   ///< net joint moment arcs; default off
  bool showPhaseBar = true;        ///< stance/swing bar per foot; default on
  bool showLabels = true;          ///< value labels (GRF in BW, captions); default on
  bool showSlopeReference = true;  ///< level line and grade label on inclines; default on

  // Scales.
  double grfMetersPerBw = 0.5;  ///< GRF arrow length per body weight [m/BW]; default 0.5
  double jointContactRingMetersPerBw = 0.012;  ///< ring radius per BW of contact force [m/BW]
  double jointContactArrowMetersPerBw = 0.04;  ///< contact arrow length per BW [m/BW]
  double momentRadPerNmPerKg = degToRad(120);  ///< arc sweep per N·m/kg [rad/(N·m/kg)]; 120°
  double maxMomentSweepRad = degToRad(300);    ///< arcs are capped at this sweep [rad]
  double minGrfDrawBw = 0.02;  ///< smaller GRF arrows are not drawn [BW]; default 0.02
  double maxGrfDrawBw = 3.0;   ///< longer GRF arrows are capped (label keeps the value) [BW]

  // Layout.
  /// Lateral spread of the legs for drawing, × the anatomical hip half-width (hip joint centres
  /// at ±0.0464 × height, OpenSim gait10dof18musc). 1 = anatomical; default 1.4 (easier to tell
  /// the legs apart in a side view).
  double legSpread = 1.4;
  double gridSpacingM = 0.5;      ///< ground grid spacing along the plane [m]; default 0.5
  double groundHalfLengthM = 30;  ///< [m]; default 30
  double groundHalfWidthM = 2.5;  ///< [m]; default 2.5

  /// Which side the viewer looks from: +1 from the right (+Z, the default camera), −1 from the
  /// left. GRF arrows are drawn on that side of each foot so the legs do not hide them.
  double viewerSide = 1;

  /// Accent colour of this walker in comparisons (caption badge, plot curves).
  Rgba accent = rgbHex(0x0F7B8A);
};

/// The anatomical lateral offset of the hip joint centres for a standing height [m]
/// (OpenSim gait10dof18musc: 0.0835 m at 1.80 m).
inline double hipHalfWidthM(double heightM) {
  return 0.0835 / 1.80 * heightM;
}

}  // namespace retrogait
