#pragma once
// Zero-phase low-pass filtering of a uniformly sampled signal, the way OpenSim's inverse-dynamics
// tool filters the coordinates it reads (lowpass_cutoff_frequency_for_coordinates).
//
// What OpenSim does (opensim-core, read at commit 0435b081):
// - OpenSim/Tools/InverseDynamicsTool.cpp (run): the coordinate Storage is padded by half its
//   number of rows at each end (Storage::pad(getSize()/2)), then Storage::lowpassIIR(cutoff);
//   the padded rows stay in the Storage that the splines are fitted to.
// - OpenSim/Common/Storage.cpp (pad, lowpassIIR): every column is padded by Signal::Pad; if the
//   time step is not uniform the Storage is first resampled at its smallest step with degree-5
//   GCV splines; then each column goes through Signal::LowpassIIR.
// - OpenSim/Common/Signal.cpp: Pad reflects the signal about its end point and negates it
//   (x[-k] = 2·x[0] − x[k], x[N−1+k] = 2·x[N−1] − x[N−1−k]), which keeps the end value and the
//   end slope. LowpassIIR is a 3rd-order Butterworth low-pass designed by the bilinear transform
//   with the cutoff pre-warped (tan(π·fc/fs)), run forward, then over the reversed result, and
//   reversed back; it starts each pass by copying the first samples of its input to its output.
//   A cutoff at or above Nyquist is lowered to 0.49·fs with a warning.
//
// Ours is the same filter, written independently: the same 3rd-order Butterworth (a first-order
// and a second-order section), the same odd reflection by N/2 samples at each end, forward then
// backward. Two deliberate differences: each pass starts in the steady state of its first input
// sample (instead of copying three samples), so a constant passes exactly; and a cutoff at or
// above Nyquist is refused instead of lowered. Both start-ups differ only inside the padding,
// where the start transient decays (by the slowest pole's radius per sample) before the data.

#include <span>
#include <vector>

#include "retrogait/core/result.h"

namespace retrogait {

/// Order of the Butterworth low-pass of each pass (OpenSim's Signal::LowpassIIR).
inline constexpr int kLowpassPassOrder = 3;

/// Zero-phase Butterworth low-pass of a uniformly sampled signal, as OpenSim's ID tool filters
/// coordinates: the signal is padded at each end by N/2 samples reflected about the end sample
/// and negated (value and slope kept), filtered by a 3rd-order Butterworth low-pass (bilinear
/// transform, cutoff pre-warped) forward and then backward, and the padding is cut off again.
///
/// After the two passes the phase is zero and the magnitude is that of the 3rd-order filter
/// squared: |H(f)|² = 1 / (1 + (tan(π f/fs) / tan(π fc/fs))⁶). That is an effective order of 6
/// (36 dB per octave), a gain of exactly 0.5 (−6 dB) at cutoffHz, and −3 dB at
/// tan(π f/fs) = (√2 − 1)^(1/6) · tan(π fc/fs), i.e. ≈ 0.863 · cutoffHz when fc ≪ fs. OpenSim
/// does not correct the cutoff for the second pass; neither do we. The DC gain is 1, a constant
/// passes exactly and a straight line passes unchanged (the odd padding continues it); because
/// the padding is odd about each end sample and the two-pass response is symmetric, the output
/// passes through the first and last input samples (up to the decayed start transient).
///
/// Errors (message "lowpassZeroPhase: problem (allowed ...)"): fewer than 4 samples, a sample
/// that is not finite, sampleRateHz not finite and > 0, cutoffHz not in (0, sampleRateHz / 2).
/// @param signal samples at a uniform step 1 / sampleRateHz
/// @param sampleRateHz sampling rate [Hz]
/// @param cutoffHz cutoff of each pass (−3 dB of one pass, −6 dB of the result) [Hz]
/// @return the filtered signal, as long as `signal`
Result<std::vector<double>> lowpassZeroPhase(std::span<const double> signal, double sampleRateHz,
                                             double cutoffHz);

}  // namespace retrogait
