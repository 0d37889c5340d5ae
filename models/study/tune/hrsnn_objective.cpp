#include "tune/hrsnn_objective.hpp"

#include "core/error.hpp"

namespace nmx::tune {

std::vector<Dimension> hrsnn_dimensions() {
  return {{"gamma_shape", 0.5, 20, true}, {"gamma_scale", 0.5, 40, true}, {"a_plus", 0.05, 4, true},
          {"stdp_spread", 0, 0.9, false}, {"connectivity", 0.02, 0.5, true}, {"input_scale", 1, 40, true}};
}

void set_reservoir_option(hrsnn::ReservoirOptions& r, const std::string& name, double v) {
  if (name == "gamma_shape") r.gamma_shape = v;
  else if (name == "gamma_scale") r.gamma_scale = v;
  else if (name == "a_plus") r.a_plus = v;
  else if (name == "stdp_spread") r.stdp_spread = v;
  else if (name == "connectivity") r.connectivity = v;
  else if (name == "input_scale") r.input_scale = v;
  else if (name == "rec_gain") r.rec_gain = v;
  else if (name == "tau_stdp") r.tau_stdp = v;
  else
    throw InputError("tune: unknown dimension '" + name +
                     "' (allowed: gamma_shape, gamma_scale, a_plus, stdp_spread, connectivity, input_scale, rec_gain, tau_stdp)");
}

ObjectiveResult hrsnn_objective(const hrsnn::ReservoirOptions& base, const hrsnn::TaskOptions& tasks,
                                hrsnn::Level level, const nlohmann::json& params) {
  hrsnn::ReservoirOptions r = base;
  for (const auto& [k, v] : params.items()) set_reservoir_option(r, k, v.get<double>());
  hrsnn::TaskOptions t = tasks;
  t.mc = true, t.mackey_glass = t.lorenz = t.classify = false;
  Network net = hrsnn::build_reservoir(r, hrsnn::reservoir_hw(r));
  const hrsnn::Metrics m = hrsnn::evaluate(net, level, t);
  ObjectiveResult out;
  out.ok = true;
  out.objective = m.objective;
  out.metrics = {{"memory_capacity", m.mc}, {"spikes_per_neuron_step", m.spikes_per_neuron_step},
                 {"steps", m.steps}, {"sim_seconds", m.learn_seconds + m.sim_seconds}, {"fit_seconds", m.fit_seconds}};
  return out;
}

nlohmann::json hrsnn_context(const hrsnn::ReservoirOptions& r, const hrsnn::TaskOptions& t, hrsnn::Level level) {
  return {{"objective", "spikes_per_neuron_step / memory_capacity"},
          {"level", hrsnn::to_string(level)},
          {"neurons", r.neurons}, {"exc_fraction", r.exc_fraction}, {"input_levels", r.input_levels},
          {"rec_gain", r.rec_gain}, {"inh_gain", r.inh_gain}, {"hetero_neurons", r.hetero_neurons},
          {"tau_syn", r.tau_syn}, {"bias", r.bias}, {"refrac", r.refrac}, {"max_delay", r.max_delay}, {"plastic", r.plastic},
          {"hetero_stdp", r.hetero_stdp}, {"a_plus", r.a_plus}, {"a_ratio", r.a_ratio}, {"tau_stdp", r.tau_stdp},
          {"stdp_spread", r.stdp_spread}, {"stdp_balance", r.stdp_balance}, {"connectivity", r.connectivity}, {"input_scale", r.input_scale},
          {"gamma_shape", r.gamma_shape}, {"gamma_scale", r.gamma_scale}, {"weight_bits", r.weight_bits},
          {"seed", r.seed}, {"learn_steps", t.learn_steps}, {"hold", t.hold}, {"washout", t.washout}, {"train", t.train},
          {"test", t.test}, {"mc_delays", t.mc_delays}, {"filter_tau", t.filter_tau}, {"ridge", t.ridge},
          {"mc_floor", t.mc_floor}, {"task_seed", t.seed}};
}

}  // namespace nmx::tune
