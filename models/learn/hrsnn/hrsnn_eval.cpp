#include "hrsnn/hrsnn_eval.hpp"

#include <chrono>
#include <cmath>
#include <sstream>

#include "core/error.hpp"
#include "hrsnn/hrsnn_tasks.hpp"
#include "readout/ridge.hpp"

namespace nmx::hrsnn {
namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

void in_range(const std::string& where, const char* option, double v, double lo, double hi) {
  if (std::isfinite(v) && v >= lo && v <= hi) return;
  std::ostringstream s;
  s << where << ": " << option << " = " << v << " is out of range (allowed: [" << lo << ", " << hi << "])";
  throw InputError(s.str());
}

// Prediction of u(t + horizon) from the state at t, trained on the first `train` rows
// after the washout, scored on the rest.
double predict_nrmse(Reservoir& res, const std::vector<double>& u, const TaskOptions& t, Metrics& m) {
  res.reset();
  auto c = Clock::now();
  const Reservoir::Trace tr = res.run(u, t.hold, t.filter_tau, t.washout);
  m.sim_seconds += since(c), m.steps += tr.steps;
  c = Clock::now();
  const Eigen::Index usable = tr.states.rows() - t.horizon, tn = static_cast<Eigen::Index>(t.train);
  Eigen::VectorXd y(usable);
  for (Eigen::Index i = 0; i < usable; ++i) y[i] = u[t.washout + i + t.horizon];
  const RidgeModel fit = fit_ridge(tr.states.topRows(tn), y.head(tn), t.ridge);
  const Eigen::MatrixXd pred = fit.predict(tr.states.middleRows(tn, usable - tn));
  m.fit_seconds += since(c);
  return nrmse(y.tail(usable - tn), pred.col(0));
}

}  // namespace

void check_task_options(const TaskOptions& t, const std::string& w) {
  in_range(w, "--learn-steps", static_cast<double>(t.learn_steps), 0, 1e7);
  in_range(w, "--mc-floor", t.mc_floor, 0, 1000);
  in_range(w, "--washout", static_cast<double>(t.washout), 0, 1e6);
  in_range(w, "--train-steps", static_cast<double>(t.train), 10, 1e6);
  in_range(w, "--test-steps", static_cast<double>(t.test), 10, 1e6);
  in_range(w, "--mc-delays", t.mc_delays, 1, 1000);
  in_range(w, "--hold", t.hold, 1, 1000);
  in_range(w, "--horizon", t.horizon, 1, 1000);
  in_range(w, "--filter-tau", t.filter_tau, 1, 1000);
  in_range(w, "--ridge", t.ridge, 0, 1e9);
  in_range(w, "--classes", static_cast<double>(t.classes), 2, 100);
  in_range(w, "--pattern-noise", t.pattern_noise, 0, 10);
  if (t.mc_delays >= t.washout + 1 && t.mc)
    throw InputError(w + ": --mc-delays = " + std::to_string(t.mc_delays) + " needs a washout of at least as many steps (--washout = " +
                     std::to_string(t.washout) + ")");
  if (t.horizon >= t.test)
    throw InputError(w + ": --horizon = " + std::to_string(t.horizon) + " must be below --test-steps = " + std::to_string(t.test));
}

