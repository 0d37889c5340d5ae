#include <cstdio>
#include <string>

#include "bench/bench_l1.hpp"
#include "commands.hpp"
#include "json_out.hpp"

namespace nmx::cli {

void add_bench(CLI::App& app) {
  static BenchL1Options o;
  static std::string json;
  auto* sub = app.add_subcommand("bench", "measure L1 and L0 throughput (synaptic events per second)");
  sub->add_option("--delay-slots", o.delay_slots, "D")->check(CLI::IsMember({1, 2, 4, 8, 16, 32, 64}));
  sub->add_option("--rate", o.input_rate, "fraction of inputs spiking per step")->check(CLI::Range(0.001, 1.0));
  sub->add_option("--seconds", o.min_seconds, "minimum time per level")->check(CLI::Range(0.05, 600.0));
  sub->add_option("--json", json, "write the figures as JSON");
  sub->callback([] {
    const BenchL1Result r = bench_l1(o);
    std::printf("nmx bench: dense %ux%u ternary projection, D=%u, input rate %.3g, 1 thread\n", o.pre, o.post,
                o.delay_slots, o.input_rate);
    std::printf("  L1 fixed  %10.1f M synaptic events/s\n", r.l1_events_per_second / 1e6);
    std::printf("  L0 float  %10.1f M synaptic events/s\n", r.l0_events_per_second / 1e6);
    std::printf("  ratio L1/L0 %8.2f x\n", r.ratio_l1_over_l0);
    std::printf("  L1 synapse memory %.2f bytes/synapse (hardware: %.1f bits = 2-bit code + log2(D) delay)\n",
                r.packed_bytes_per_synapse, r.hardware_bits_per_synapse);
    if (!json.empty()) write_json(json, to_json(r, o));
  });
}

}  // namespace nmx::cli
