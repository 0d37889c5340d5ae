#include <cstdio>
#include <string>

#include "bench/bench_l1.hpp"
#include "l3/bench_levels.hpp"
#include "commands.hpp"
#include "json_out.hpp"

namespace nmx::cli {

void add_bench(CLI::App& app) {
  static BenchL1Options o;
  static BenchOptions o2;
  static std::string json;
  auto* sub = app.add_subcommand("bench", "measure L0, L1, L2 and L3 speed, with the ratios between levels from one run");
  sub->add_option("--delay-slots", o.delay_slots, "D")->check(CLI::IsMember({1, 2, 4, 8, 16, 32, 64}));
  sub->add_option("--rate", o.input_rate, "fraction of inputs spiking per step")->check(CLI::Range(0.001, 1.0));
  sub->add_option("--seconds", o.min_seconds, "minimum time per level")->check(CLI::Range(0.05, 600.0));
  sub->add_option("--chip-samples", o2.samples, "L1/L2/L3: samples of the 784-800-10 network")->check(CLI::Range(1u, 100000u));
  sub->add_option("--chip-steps", o2.steps, "L1/L2/L3: timesteps per sample")->check(CLI::Range(1u, 100000u));
  sub->add_option("--rtl-samples", o2.rtl_samples, "L3: the first K samples, also run at L1 and L2 for the ratios")
      ->check(CLI::Range(1u, 100000u));
  add_json_option(sub, json, "write the figures as JSON");
  sub->callback([] {
    const BenchL1Result r = bench_l1(o);
    std::printf("nmx bench: dense %ux%u ternary projection, D=%u, input rate %.3g, 1 thread\n", o.pre, o.post,
                o.delay_slots, o.input_rate);
    std::printf("  L1 fixed  %10.1f M synaptic events/s\n", r.l1_events_per_second / 1e6);
    std::printf("  L0 float  %10.1f M synaptic events/s\n", r.l0_events_per_second / 1e6);
    std::printf("  ratio L1/L0 %8.2f x\n", r.ratio_l1_over_l0);
    std::printf("  L1 synapse memory %.2f bytes/synapse (hardware: %.1f bits = 2-bit code + log2(D) delay)\n",
                r.packed_bytes_per_synapse, r.hardware_bits_per_synapse);
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
    if (!json.empty()) write_json(json, {{"l1_l0", to_json(r, o)}, {"chip_levels", to_json(r2, o2)}});
  });
}

}  // namespace nmx::cli
