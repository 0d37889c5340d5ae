// `nmx train hrsnn` (models/learn/hrsnn, docs/hrsnn.md): builds a heterogeneous recurrent
// reservoir, lets its recurrent synapses learn by STDP, measures its tasks at L0 or L1 and
// writes the learned network.
#include <cstdio>
#include <string>

#include "commands.hpp"
#include "hrsnn/hrsnn_tasks.hpp"
#include "hrsnn/reservoir_run.hpp"
#include "hrsnn_options.hpp"
#include "json_out.hpp"
#include "net/network_io.hpp"
#include "output_paths.hpp"
#include "record/input_rasters.hpp"

namespace nmx::cli {
namespace {

nlohmann::json metrics_json(const hrsnn::Metrics& m) {
  return {{"memory_capacity", m.mc}, {"nrmse_mackey_glass", m.nrmse_mackey_glass}, {"nrmse_lorenz", m.nrmse_lorenz},
          {"accuracy", m.accuracy}, {"spikes_per_neuron_step", m.spikes_per_neuron_step}, {"objective", m.objective},
          {"steps", m.steps}, {"learn_seconds", m.learn_seconds}, {"sim_seconds", m.sim_seconds},
          {"fit_seconds", m.fit_seconds}};
}

}  // namespace

void add_train_hrsnn(CLI::App& train) {
  static HrsnnArgs a;
  static std::string output, json, check_input, level = "l1";
  static uint32_t check_steps = 500;
  auto* sub = train.add_subcommand("hrsnn", "heterogeneous recurrent spiking reservoir with STDP, ridge readouts");
  sub->add_option("-o,--output", output, "network file to write (.h5): quantised, mapped, with the learned weights")
      ->check(OutputFile);
  sub->add_option("--level", level, "l0 (float) or l1 (the quantised chip, bit-accurate)")
      ->check(CLI::IsMember({"l0", "l1"}));
  sub->add_option("--check-input", check_input,
                  "input spike rasters (.h5) of a random input, held as in the tasks, for `nmx check NET --input`")
      ->check(OutputFile);
  sub->add_option("--check-steps", check_steps, "steps of --check-input [1, 100000]")->check(CLI::Range(1u, 100000u));
  add_json_option(sub, json, "the measured metrics");
  add_reservoir_options(sub, a);
  add_task_options(sub, a);
  sub->callback([] {
    a.apply();
    hrsnn::check_options(a.r, "train hrsnn");
    hrsnn::check_task_options(a.t, "train hrsnn");
    hrsnn::ReservoirReport rep;
    Network net = hrsnn::build_reservoir(a.r, hrsnn::reservoir_hw(a.r), &rep);
    std::printf("nmx train hrsnn: %u E + %u I neurons, %u inputs, %zu synapses on %u cores; tau_m %s mean %.2f "
                "[%.2f, %.2f] steps%s\n",
                rep.excitatory, rep.inhibitory, rep.inputs, rep.synapses, net.hw->cores(),
                a.r.hetero_neurons ? "Gamma" : "equal", rep.tau_mean, rep.tau_min, rep.tau_max,
                rep.tau_clamped ? (", " + std::to_string(rep.tau_clamped) + " clamped").c_str() : "");
    std::printf("  STDP groups: %s\n", a.r.plastic ? rep.groups.c_str() : "none (--no-stdp)");
    std::fflush(stdout);
    const hrsnn::Level lv = level == "l0" ? hrsnn::Level::L0 : hrsnn::Level::L1;
    const hrsnn::Metrics m = hrsnn::evaluate(net, lv, a.t, [](const std::string& s) {
      std::printf("  %s\n", s.c_str());
      std::fflush(stdout);
    });
    std::printf("%s: MC %.3f, NRMSE Mackey-Glass %.4f, Lorenz %.4f, accuracy %.2f%%, %.4f spikes/neuron/step, "
                "objective %.5f; %zu steps in %.2f s (%.0f steps/s), readouts %.2f s\n",
                hrsnn::to_string(lv), m.mc, m.nrmse_mackey_glass, m.nrmse_lorenz, 100 * m.accuracy,
                m.spikes_per_neuron_step, m.objective, m.steps, m.learn_seconds + m.sim_seconds,
                m.steps / (m.learn_seconds + m.sim_seconds), m.fit_seconds);
    if (!json.empty()) {
      nlohmann::json j = metrics_json(m);
      j["level"] = level;
      write_json(json, j);
    }
    if (!output.empty()) {
      write_network(net, output);
      std::printf("wrote %s\n", output.c_str());
    }
    if (!check_input.empty()) {
      const size_t values = (check_steps + a.t.hold - 1) / a.t.hold;
      auto steps = hrsnn::input_raster(hrsnn::uniform_input(values, a.t.seed + 7), a.t.hold, a.r.input_levels);
      steps.resize(check_steps);
      write_input_rasters(check_input, {steps}, 2 * a.r.input_levels, {});
      std::printf("wrote %s (1 sample of %u steps)\n", check_input.c_str(), check_steps);
    }
  });
}

}  // namespace nmx::cli
