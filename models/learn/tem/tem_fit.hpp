// Least-squares training of time-encoding neurons (Adam 2022, docs/tem.md): every
// interval between consecutive spikes of neuron j (and from t = 0 to its first spike,
// since v starts at 0) gives one linear equation in its weights,
//   w_j · ∫x over [t_k, t_k+1] = θ_j − b_j (t_k+1 − t_k),
// stacked over all examples and solved per neuron. Thresholds are known (they set the
// scale); biases are known, or fitted as one more unknown per neuron (fit_bias).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "tem/signal.hpp"

namespace nmx::tem {

// What a learner has: the input signals and the spike times they caused.
struct Observations {
  std::string source = "observations";  // the file (or "synthetic teacher"), for messages
  uint32_t inputs = 0, neurons = 0;
  std::vector<double> bias, theta;                   // per neuron; bias may be empty with fit_bias
  std::vector<Signal> signals;                       // per example, `inputs` channels
  std::vector<std::vector<std::vector<double>>> spikes;  // [example][neuron] ascending times
};

struct FitOptions {
  // Singular values below rank_tol * the largest count as zero (rank check).
  double rank_tol = 1e-9;
  // false: an under-determined neuron is an InputError; true: the minimum-norm solution
  // is returned and flagged (the recovery-vs-examples curves need it).
  bool allow_underdetermined = false;
  // Estimate each neuron's bias too: the interval length becomes one more column.
  bool fit_bias = false;
};

struct NeuronFit {
  size_t constraints = 0;  // spike intervals used
  int rank = 0;            // of the constraint matrix; full = unknowns (inputs, + 1 with fit_bias)
  double residual_rms = 0;
  bool determined() const { return rank > 0 && constraints > 0; }
};

struct Fit {
  Eigen::MatrixXd w;          // neurons x inputs
  std::vector<double> bias;   // fitted (fit_bias) or the given ones
  std::vector<NeuronFit> neurons;
  int unknowns = 0;           // per neuron
  bool full_rank() const;
};

// Checks shapes and times (InputError naming the example, neuron and field) and solves.
Fit fit(const Observations& obs, const FitOptions& opt = {});

// The constraint system of one neuron: rows = intervals, columns = inputs (then the
// interval length, with fit_bias).
void constraints(const Observations& obs, uint32_t neuron, bool fit_bias, Eigen::MatrixXd& a, Eigen::VectorXd& rhs);

// Throws InputError if obs is malformed (dimensions, times not ascending or outside the
// signal, non-positive θ, no bias unless it is to be fitted); `source` starts each message.
void validate(const Observations& obs, const std::string& source, bool fit_bias = false);

// ||ŵ − w|| / ||w|| (Frobenius).
double relative_error(const Eigen::MatrixXd& estimate, const Eigen::MatrixXd& truth);

}  // namespace nmx::tem
