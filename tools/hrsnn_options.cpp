#include "hrsnn_options.hpp"

#include <sstream>

#include "core/error.hpp"
#include "option_ranges.hpp"

namespace nmx::cli {

void HrsnnArgs::apply() {
  r.hetero_neurons = !homogeneous;
  r.hetero_stdp = !homogeneous_stdp;
  r.plastic = !no_stdp;
  if (no_stdp) t.learn_steps = 0;
  t.mc = t.mackey_glass = t.lorenz = t.classify = false;
  std::stringstream s(tasks);
  for (std::string x; std::getline(s, x, ',');) {
    if (x == "mc") t.mc = true;
    else if (x == "mg") t.mackey_glass = true;
    else if (x == "lorenz") t.lorenz = true;
    else if (x == "patterns") t.classify = true;
    else throw InputError("--tasks: unknown task '" + x + "' (allowed: mc, mg, lorenz, patterns, comma-separated)");
  }
}

void add_reservoir_options(CLI::App* sub, HrsnnArgs& a) {
  hrsnn::ReservoirOptions& r = a.r;
  sub->add_option("-N,--neurons", r.neurons, "reservoir neurons, E + I [8, 100000]")
      ->check(CLI::Range(8u, 100000u));
  sub->add_option("--exc-fraction", r.exc_fraction, "share of excitatory neurons (0, 1)")
      ->check(CLI::Range(0.0, 1.0));
  sub->add_option("--connectivity", r.connectivity, "recurrent connection probability (0, 1]")
      ->check(CLI::Range(0.0, 1.0));
  sub->add_option("--input-levels", r.input_levels, "thermometer levels per sign of the input (2L input neurons) [1, 128]")
      ->check(CLI::Range(1u, 128u));
  sub->add_option("--input-scale", r.input_scale, "input drive at |u| = 1, in thresholds (0, 100]")
      ->check(CLI::Range(0.0, 100.0));
  sub->add_option("--rec-gain", r.rec_gain, "excitatory weight: theta * gain / sqrt(E fan-in) [0, 100]")
      ->check(CLI::Range(0.0, 100.0));
  sub->add_option("--inh-gain", r.inh_gain, "inhibitory weight magnitude relative to excitatory [0, 100]")
      ->check(CLI::Range(0.0, 100.0));
  sub->add_flag("--homogeneous", a.homogeneous, "every membrane time constant at shape * scale (default: Gamma-distributed)");
  sub->add_option("--gamma-shape", r.gamma_shape, "membrane time constants ~ Gamma(shape, scale): shape (0, 100]")
      ->check(CLI::Range(0.0, 100.0));
  sub->add_option("--gamma-scale", r.gamma_scale, "Gamma scale, steps (0, 1000]")
      ->check(CLI::Range(0.0, 1000.0));
  sub->add_option("--bias", r.bias, "resting membrane in thresholds (each neuron's bias is bias * dv) [0, 2]")
      ->check(CLI::Range(0.0, 2.0));
  sub->add_option("--tau-syn", r.tau_syn, "synaptic current time constant, steps [0.1, 1000]")
      ->check(CLI::Range(0.1, 1000.0));
  sub->add_option("--refrac", r.refrac, "refractory steps [0, 15]")
      ->check(CLI::Range(0u, 15u));
  sub->add_option("--max-delay", r.max_delay, "recurrent delays uniform in [0, max] steps [0, 63]")
      ->check(CLI::Range(0u, 63u));
  sub->add_flag("--no-stdp", a.no_stdp, "recurrent weights fixed (no plasticity, no learning phase)");
  sub->add_flag("--homogeneous-stdp", a.homogeneous_stdp, "every group at the STDP ranges' centres (default: drawn per group)");
  sub->add_option("--a-plus", r.a_plus, "centre of A+, weight codes per spike pair [2^-12, 64]")
      ->check(CLI::Range(0.000244140625, 64.0));
  sub->add_option("--a-ratio", r.a_ratio, "A- / A+ at the centre (0, 10]")
      ->check(CLI::Range(0.0, 10.0));
  sub->add_option("--tau-stdp", r.tau_stdp, "centre of tau+ and tau-, steps [1, 1000]")
      ->check(CLI::Range(1.0, 1000.0));
  sub->add_option("--stdp-spread", r.stdp_spread, "heterogeneous STDP: each group's parameters uniform in centre * [1 - s, 1 + s] [0, 0.95]")
      ->check(CLI::Range(0.0, 0.95));
  sub->add_flag("--stdp-balance", r.stdp_balance,
                "each group's A- at least a-ratio * A+ * tau+ / tau- (depression outweighs potentiation)");
  sub->add_option("--weight-bits", r.weight_bits, "weight code bits of every projection {2, 4, 8}")
      ->check(CLI::IsMember({2, 4, 8}));
  sub->add_option("--seed", r.seed, "network seed (neurons, weights, STDP groups)")
      ->check(full_range<uint64_t>());
}

void add_task_options(CLI::App* sub, HrsnnArgs& a) {
  hrsnn::TaskOptions& t = a.t;
  sub->add_option("--tasks", a.tasks, "comma-separated: mc (memory capacity), mg (Mackey-Glass), lorenz, patterns");
  sub->add_option("--learn-steps", t.learn_steps, "STDP steps on a random input before the tasks")
      ->check(full_range<uint32_t>());
  sub->add_option("--hold", t.hold, "steps each input value is held; the readout reads the state at its last [1, 1000]")
      ->check(CLI::Range(1u, 1000u));
  sub->add_option("--washout", t.washout, "input values before the readout's states")
      ->check(full_range<uint32_t>());
  sub->add_option("--train-steps", t.train, "input values the readout is trained on")
      ->check(full_range<uint32_t>());
  sub->add_option("--test-steps", t.test, "input values the readout is tested on")
      ->check(full_range<uint32_t>());
  sub->add_option("--mc-delays", t.mc_delays, "memory capacity: delays k = 1..K input values [1, 1000]")
      ->check(CLI::Range(1u, 1000u));
  sub->add_option("--horizon", t.horizon, "prediction: input values ahead [1, 1000]")
      ->check(CLI::Range(1u, 1000u));
  sub->add_option("--filter-tau", t.filter_tau, "readout state filter, steps [1, 1000]")
      ->check(CLI::Range(1.0, 1000.0));
  sub->add_option("--ridge", t.ridge, "readout ridge penalty [0, 1e9]")
      ->check(CLI::Range(0.0, 1e9));
  sub->add_option("--mc-floor", t.mc_floor, "objective: below this memory capacity, spikes / MC times (floor / MC)^4 [0, 1000]")
      ->check(CLI::Range(0.0, 1000.0));
  sub->add_option("--classes", t.classes, "temporal patterns: classes [2, 100]")
      ->check(CLI::Range(2u, 100u));
  sub->add_option("--pattern-noise", t.pattern_noise, "temporal patterns: noise sd [0, 10]")
      ->check(CLI::Range(0.0, 10.0));
  sub->add_option("--task-seed", t.seed, "seed of the inputs and patterns")
      ->check(full_range<uint64_t>());
}

}  // namespace nmx::cli
