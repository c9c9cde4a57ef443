#pragma once
// The viewer's colours in one place. Right and left legs use the Okabe–Ito orange and blue,
// which stay distinguishable with the common colour-vision deficiencies and on projectors.

#include "retrogait/model/model.h"
#include "retrogait/scene/draw_list.h"

namespace retrogait::palette {

inline constexpr Rgba kRightLeg = rgbHex(0xE07B2A);
inline constexpr Rgba kLeftLeg = rgbHex(0x2F78BE);
inline constexpr Rgba kRightGrf = rgbHex(0xA8461A);  ///< darker than the leg, same hue
inline constexpr Rgba kLeftGrf = rgbHex(0x1D4E89);
inline constexpr Rgba kTrunk = rgbHex(0x8E9AA7);
inline constexpr Rgba kHead = rgbHex(0xE3D9CC);
inline constexpr Rgba kFace = rgbHex(0x5B5F66);
inline constexpr Rgba kJoint = rgbHex(0xF7F5F0);
inline constexpr Rgba kContactIdle = rgbHex(0x8A9099);
inline constexpr Rgba kContactActive = rgbHex(0x1FA37A);
inline constexpr Rgba kCom = rgbHex(0x23262E);
inline constexpr Rgba kComProjection = rgbHex(0x23262E, 0.55f);
inline constexpr Rgba kCop = rgbHex(0x23262E, 0.8f);
inline constexpr Rgba kPush = rgbHex(0xE63946);
inline constexpr Rgba kExtensorMoment = rgbHex(0x7B3294);  ///< extensor / plantarflexor
inline constexpr Rgba kFlexorMoment = rgbHex(0x1B9E5A);    ///< flexor / dorsiflexor
inline constexpr Rgba kJointContact = rgbHex(0xC0392B);
inline constexpr Rgba kPatellofemoral = rgbHex(0x8E2A6B);       ///< patella and its compression
inline constexpr Rgba kMuscleUnknown = rgbHex(0xB56576, 0.9f);  ///< no activation available
inline constexpr Rgba kGround = rgbHex(0xE8E3D9);
inline constexpr Rgba kGridMinor = rgbHex(0xCDC5B6);
inline constexpr Rgba kGridMajor = rgbHex(0xA99F8C);
inline constexpr Rgba kReference = rgbHex(0x6B7280);
inline constexpr Rgba kFall = rgbHex(0xD7263D);
inline constexpr Rgba kLabelText = rgbHex(0x1F2328);

/// Plot and badge colours of the first and second walker of a comparison.
inline constexpr Rgba kWalkerA = rgbHex(0x0F7B8A);
inline constexpr Rgba kWalkerB = rgbHex(0xC2185B);

inline Rgba side(Side s) {
  return s == Side::kRight ? kRightLeg : kLeftLeg;
}

/// Muscle activation colour scale, from relaxed (grey-blue) through amber to red (fully active).
inline constexpr std::array<Rgba, 3> kActivationStops = {rgbHex(0x9AA5B1), rgbHex(0xF2A541),
                                                         rgbHex(0xD7263D)};

/// Colour of activation a ∈ [0, 1] (clamped; NaN gives the "unknown" colour).
Rgba activationColor(double activation);

/// Linear blend a + t (b − a) of all four components.
Rgba mix(const Rgba& a, const Rgba& b, double t);

}  // namespace retrogait::palette
