#include "readout/readout_fit.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "encode/encoder.hpp"
#include "l0/network_l0.hpp"

namespace nmx {
namespace {

size_t readout_projection(const Network& net) {
  size_t found = net.projections.size();
  for (size_t k = 0; k < net.projections.size(); ++k) {
    if (net.projections[k].post != net.readout.population) continue;
    if (found != net.projections.size()) throw InputError("fit readout: the readout population has more than one input projection");
    found = k;
  }
  if (found == net.projections.size()) throw InputError("fit readout: the readout population has no input projection");
  return found;
}

// Spike counts of population `pre` over the steps whose spikes still reach the readout
// through a delay-0 synapse within the sample (emitted at t <= steps - 2).
Eigen::MatrixXd collect_counts(const Network& net, uint32_t pre, const Dataset& data,
                               const std::function<void(size_t, size_t)>& progress) {
  NetworkL0 l0(net);
  const uint32_t in = net.input_population();
  Eigen::MatrixXd x = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(data.size()), net.populations[pre].size);
  std::vector<std::vector<uint32_t>> spikes;
  for (size_t s = 0; s < data.size(); ++s) {
    const InputRaster raster = encode(net.encoder, data.image(s), net.populations[in].size, s);
    l0.reset();
    for (uint32_t t = 0; t + 1 < net.encoder.steps; ++t) {
      l0.step(raster.steps[t], spikes);
      for (uint32_t n : spikes[pre]) x(static_cast<Eigen::Index>(s), n) += 1.0;
    }
    if (progress) progress(s + 1, data.size());
  }
  return x;
}

}  // namespace

ReadoutFitReport fit_readout(Network& net, const Dataset& train, const ReadoutFitOptions& opt) {
  const size_t k = readout_projection(net);
  Projection& pr = net.projections[k];
  Population& out = net.populations[pr.post];
  const Eigen::MatrixXd x = collect_counts(net, pr.pre, train, opt.progress);
  const Eigen::Index n = x.rows(), h = x.cols(), c = out.size;
  Eigen::MatrixXd y = Eigen::MatrixXd::Constant(n, c, -1.0 / static_cast<double>(c));
  for (Eigen::Index s = 0; s < n; ++s) {
    if (train.labels[s] >= c) throw InputError("fit readout: label " + std::to_string(train.labels[s]) + " has no output neuron");
    y(s, train.labels[s]) += 1.0;
  }
  const Eigen::MatrixXd gram = x.transpose() * x + opt.ridge * Eigen::MatrixXd::Identity(h, h);
  const Eigen::MatrixXd w = gram.ldlt().solve(x.transpose() * y);  // h x c

  const Eigen::MatrixXd scores = x * w;
  ReadoutFitReport rep;
  rep.samples = static_cast<size_t>(n);
  size_t correct = 0;
  for (Eigen::Index s = 0; s < n; ++s) {
    Eigen::Index best;
    scores.row(s).maxCoeff(&best);
    correct += best == train.labels[s];
  }
  rep.train_accuracy = n ? static_cast<double>(correct) / static_cast<double>(n) : 0.0;

  // Dense h x c weights, delay 0: v of output j sums w(:, j) over the counts.
  pr.layout = Layout::Dense;
  pr.row_ptr.clear();
  pr.post_index.clear();
  pr.weight.assign(static_cast<size_t>(h * c), 0.0);
  pr.delay.assign(pr.weight.size(), 0);
  pr.code.clear();
  pr.weight_bits = 0;
  for (Eigen::Index i = 0; i < h; ++i)
    for (Eigen::Index j = 0; j < c; ++j) pr.weight[static_cast<size_t>(i * c + j)] = w(i, j);
  const double reach = std::max(1e-9, scores.cwiseAbs().maxCoeff());
  for (uint32_t j = 0; j < out.size; ++j) {
    out.real.du[j] = 1.0;  // u = this step's input
    out.real.dv[j] = 0.0;  // v integrates without leak
    out.real.theta[j] = 4.0 * reach;  // never reached: the readout does not spike
    out.real.bias[j] = 0.0;
    out.refrac[j] = 0;
    out.spike[j] = SpikeMode::Deterministic;
  }
  net.readout.kind = ReadoutKind::MaxMembrane;
  net.mapping.clear();
  validate(net, "fit readout");
  return rep;
}

}  // namespace nmx
