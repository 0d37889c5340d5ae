#include "tem/tem_fit.hpp"

#include <cmath>

#include "core/error.hpp"

namespace nmx::tem {

bool Fit::full_rank() const {
  for (const auto& n : neurons)
    if (n.rank < unknowns) return false;
  return true;
}

void validate(const Observations& obs, const std::string& source, bool fit_bias) {
  const std::string M = std::to_string(obs.neurons);
  if (obs.inputs == 0) throw_field_error(source, "inputs", "0", ">= 1");
  if (obs.neurons == 0) throw_field_error(source, "neurons", "0", ">= 1");
  if (obs.bias.size() != obs.neurons && !(fit_bias && obs.bias.empty()))
    throw_field_error(source, "bias", std::to_string(obs.bias.size()) + " values",
                      M + " (one per neuron; or none, with the bias fitted)");
  if (obs.theta.size() != obs.neurons) throw_field_error(source, "theta", std::to_string(obs.theta.size()) + " values", M + " (one per neuron)");
  for (uint32_t j = 0; j < obs.neurons; ++j)
    if (!(obs.theta[j] > 0) || !std::isfinite(obs.theta[j]))
      throw_field_error(source, "theta[" + std::to_string(j) + "]", std::to_string(obs.theta[j]), "> 0");
  if (obs.signals.empty()) throw InputError(source + ": no examples (need at least one signal with its spikes)");
  if (obs.spikes.size() != obs.signals.size())
    throw_field_error(source, "spikes", std::to_string(obs.spikes.size()) + " examples",
                      std::to_string(obs.signals.size()) + " (one per signal)");
  for (size_t e = 0; e < obs.signals.size(); ++e) {
    const std::string ex = "examples[" + std::to_string(e) + "]";
    if (obs.signals[e].channels() != obs.inputs)
      throw_field_error(source, ex + ".signal", std::to_string(obs.signals[e].channels()) + " channels",
                        std::to_string(obs.inputs) + " (inputs)");
    if (obs.spikes[e].size() != obs.neurons)
      throw_field_error(source, ex + ".spikes", std::to_string(obs.spikes[e].size()) + " neurons", M);
    const double end = obs.signals[e].steps();
    for (uint32_t j = 0; j < obs.neurons; ++j) {
      double prev = 0;
      for (size_t k = 0; k < obs.spikes[e][j].size(); ++k) {
        const double t = obs.spikes[e][j][k];
        if (!(t > prev) || !(t <= end))  // v(0) = 0 < θ: no spike at t = 0
          throw_field_error(source, ex + ".spikes[" + std::to_string(j) + "][" + std::to_string(k) + "]",
                            std::to_string(t), "ascending times in (" + std::to_string(prev) + ", " + std::to_string(end) + "]");
        prev = t;
      }
    }
  }
}

void constraints(const Observations& obs, uint32_t j, bool fit_bias, Eigen::MatrixXd& a, Eigen::VectorXd& rhs) {
  size_t rows = 0;
  for (const auto& ex : obs.spikes) rows += ex[j].size();
  a.resize(static_cast<Eigen::Index>(rows), obs.inputs + (fit_bias ? 1 : 0));
  rhs.resize(static_cast<Eigen::Index>(rows));
  std::vector<double> integral(obs.inputs);
  Eigen::Index r = 0;
  for (size_t e = 0; e < obs.signals.size(); ++e) {
    double prev = 0;  // v starts at 0, so [0, t_1] is an interval too
    for (double t : obs.spikes[e][j]) {
      obs.signals[e].integral(prev, t, integral.data());
      for (uint32_t c = 0; c < obs.inputs; ++c) a(r, c) = integral[c];
      if (fit_bias) {
        a(r, obs.inputs) = t - prev;
        rhs(r) = obs.theta[j];
      } else {
        rhs(r) = obs.theta[j] - obs.bias[j] * (t - prev);
      }
      ++r;
      prev = t;
    }
  }
}

Fit fit(const Observations& obs, const FitOptions& opt) {
  validate(obs, obs.source, opt.fit_bias);
  Fit out;
  out.w = Eigen::MatrixXd::Zero(obs.neurons, obs.inputs);
  out.bias = opt.fit_bias ? std::vector<double>(obs.neurons, 0.0) : obs.bias;
  out.neurons.resize(obs.neurons);
  out.unknowns = static_cast<int>(obs.inputs) + (opt.fit_bias ? 1 : 0);
  const std::string unknowns = std::to_string(out.unknowns) + (opt.fit_bias ? " unknowns (weights and bias)" : " unknown weights");
  for (uint32_t j = 0; j < obs.neurons; ++j) {
    Eigen::MatrixXd a;
    Eigen::VectorXd rhs;
    constraints(obs, j, opt.fit_bias, a, rhs);
    NeuronFit& nf = out.neurons[j];
    nf.constraints = static_cast<size_t>(a.rows());
    if (a.rows() == 0) {
      if (!opt.allow_underdetermined)
        throw InputError(obs.source + ": neuron " + std::to_string(j) + " never spiked in " + std::to_string(obs.signals.size()) +
                         " examples: no spike interval to form a constraint (give longer or more examples, or a "
                         "larger bias / smaller theta)");
      continue;
    }
    Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd> cod(a);
    cod.setThreshold(opt.rank_tol);
    nf.rank = static_cast<int>(cod.rank());
    if (nf.rank < out.unknowns && !opt.allow_underdetermined)
      throw InputError(obs.source + ": neuron " + std::to_string(j) + ": under-determined, " + std::to_string(nf.constraints) +
                       " spike intervals give rank " + std::to_string(nf.rank) + " for " + unknowns + " (need rank " +
                       std::to_string(out.unknowns) + "; give more or longer examples, or inputs with more distinct content)");
    const Eigen::VectorXd w = cod.solve(rhs);
    out.w.row(j) = w.head(obs.inputs).transpose();
    if (opt.fit_bias) out.bias[j] = w(obs.inputs);
    nf.residual_rms = std::sqrt((a * w - rhs).squaredNorm() / static_cast<double>(a.rows()));
  }
  return out;
}

double relative_error(const Eigen::MatrixXd& estimate, const Eigen::MatrixXd& truth) {
  return (estimate - truth).norm() / truth.norm();
}

}  // namespace nmx::tem
