#include <algorithm>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_l1.hpp"
#include "bench/bench_levels.hpp"
#include "bench/bench_modes.hpp"
#include "bench/bench_plasticity.hpp"
#include "commands.hpp"
#include "core/error.hpp"
#include "json_out.hpp"
#include "net/network_io.hpp"
#include "progress.hpp"
#include "rtl_chip_option.hpp"

namespace nmx::cli {

void add_bench(CLI::App& app) {
  static BenchL1Options o;
  static std::vector<double> rates{0.1, 0.2};
  static BenchOptions o2;
  static bool no_chip = false;
  static std::string json;
  static bool no_progress = false;
  static bool plasticity = false;
  static std::string rtl_chip = "both";
  static uint32_t rtl_threads = 1;
  static unsigned rtl_chips = 0;
  static bool modes = false;
  static BenchModesOptions mo;
  static std::string modes_network;
  auto* sub = app.add_subcommand("bench", "measure L0, L1, L2 and L3 speed, with the ratios between levels from one run");
  sub->add_option("--delay-slots", o.delay_slots, "D")->check(CLI::IsMember({1, 2, 4, 8, 16, 32, 64}));
  sub->add_option("--rate", rates, "L0/L1/plain loop: fraction of inputs spiking per step, one run per rate (comma-separated)")
      ->delimiter(',')
      ->check(CLI::Range(0.001, 1.0));
  sub->add_option("--seconds", o.min_seconds, "minimum time per level")->check(CLI::Range(0.05, 600.0));
  sub->add_option("--chip-samples", o2.samples, "L1/L2/L3: samples of the 784-800-10 network")->check(CLI::Range(1u, 100000u));
  sub->add_option("--chip-steps", o2.steps, "L1/L2/L3: timesteps per sample")->check(CLI::Range(1u, 100000u));
  sub->add_option("--rtl-samples", o2.rtl_samples, "L3: the first K samples, also run at L1 and L2 for the ratios")
      ->check(CLI::Range(1u, 100000u));
  sub->add_option("--rtl-chip", rtl_chip,
                  "L3's chips: builtin (only the one linked into nmx, 20 cores) or both (also one Verilated for the "
                  "workload's cores, built at first use and cached in $NMX_CACHE_DIR or ~/.cache/nmx)")
      ->check(CLI::IsMember({"builtin", "both"}));
  sub->add_option("--rtl-threads", rtl_threads,
                  "threads of the sized L3 chip's model (Verilator --threads; they spin while waiting: only on free "
                  "cores)")
      ->check(CLI::Range(1u, 64u));
  sub->add_option("--rtl-chips", rtl_chips,
                  "with --rtl-chip both: also deal the L3 samples out to K sized chips, one thread each, as nmx run "
                  "--level rtl -j K and nmx check -j K run them (0 = one per core; 1 = skip)")
      ->check(CLI::Range(0u, 256u));
  sub->add_flag("--no-chip", no_chip, "only the projection block: skip the L1/L2/L3 chip-level runs");
  add_json_option(sub, json, "write the figures as JSON");
  sub->add_flag("--no-progress", no_progress, "no progress bar");
  sub->add_flag("--plasticity", plasticity,
                "only L1 with learning on against off: 1,000 recurrent neurons, 10% connectivity, pair STDP");
  sub->add_flag("--modes", modes,
                "only L1 with a low-rank recurrence on the mode unit against the same W as a dense N x N projection "
                "(generated networks, P = 3, N from --modes-sizes)");
  sub->add_option("--modes-sizes", mo.sizes, "--modes: N of the generated networks (comma-separated)")
      ->delimiter(',')
      ->check(CLI::Range(1u, kMaxCoreNeurons));
  sub->add_option("--modes-network", modes_network,
                  "--modes: a float network file with a mode projection (e.g. from nmx train smnn) instead of "
                  "the generated ones")
      ->check(CLI::ExistingFile);
  sub->callback([sub] {
    if (rtl_chip == "builtin" && (sub->count("--rtl-chips") || sub->count("--rtl-threads")))
      throw InputError("--rtl-chips and --rtl-threads time the sized chip: they need --rtl-chip both");
    if (modes) {
      mo.min_seconds = o.min_seconds;
      std::vector<BenchModesResult> rows;
      if (modes_network.empty())
        rows = bench_modes(mo);
      else
        rows.push_back(bench_modes(read_network(modes_network), mo));
      std::printf("nmx bench --modes: L1, mode unit (WM %d) against the same W as a dense projection (WB %d), "
                  "input rate %.3g, 1 thread, interleaved\n",
                  mo.mode_bits, mo.weight_bits, mo.input_rate);
      nlohmann::json rows_json = nlohmann::json::array();
      for (const BenchModesResult& r : rows) {
        std::printf("  N %4u P %2u (%u inputs): mode unit %9.0f steps/s, dense W %9.0f steps/s, ratio mode/dense "
                    "%6.2f x (spikes/step %.1f and %.1f; W error: codes %.3g, dense %.3g)\n",
                    r.neurons, r.modes, r.inputs, r.mode_steps_per_second, r.dense_steps_per_second,
                    r.ratio_mode_over_dense, r.mode_spikes_per_step, r.dense_spikes_per_step, r.mode_matrix_rel_error,
                    r.dense_weight_rel_error);
        rows_json.push_back(to_json(r, mo));
      }
      if (!json.empty()) write_json(json, {{"modes", rows_json}});
      return;
    }
    if (plasticity) {
      BenchPlasticityOptions po;
      po.min_seconds = o.min_seconds;
      const BenchPlasticityResult r = bench_plasticity(po);
      std::printf("nmx bench --plasticity: %u inputs -> %u recurrent neurons, density %.2g, pair STDP, %u cores, 1 thread\n",
                  po.inputs, po.neurons, po.connectivity, r.cores);
      std::printf("  L1 learning on  %10.0f steps/s (%.1f spikes, %.0f synaptic events, %.0f rule evaluations per step)\n",
                  r.on_steps_per_second, r.spikes_per_step, r.synaptic_events_per_step, r.plastic_evaluations_per_step);
      std::printf("  L1 learning off %10.0f steps/s\n", r.off_steps_per_second);
      std::printf("  ratio on/off %6.2f\n", r.ratio_on_over_off);
      if (!json.empty()) write_json(json, {{"plasticity", to_json(r, po)}});
      return;
    }
    // Timed runs: one interleaved L1/L0/plain run per rate, then L1, L2, L3 and L1, L2 again.
    if (rtl_chip == "both") {
      o2.sized_chip = [](const ChipImage& chip) {
        return rtl_chip_for(chip, RtlChipChoice::Sized, say_line, rtl_threads);
      };
      o2.rtl_chips = rtl_chips ? rtl_chips : std::max(1u, std::thread::hardware_concurrency());
    }
    const size_t runs = rates.size() + (no_chip ? 0 : o2.bench_levels_runs());
    Progress progress("bench", !no_progress);
    size_t finished = 0;
    o.progress = [&](size_t, size_t) { progress(++finished, runs); };
    o2.progress = [&](size_t d, size_t) { progress(rates.size() + d, runs); };
    nlohmann::json l1_json = nlohmann::json::array();
    for (const double rate : rates) {
      o.input_rate = rate;
      const BenchL1Result r = bench_l1(o);
      std::printf("nmx bench: dense %ux%u ternary projection, D=%u, input rate %.3g, 1 thread, interleaved\n", o.pre,
                  o.post, o.delay_slots, o.input_rate);
      std::printf("  L1 fixed    %10.1f M synaptic events/s (clamp-free synaptic phases: %.0f%%)\n",
                  r.l1_events_per_second / 1e6, 100.0 * r.l1_fast_fraction);
      std::printf("  L1 clamped  %10.1f M synaptic events/s (clamp-free path off: every add saturates)\n",
                  r.l1_clamped_events_per_second / 1e6);
      std::printf("  L0 float    %10.1f M synaptic events/s\n", r.l0_events_per_second / 1e6);
      std::printf("  plain loop  %10.1f M synaptic events/s (byte rows into an int32 ring, no saturation)\n",
                  r.plain_events_per_second / 1e6);
      std::printf("  ratio L1/plain %6.2f x, L1/L0 %6.2f x\n", r.ratio_l1_over_plain, r.ratio_l1_over_l0);
      std::printf("  L1 synapse memory %.2f bytes/synapse (hardware: %.1f bits = 2-bit code + log2(D) delay)\n",
                  r.packed_bytes_per_synapse, r.hardware_bits_per_synapse);
      l1_json.push_back(to_json(r, o));
    }
    if (no_chip) {
      if (!json.empty()) write_json(json, {{"l1_l0", l1_json}});
      return;
    }
    const BenchLevelsResult r2 = bench_levels(o2);
    std::printf("nmx bench: 784-800-10 ternary-delay network, %u cores, %u samples x %u steps, input rate %.3g\n",
                r2.cores, o2.samples, o2.steps, o2.input_rate);
    std::printf("  L2 systemc %9.0f simulated steps/s, %6.2f M cycles/s (%.2f M core-cycles/s)\n",
                r2.l2_steps_per_second(), r2.l2_cycles_per_second() / 1e6, r2.l2_cycles_per_second() * r2.cores / 1e6);
    std::printf("  wall time  L1 %.3f s, L2 %.3f s: L2/L1 %.1f x (same samples, 1 thread each)\n", r2.l1_seconds,
                r2.l2_seconds, r2.l2_seconds / r2.l1_seconds);
    std::printf("  L3 rtl     %9.3f M cycles/s (Verilated; first %u samples, the same %llu cycles as L2)\n",
                r2.l3_cycles_per_second() / 1e6, o2.rtl_samples, static_cast<unsigned long long>(r2.rtl_cycles));
    std::printf("  on those samples: L2 is %.0f x and L1 %.0f x faster than L3\n", r2.speed_l2_over_l3(),
                r2.speed_l1_over_l3());
    if (r2.has_sized()) {
      std::printf("  L3 sized   %9.3f M cycles/s (Verilated for the %u cores used, -O2, %u model thread%s; same samples "
                  "and cycles): %.1f x the built-in chip\n",
                  r2.l3_sized_cycles_per_second() / 1e6, r2.cores, rtl_threads, rtl_threads == 1 ? "" : "s",
                  r2.speed_sized_over_builtin());
      std::printf("  on those samples: L2 is %.1f x faster than the sized L3\n", r2.speed_l2_over_sized());
    }
    if (r2.has_parallel())
      std::printf("  L3 sized x%u %7.3f M cycles/s (the same samples dealt out to %u sized chips, one thread each; "
                  "simulated cycles over wall time): %.2f x one sized chip\n",
                  r2.sized_chips, r2.l3_sized_parallel_cycles_per_second() / 1e6, r2.sized_chips,
                  r2.speed_parallel_over_sized());
    if (!json.empty()) write_json(json, {{"l1_l0", l1_json}, {"chip_levels", to_json(r2, o2)}});
  });
}

}  // namespace nmx::cli
