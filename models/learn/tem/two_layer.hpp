// Two-layer TEM network and its recovery from input signals and output spike times only
// (docs/tem.md; Adam 2022, the paper's 2 -> 2 -> 4 experiment; docs/tem-two-layer.md).
//   hidden h:  perfect IF, dv/dt = W1[h,:]·x(t) + b1_h, threshold θ1_h (tem_encoder.hpp)
//   output j:  perfect IF, dv/dt = y_j(t) = b2_j + Σ_h W2[j,h] Σ_n φ(t - τ_hn), threshold θ2_j,
// φ the T-periodic Dirichlet kernel with M harmonics (dirichlet.hpp), T = the signal length.
// The learner knows x, the output spikes, all b, θ, T and M; not W1, W2 or the hidden spikes.
// Recovery: per example and output the Fourier coefficients of y_j - b2_j from the spike
// intervals, an annihilating filter over the 4 outputs for the hidden spike times and their
// amplitude vectors (fri.hpp), k-means (k = 2) on the amplitudes to tell the hidden neurons
// apart (kmeans.hpp), then least squares per layer (layer 1 as tem::fit; layer 2 from the
// integrals of φ over the output intervals, linear in W2[j,:]).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "tem/dirichlet.hpp"
#include "tem/signal.hpp"
#include "tem/tem_fit.hpp"

