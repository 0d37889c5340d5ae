// Finite-rate-of-innovation step of the two-layer TEM recovery (Adam 2022, docs/tem.md).
// An output neuron of the second layer integrates y(t) = b + Σ_n a_n φ(t - τ_n) (φ: the
// Dirichlet kernel, dirichlet.hpp), so y - b = (1/T) Σ_{|m|<=M} c[m] e^{i2πmt/T} with
//   c[m] = Σ_n a_n u_n^m,  u_n = e^{-i2πτ_n/T}.
// (1) Every output spike interval [t_k, t_k+1] gives one real linear equation in the
//     2M + 1 real numbers behind c (c[0], Re c[m], Im c[m] for m = 1..M; c[-m] = conj c[m]):
//     ∫ (y - b) = θ - b (t_k+1 - t_k).  fourier_coefficients() solves them.
// (2) The c of several outputs driven by the same spikes share the u_n: an annihilating
//     filter h (h * c = 0, its polynomial's roots are the u_n) found as the null vector of
//     the stacked Toeplitz systems gives the τ_n; a Vandermonde least squares gives a_n per
//     output. annihilate() does it. Needs M >= K (K spikes in the period).
#pragma once

#include <string>
#include <vector>

#include <Eigen/Dense>

#include "tem/dirichlet.hpp"

namespace nmx::tem {

// Fourier coefficients c[m] of one output over one period, stored c(m + M) for m = -M..M.
struct FourierFit {
  Eigen::VectorXcd c;
  size_t intervals = 0;  // equations used (= output spikes, since v starts at 0)
  int rank = 0;          // of the interval system; full = 2M + 1
  double residual_rms = 0;
};

// spikes: ascending output spike times in [0, T]; bias b and threshold θ of that output.
// Throws InputError (starting with `context`) when there are fewer than 2M + 1 intervals
// or the system is rank deficient (singular values below rank_tol * the largest).
FourierFit fourier_coefficients(const std::vector<double>& spikes, double bias, double theta,
                                const DirichletKernel& kernel, const std::string& context, double rank_tol = 1e-10);

// Inverse direction (tests, checks): c[m] = Σ_n a_n e^{-i2πmτ_n/T}.
Eigen::VectorXcd dirac_coefficients(const std::vector<double>& times, const std::vector<double>& amps,
                                    const DirichletKernel& kernel);

struct DiracFit {
  std::vector<double> times;   // τ_n in [0, T), ascending
  Eigen::MatrixXd amps;        // channels x K, real parts of the Vandermonde solution
  std::vector<double> singular_values;  // of the stacked Toeplitz matrix with M + 1 columns, descending
  int count = 0;               // K used
  bool estimated = false;      // K from the singular-value gap (else given)
  double unit_circle_error = 0;  // max | |u_n| - 1 | before projecting the roots onto the circle
  double residual = 0;         // ||V a - c|| / ||c|| over all channels (consistency of the model)
  double imag_fraction = 0;    // ||Im a|| / ||a||: should be ~0, amplitudes are real
};

struct AnnihilateOptions {
  int count = -1;         // K if known; -1: estimate it from the singular values
  // K = the k in 1..M with the largest gap σ_k / σ_k+1, accepted if that gap >= min_gap
  // (noise-free the gap at K is ~1e10 or more; output-time jitter shrinks it).
  double min_gap = 100;
};

// coeffs: one Fourier vector per channel (as FourierFit::c, all with the same M).
// Throws InputError when K cannot be found (all coefficients 0, or no gap: more than M
// spikes, or noise above the smallest spike's singular value) or a given K is not in 1..M.
DiracFit annihilate(const std::vector<Eigen::VectorXcd>& coeffs, const DirichletKernel& kernel,
                    const AnnihilateOptions& opt = {});

}  // namespace nmx::tem