Metrics evaluate(Network& net, Level level, const TaskOptions& t, const std::function<void(const std::string&)>& progress) {
  check_task_options(t, "hrsnn");
  Metrics m;
  Reservoir res(net, level);
  auto say = [&](const std::string& s) {
    if (progress) progress(s);
  };

  if (t.learn_steps > 0) {
    res.set_learning(true);
    const auto c = Clock::now();
    const size_t values = (t.learn_steps + t.hold - 1) / t.hold;
    m.steps += res.run(uniform_input(values, t.seed ^ 0x5354445055ULL), t.hold, t.filter_tau, values).steps;
    m.learn_seconds = since(c);
    res.write_learned(net);
    say("STDP: " + std::to_string(t.learn_steps) + " steps");
  }
  res.set_learning(false);

  const size_t n = t.washout + t.train + t.test;
  if (t.mc) {
    const std::vector<double> u = uniform_input(n, t.seed);
    res.reset();
    auto c = Clock::now();
    const Reservoir::Trace tr = res.run(u, t.hold, t.filter_tau, t.washout);
    m.sim_seconds += since(c), m.steps += tr.steps;
    m.spikes_per_neuron_step = static_cast<double>(tr.spikes) / (static_cast<double>(res.neurons()) * tr.steps);
    if (tr.spikes == 0)
      throw InputError("hrsnn: the objective cannot be computed: the reservoir emitted no spike in the " +
                       std::to_string(tr.steps) + "-step memory-capacity run (raise --input-scale, --bias or --rec-gain)");
    c = Clock::now();
    const Eigen::Index tn = static_cast<Eigen::Index>(t.train), te = static_cast<Eigen::Index>(t.test);
    Eigen::MatrixXd y(tn + te, t.mc_delays);
    for (Eigen::Index i = 0; i < tn + te; ++i)
      for (uint32_t k = 1; k <= t.mc_delays; ++k) y(i, k - 1) = u[t.washout + i - k];
    const RidgeModel fit = fit_ridge(tr.states.topRows(tn), y.topRows(tn), t.ridge);
    const Eigen::MatrixXd pred = fit.predict(tr.states.bottomRows(te));
    for (uint32_t k = 0; k < t.mc_delays; ++k) m.mc += squared_correlation(y.bottomRows(te).col(k), pred.col(k));
    m.fit_seconds += since(c);
    if (!(m.mc > 0))
      throw InputError("hrsnn: the objective cannot be computed: memory capacity is 0 (the readout finds no trace of the input)");
    m.objective = m.spikes_per_neuron_step / m.mc;
    // Below the floor the ratio is scaled by (floor / MC)^4, so a quieter reservoir whose
    // memory fades faster than its spike rate no longer wins (continuous at the floor).
    if (m.mc < t.mc_floor) m.objective *= std::pow(t.mc_floor / m.mc, 4);
    say("memory capacity " + std::to_string(m.mc));
  }
  if (t.mackey_glass) {
    m.nrmse_mackey_glass = predict_nrmse(res, mackey_glass(n + t.horizon), t, m);
    say("Mackey-Glass NRMSE " + std::to_string(m.nrmse_mackey_glass));
  }
  if (t.lorenz) {
    m.nrmse_lorenz = predict_nrmse(res, lorenz_x(n + t.horizon), t, m);
    say("Lorenz NRMSE " + std::to_string(m.nrmse_lorenz));
  }
  if (t.classify) {
    const size_t per = t.train_per_class + t.test_per_class;
    const PatternSet set = temporal_patterns(t.classes, per, t.pattern_length, t.pattern_noise, t.seed, t.seed + 1);
    const Eigen::Index ns = static_cast<Eigen::Index>(set.samples.size()), nn = res.neurons();
    Eigen::MatrixXd x(ns, 2 * nn), y = Eigen::MatrixXd::Zero(ns, static_cast<Eigen::Index>(t.classes));
    auto c = Clock::now();
    for (Eigen::Index s = 0; s < ns; ++s) {
      res.reset();
      const Reservoir::Trace tr = res.run(set.samples[s], t.hold, t.filter_tau, 0);
      m.steps += tr.steps;
      x.row(s) << tr.states.colwise().mean(), tr.states.bottomRows(1);
      y(s, set.labels[s]) = 1;
    }
    m.sim_seconds += since(c);
    c = Clock::now();
    const Eigen::Index tn = static_cast<Eigen::Index>(t.classes * t.train_per_class);
    const RidgeModel fit = fit_ridge(x.topRows(tn), y.topRows(tn), t.ridge);
    const Eigen::MatrixXd pred = fit.predict(x.bottomRows(ns - tn));
    size_t right = 0;
    for (Eigen::Index s = 0; s < ns - tn; ++s) {
      Eigen::Index best;
      pred.row(s).maxCoeff(&best);
      right += best == set.labels[tn + s];
    }
    m.accuracy = static_cast<double>(right) / static_cast<double>(ns - tn);
    m.fit_seconds += since(c);
    say("pattern accuracy " + std::to_string(m.accuracy));
  }
  return m;
}

}  // namespace nmx::hrsnn
