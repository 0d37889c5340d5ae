#include "tem/two_layer.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "core/error.hpp"
#include "tem/fri.hpp"
#include "tem/kmeans.hpp"
#include "tem/tem_encoder.hpp"
#include "tem/tem_teacher.hpp"

namespace nmx::tem {
namespace {

TeacherSpec layer1_spec(const TwoLayerSpec& spec) {
  TeacherSpec t;
  t.inputs = spec.inputs;
  t.neurons = spec.hidden;
  t.signal.channels = spec.inputs;
  t.signal.steps = spec.steps;
  t.signal.tones = spec.tones;
  t.signal.max_freq = spec.max_freq;
  t.spikes_per_example = spec.hidden_spikes;
  t.min_drive = spec.min_drive;
  t.seed = spec.seed;
  return t;
}

// ∫ over [a, b] of y - b2 for one output: Σ_h w_h Σ_n ∫ φ(u - τ_hn) du.
double filtered_integral(const DirichletKernel& k, const std::vector<std::vector<double>>& hidden,
                         const Eigen::VectorXd& w, double a, double b) {
  double s = 0;
  for (size_t h = 0; h < hidden.size(); ++h) {
    double sh = 0;
    for (double tau : hidden[h]) sh += k.integral(a, b, tau);
    s += w(static_cast<Eigen::Index>(h)) * sh;
  }
  return s;
}

}  // namespace

TwoLayerNet make_two_layer_teacher(const TwoLayerSpec& spec) {
  if (spec.harmonics < 1 || spec.steps < 2) throw InputError("two-layer teacher: need M >= 1 and T >= 2 steps");
  const Teacher l1 = make_teacher(layer1_spec(spec));
  TwoLayerNet net;
  net.w1 = l1.w;
  net.b1 = l1.bias;
  net.theta1 = l1.theta;
  for (uint32_t h = 0; h < spec.hidden && spec.hidden > 1; ++h)
    net.theta1[h] /= 1 + spec.hidden_rate_spread * (static_cast<double>(h) / (spec.hidden - 1) - 0.5);
  net.kernel.period = spec.steps;
  net.kernel.harmonics = spec.harmonics;
  std::mt19937_64 rng(spec.seed ^ 0x2a7e12ull);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  Eigen::MatrixXd w2(spec.outputs, spec.hidden);
  for (uint32_t j = 0; j < spec.outputs; ++j)
    for (uint32_t h = 0; h < spec.hidden; ++h) w2(j, h) = u(rng);
  set_output_weights(net, w2, spec);
  return net;
}

void set_output_weights(TwoLayerNet& net, const Eigen::MatrixXd& w2, const TwoLayerSpec& spec) {
  net.w2 = w2;
  net.b2.clear();
  net.theta2.clear();
  for (Eigen::Index j = 0; j < w2.rows(); ++j) {
    const double b = spec.min_drive + w2.row(j).cwiseAbs().sum() * net.kernel.peak();
    // Each hidden spike adds W2[j,h] (φ integrates to 1 per period) to the output's charge.
    const double charge = b * spec.steps + w2.row(j).sum() * spec.hidden_spikes;
    net.b2.push_back(b);
    net.theta2.push_back(charge / spec.output_spikes);
  }
}

std::vector<double> output_spike_times(const DirichletKernel& kernel, const std::vector<std::vector<double>>& hidden,
                                       const Eigen::VectorXd& w2_row, double b2, double theta2, double grid) {
  const double T = kernel.period;
  const int cells = static_cast<int>(std::ceil(T / grid));
  std::vector<double> g(static_cast<size_t>(cells) + 1), v(g.size());  // grid and V(g) = ∫_0^g y
  for (int i = 0; i <= cells; ++i) {
    g[static_cast<size_t>(i)] = std::min(T, i * grid);
    v[static_cast<size_t>(i)] = b2 * g[static_cast<size_t>(i)] + filtered_integral(kernel, hidden, w2_row, 0, g[static_cast<size_t>(i)]);
  }
  std::vector<double> out;
  double t0 = 0, v0 = 0;  // last spike (or 0) and V there
  size_t i = 1;
  for (;;) {
    while (i < g.size() && v[i] - v0 < theta2) ++i;  // first grid point past the crossing
    if (i == g.size()) break;
    // Bisect F(t) = ∫_{t0}^{t} y - θ2, computed from t0 so its size is ~θ2, not ~V(T).
    double lo = std::max(t0, g[i - 1]), hi = g[i];
    for (int it = 0; it < 200 && hi - lo > 1e-13; ++it) {
      const double mid = 0.5 * (lo + hi);
      const double f = b2 * (mid - t0) + filtered_integral(kernel, hidden, w2_row, t0, mid) - theta2;
      (f < 0 ? lo : hi) = mid;
    }
    const double t = 0.5 * (lo + hi);
    if (!out.empty() && t <= out.back()) break;  // no progress: cannot happen with y > 0
    out.push_back(t);
    t0 = t;
    v0 = b2 * t + filtered_integral(kernel, hidden, w2_row, 0, t);
  }
  return out;
}

TwoLayerTrace forward(const TwoLayerNet& net, const Signal& x) {
  if (x.steps() != static_cast<uint32_t>(net.kernel.period))
    throw InputError("two-layer forward: signal of " + std::to_string(x.steps()) + " steps, kernel period " +
                     std::to_string(net.kernel.period) + " (they must be equal)");
  TwoLayerTrace tr;
  for (Eigen::Index h = 0; h < net.w1.rows(); ++h) {
    TemNeuron n;
    for (Eigen::Index c = 0; c < net.w1.cols(); ++c) n.w.push_back(net.w1(h, c));
    n.bias = net.b1[static_cast<size_t>(h)];
    n.theta = net.theta1[static_cast<size_t>(h)];
    tr.hidden.push_back(spike_times(x, n));
  }
  tr.min_drive = std::numeric_limits<double>::infinity();
  for (Eigen::Index j = 0; j < net.w2.rows(); ++j) {
    const Eigen::VectorXd w = net.w2.row(j).transpose();
    tr.output.push_back(output_spike_times(net.kernel, tr.hidden, w, net.b2[static_cast<size_t>(j)],
                                           net.theta2[static_cast<size_t>(j)]));
    for (double t = 0; t <= net.kernel.period; t += 0.25) {
      double y = net.b2[static_cast<size_t>(j)];
      for (size_t h = 0; h < tr.hidden.size(); ++h)
        for (double tau : tr.hidden[h]) y += w(static_cast<Eigen::Index>(h)) * net.kernel.value(t - tau);
      tr.min_drive = std::min(tr.min_drive, y);
    }
  }
  return tr;
}

TwoLayerObservations observe_two_layer(const TwoLayerNet& net, const TwoLayerSpec& spec, uint32_t examples,
                                       uint64_t seed, double time_noise,
                                       std::vector<TwoLayerTrace>* truth) {
  TwoLayerObservations obs;
  obs.inputs = spec.inputs;
  obs.hidden = spec.hidden;
  obs.outputs = spec.outputs;
  obs.b1 = net.b1;
  obs.theta1 = net.theta1;
  obs.b2 = net.b2;
  obs.theta2 = net.theta2;
  obs.kernel = net.kernel;
  const SignalSpec s = layer1_spec(spec).signal;
  if (truth) truth->clear();
  for (uint32_t e = 0; e < examples; ++e) {
    const uint64_t ex_seed = example_seed(seed, e);
    obs.signals.push_back(bandlimited_signal(s, ex_seed));
    const TwoLayerTrace exact = forward(net, obs.signals.back());
    TwoLayerTrace tr = exact;
    if (time_noise > 0) {
      std::mt19937_64 rng(ex_seed ^ 0x7153ull);
      std::normal_distribution<double> n(0.0, time_noise);
      for (auto& train : tr.output) {
        for (double& t : train) t = std::clamp(t + n(rng), 0.0, net.kernel.period);
        std::sort(train.begin(), train.end());
        train.erase(std::unique(train.begin(), train.end()), train.end());
      }
    }
    obs.output_spikes.push_back(tr.output);
    if (truth) truth->push_back(exact);
  }
  return obs;
}

namespace {

void check(const TwoLayerObservations& obs) {
  const std::string src = "two-layer observations";
  if (obs.hidden != 2) throw_field_error(src, "hidden", std::to_string(obs.hidden), "2 (k-means groups two neurons)");
  if (obs.b1.size() != obs.hidden || obs.theta1.size() != obs.hidden)
    throw_field_error(src, "b1/theta1", "wrong length", std::to_string(obs.hidden) + " (one per hidden neuron)");
  if (obs.b2.size() != obs.outputs || obs.theta2.size() != obs.outputs)
    throw_field_error(src, "b2/theta2", "wrong length", std::to_string(obs.outputs) + " (one per output)");
  if (obs.signals.empty()) throw InputError(src + ": no examples");
  if (obs.output_spikes.size() != obs.signals.size())
    throw_field_error(src, "output_spikes", std::to_string(obs.output_spikes.size()) + " examples",
                      std::to_string(obs.signals.size()) + " (one per signal)");
  for (size_t e = 0; e < obs.signals.size(); ++e) {
    if (obs.signals[e].steps() != static_cast<uint32_t>(obs.kernel.period))
      throw_field_error(src, "examples[" + std::to_string(e) + "].signal", std::to_string(obs.signals[e].steps()) + " steps",
                        std::to_string(obs.kernel.period) + " (the kernel period T)");
    if (obs.output_spikes[e].size() != obs.outputs)
      throw_field_error(src, "examples[" + std::to_string(e) + "].output_spikes",
                        std::to_string(obs.output_spikes[e].size()) + " outputs", std::to_string(obs.outputs));
    for (uint32_t j = 0; j < obs.outputs; ++j) {
      double prev = 0;
      for (size_t k = 0; k < obs.output_spikes[e][j].size(); ++k) {
        const double t = obs.output_spikes[e][j][k];
        if (!(t > prev || (k == 0 && t >= 0)) || !(t <= obs.kernel.period))
          throw_field_error(src, "examples[" + std::to_string(e) + "].output_spikes[" + std::to_string(j) + "][" +
                                     std::to_string(k) + "]",
                            std::to_string(t), "ascending times in (" + std::to_string(prev) + ", T]");
        prev = t;
      }
    }
  }
}

// Hidden spikes of one example: Fourier coefficients per output, then the annihilating filter.
DiracFit hidden_spikes(const TwoLayerObservations& obs, size_t e, const RecoveryOptions& opt) {
  const std::string ex = "example " + std::to_string(e);
  std::vector<Eigen::VectorXcd> coeffs;
  for (uint32_t j = 0; j < obs.outputs; ++j)
    coeffs.push_back(fourier_coefficients(obs.output_spikes[e][j], obs.b2[j], obs.theta2[j], obs.kernel,
                                          ex + ", output " + std::to_string(j), opt.rank_tol)
                         .c);
  AnnihilateOptions ao;
  ao.min_gap = opt.min_gap;
  if (!opt.counts.empty()) ao.count = opt.counts.at(e);
  DiracFit d;
  try {
    d = annihilate(coeffs, obs.kernel, ao);
  } catch (const InputError& err) {
    throw InputError(ex + ": " + err.what());
  }
  if (!(d.residual < opt.consistency_tol))
    throw InputError(ex + ": the recovered hidden spikes do not explain the outputs' Fourier coefficients (relative "
                     "residual " + std::to_string(d.residual) + " > " + std::to_string(opt.consistency_tol) +
                     "; K = " + std::to_string(d.count) +
                     "): hidden spikes closer than about T/(2M), or more spikes than M resolves");
  const double T = obs.kernel.period;
  for (size_t n = 0; n < d.times.size() && d.times.size() > 1; ++n) {
    const double next = n + 1 < d.times.size() ? d.times[n + 1] : d.times[0] + T;
    if (next - d.times[n] < opt.min_separation)
      throw InputError(ex + ": recovered hidden spikes at " + std::to_string(d.times[n]) + " and " +
                       std::to_string(std::fmod(next, T)) + " are closer than min_separation = " +
                       std::to_string(opt.min_separation) + " steps (they may have merged)");
  }
  return d;
}

}  // namespace

Recovery recover(const TwoLayerObservations& obs, const RecoveryOptions& opt) {
  check(obs);
  const size_t E = obs.signals.size();
  if (!opt.counts.empty() && opt.counts.size() != E)
    throw_field_error("recovery options", "counts", std::to_string(opt.counts.size()) + " values",
                      std::to_string(E) + " (one per example) or none");
  Recovery r;
  r.spike_times.assign(E, {});
  r.spike_neuron.assign(E, {});
  r.dirac_count.assign(E, 0);
  r.fri_residual.assign(E, 0);
  r.rejected.assign(E, "");
  // (1)+(2) hidden spike times and amplitude vectors per example.
  std::vector<Eigen::Index> first(E, 0);  // column of each example's first spike in `amps`
  std::vector<Eigen::VectorXd> amp_cols;
  for (size_t e = 0; e < E; ++e) {
    DiracFit d;
    try {
      d = hidden_spikes(obs, e, opt);
    } catch (const InputError& err) {
      if (!opt.skip_failed_examples) throw;
      r.rejected[e] = err.what();
      continue;
    }
    r.dirac_count[e] = d.count;
    r.fri_residual[e] = d.residual;
    r.spike_times[e] = d.times;
    first[e] = static_cast<Eigen::Index>(amp_cols.size());
    for (int n = 0; n < d.count; ++n) amp_cols.push_back(d.amps.col(n));
    ++r.used_examples;
  }
  if (r.used_examples == 0)
    throw InputError("two-layer recovery: no example could be used; the first: " + r.rejected[0]);
  if (amp_cols.size() < obs.hidden)
    throw InputError("two-layer recovery: " + std::to_string(amp_cols.size()) + " hidden spikes in all examples, " +
                     "need at least " + std::to_string(obs.hidden) + " to tell the hidden neurons apart");
  // (3) group spikes by amplitude vector; the centroids estimate W2's columns.
  Eigen::MatrixXd amps(obs.outputs, static_cast<Eigen::Index>(amp_cols.size()));
  for (size_t p = 0; p < amp_cols.size(); ++p) amps.col(static_cast<Eigen::Index>(p)) = amp_cols[p];
  KMeansOptions ko;
  ko.trim = opt.kmeans_trim;
  const KMeans km = kmeans(amps, static_cast<int>(obs.hidden), ko);
  r.kmeans_inertia = km.inertia;
  const double spread = (km.centroids.col(0) - km.centroids.col(1)).norm();
  {
    // A split of one blob leaves at least one loose cluster: use the looser one.
    double median = 0;
    for (int c = 0; c < 2; ++c) {
      std::vector<double> d;
      for (size_t p = 0; p < km.label.size(); ++p)
        if (km.label[p] == c) d.push_back(km.distance[p]);
      if (d.empty()) continue;
      std::nth_element(d.begin(), d.begin() + static_cast<long>(d.size() / 2), d.end());
      median = std::max(median, d[d.size() / 2]);
    }
    const double size = km.centroids.colwise().norm().maxCoeff();
    if (!(spread > opt.min_cluster_separation * median) || !(spread > 1e-9 * size))
      throw InputError("two-layer recovery: the hidden spikes' amplitude vectors form no two separate clusters "
                       "(k-means centroids " + std::to_string(spread) + " apart, median spread within a cluster " +
                       std::to_string(median) + ", need a ratio >= " + std::to_string(opt.min_cluster_separation) +
                       "): W2 columns too similar to tell the hidden neurons apart");
  }
  for (size_t e = 0; e < E; ++e) {
    if (!r.rejected[e].empty()) continue;
    for (size_t n = 0; n < r.spike_times[e].size(); ++n) {
      const double d = km.distance[static_cast<size_t>(first[e]) + n];
      if (!(d > opt.outlier_fraction * spread)) continue;
      const std::string why = "example " + std::to_string(e) + ": the hidden spike at " +
                              std::to_string(r.spike_times[e][n]) + " has amplitudes " + std::to_string(d) +
                              " from the nearest k-means centroid, more than " + std::to_string(opt.outlier_fraction) +
                              " x the centroid distance " + std::to_string(spread) +
                              " (merged or spurious spike, or W2 columns too similar to tell apart)";
      if (!opt.skip_failed_examples) throw InputError(why);
      r.rejected[e] = why;
      --r.used_examples;
      break;
    }
  }
  if (r.used_examples == 0)
    throw InputError("two-layer recovery: no example left after grouping the hidden spikes; the first: " + r.rejected[0]);
  // (4) layer 1. Which group is which hidden neuron matters because b1, θ1 differ: try
  // both assignments and keep the one whose spikes the known b1, θ1 explain best.
  FitOptions lax;
  lax.allow_underdetermined = true;
  double best = std::numeric_limits<double>::infinity();
  for (int swap = 0; swap < 2; ++swap) {
    Observations o;
    o.inputs = obs.inputs;
    o.neurons = obs.hidden;
    o.bias = obs.b1;
    o.theta = obs.theta1;
    std::vector<std::vector<int>> neuron_of(E);
    for (size_t e = 0; e < E; ++e) {
      if (!r.rejected[e].empty()) continue;
      o.signals.push_back(obs.signals[e]);
      std::vector<std::vector<double>> trains(obs.hidden);
      for (size_t n = 0; n < r.spike_times[e].size(); ++n) {
        const int h = km.label[static_cast<size_t>(first[e]) + n] ^ swap;
        trains[static_cast<size_t>(h)].push_back(r.spike_times[e][n]);
        neuron_of[e].push_back(h);
      }
      o.spikes.push_back(trains);
    }
    const Fit f = fit(o, lax);
    double score = 0;
    for (uint32_t h = 0; h < obs.hidden; ++h) score += f.neurons[h].residual_rms / obs.theta1[h];
    if (score < best) {
      best = score;
      r.layer1 = f;
      r.layer1_residual = score;
      r.spike_neuron = neuron_of;
      r.w2_centroids.resize(obs.outputs, obs.hidden);
      for (uint32_t h = 0; h < obs.hidden; ++h) r.w2_centroids.col(h) = km.centroids.col(static_cast<int>(h) ^ swap);
    }
  }
  r.w1 = r.layer1.w;
  for (uint32_t h = 0; h < obs.hidden && !opt.skip_failed_examples; ++h)
    if (r.layer1.neurons[h].rank < static_cast<int>(obs.inputs))
      throw InputError("two-layer recovery: hidden neuron " + std::to_string(h) + " is under-determined: its " +
                       std::to_string(r.layer1.neurons[h].constraints) + " recovered spike intervals give rank " +
                       std::to_string(r.layer1.neurons[h].rank) + " for " + std::to_string(obs.inputs) +
                       " weights (give more examples)");
  // Layer 2: ∫_{t_k}^{t_k+1} (y_j - b2_j) = θ2_j - b2_j Δ is linear in W2[j,:], with the
  // column h coefficient Σ_{n in neuron h} ∫ φ(u - τ_n) du.
  r.w2.resize(obs.outputs, obs.hidden);
  for (uint32_t j = 0; j < obs.outputs; ++j) {
    std::vector<double> rows, rhs;
    for (size_t e = 0; e < E; ++e) {
      if (!r.rejected[e].empty()) continue;
      double prev = 0;
      for (double t : obs.output_spikes[e][j]) {
        std::vector<double> row(obs.hidden, 0.0);
        for (size_t n = 0; n < r.spike_times[e].size(); ++n)
          row[static_cast<size_t>(r.spike_neuron[e][n])] += obs.kernel.integral(prev, t, r.spike_times[e][n]);
        rows.insert(rows.end(), row.begin(), row.end());
        rhs.push_back(obs.theta2[j] - obs.b2[j] * (t - prev));
        prev = t;
      }
    }
    const Eigen::Index R = static_cast<Eigen::Index>(rhs.size());
    const Eigen::MatrixXd a = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
        rows.data(), R, obs.hidden);
    r.w2.row(j) = a.completeOrthogonalDecomposition().solve(Eigen::Map<const Eigen::VectorXd>(rhs.data(), R)).transpose();
  }
  return r;
}

}  // namespace nmx::tem