namespace nmx::tem {

struct TwoLayerSpec {
  uint32_t inputs = 2, hidden = 2, outputs = 4;
  uint32_t steps = 200;          // T, timesteps: signal length and kernel period
  int harmonics = 10;            // M; the FRI step needs M >= hidden spikes per example
  uint32_t tones = 4;            // input signal: sinusoids per channel ...
  double max_freq = 0.01;        // ... up to this many cycles per step
  double hidden_spikes = 3;      // θ1 so a hidden neuron fires about this often per example ...
  // ... times 1 - spread/2 for the first and 1 + spread/2 for the last hidden neuron: with
  // equal rates both bias-dominated neurons fire at nearly the same times (~T/3, 2T/3),
  // which merges their spikes as soon as the output times carry any noise.
  double hidden_rate_spread = 0.4;
  double output_spikes = 50;     // θ2 so an output fires about this often (>= 2M + 1 needed)
  double min_drive = 0.5;        // b1 keeps W1·x + b1 >= this for x in [0, 1]; b2 likewise
  uint64_t seed = 1;
};

struct TwoLayerNet {
  Eigen::MatrixXd w1;  // hidden x inputs, uniform in [-1, 1]
  Eigen::MatrixXd w2;  // outputs x hidden, uniform in [-1, 1]
  std::vector<double> b1, theta1, b2, theta2;
  DirichletKernel kernel;
};

// b2_j = min_drive + Σ_h |W2[j,h]| (2M + 1)/T: one spike's side lobes (>= -0.22 (2M+1)/T)
// cannot pull y_j below min_drive; only several aligned side lobes could (forward reports it).
TwoLayerNet make_two_layer_teacher(const TwoLayerSpec& spec);
// Replaces W2 (outputs x hidden) and re-derives b2 and θ2 as above (failure studies).
void set_output_weights(TwoLayerNet& net, const Eigen::MatrixXd& w2, const TwoLayerSpec& spec);

// Exact output spike times of one output neuron for hidden spike trains hidden[h]: each
// threshold crossing is bracketed on a grid of `grid` steps and bisected to ~1e-13 steps
// on the closed-form interval integral. Assumes y > 0 between grid points (else a crossing
// that goes up and back down within one grid cell could be missed).
std::vector<double> output_spike_times(const DirichletKernel& kernel, const std::vector<std::vector<double>>& hidden,
                                       const Eigen::VectorXd& w2_row, double b2, double theta2, double grid = 0.25);

struct TwoLayerTrace {
  std::vector<std::vector<double>> hidden;  // [h] spike times
  std::vector<std::vector<double>> output;  // [j] spike times
  double min_drive = 0;                     // min over outputs and a 0.25-step grid of y_j(t)
};

TwoLayerTrace forward(const TwoLayerNet& net, const Signal& x);

// What the learner sees.
struct TwoLayerObservations {
  uint32_t inputs = 2, hidden = 2, outputs = 4;
  std::vector<double> b1, theta1, b2, theta2;
  DirichletKernel kernel;
  std::vector<Signal> signals;                                  // per example, T steps
  std::vector<std::vector<std::vector<double>>> output_spikes;  // [example][output]
};

// Examples drawn from (seed, index) as bandlimited_signal; `truth` (optional) receives the
// exact forward trace of every example (hidden spikes, noise-free output spikes, min
// drive). time_noise: std of Gaussian jitter added to the observed output spike times
// (steps; 0 = exact).
TwoLayerObservations observe_two_layer(const TwoLayerNet& net, const TwoLayerSpec& spec, uint32_t examples,
                                       uint64_t seed, double time_noise = 0,
                                       std::vector<TwoLayerTrace>* truth = nullptr);

struct RecoveryOptions {
  // Hidden spikes per example if known (one per example); empty: estimated per example
  // from the singular-value gap of the annihilating-filter matrix.
  std::vector<int> counts;
  double min_gap = 100;           // K estimate: smallest accepted singular-value gap (fri.hpp)
  double consistency_tol = 1e-6;  // max relative Vandermonde residual of an accepted example
  double rank_tol = 1e-10;        // rank check of the Fourier interval systems
  // Examples whose recovered hidden spikes come closer than this (steps, circular) fail:
  // with noisy output times two close spikes merge into one with the summed amplitudes
  // and one with ~0, which misleads k-means. 0 = accept any separation (noise-free).
  double min_separation = 0;
  // false: any example that cannot be processed throws InputError naming it and the cause,
  // and so does an under-determined hidden neuron (rank < inputs in layer 1);
  // true: the example is skipped (recorded in Recovery::rejected; InputError only if none
  // is left) and an under-determined layer 1 gets the minimum-norm solution (layer1.neurons[h].rank).
  bool skip_failed_examples = false;
  // k-means: trimmed fraction (kmeans.hpp); a spike farther from its centroid than
  // outlier_fraction x the distance between the two centroids is an outlier (merged or
  // spurious spike) and its example fails.
  double kmeans_trim = 0.1;
  double outlier_fraction = 0.25;
  // The two amplitude clusters must be apart by at least this many times the median
  // spike-to-centroid distance of the looser cluster (and by 1e-9 of the centroid size;
  // std::to_string in the message shows 6 decimals), else the hidden neurons
  // are indistinguishable (W2 columns too similar for the noise) and recovery throws.
  double min_cluster_separation = 8;
};

struct Recovery {
  Eigen::MatrixXd w1;            // hidden x inputs, least squares (tem::fit) on the grouped spikes
  Eigen::MatrixXd w2;            // outputs x hidden, least squares on the recovered spikes
  Eigen::MatrixXd w2_centroids;  // outputs x hidden, the k-means centroids (a cruder W2)
  // Per example: recovered hidden spikes, pooled and ascending in [0, T), and the neuron
  // of each (spike_neuron is empty for a rejected example; spike_times is kept if the
  // example was rejected only at the grouping step).
  std::vector<std::vector<double>> spike_times;
  std::vector<std::vector<int>> spike_neuron;
  std::vector<int> dirac_count;       // K used per example (0 if rejected)
  std::vector<double> fri_residual;   // per example, Vandermonde consistency
  std::vector<std::string> rejected;  // per example: "" if used, else why not
  size_t used_examples = 0;
  double kmeans_inertia = 0;
  Fit layer1;                         // tem::fit result on the grouped hidden spikes
  double layer1_residual = 0;         // Σ_h residual_rms / θ1_h of the chosen grouping
};

Recovery recover(const TwoLayerObservations& obs, const RecoveryOptions& opt = {});

}  // namespace nmx::tem
