#include "bench/bench_l2.hpp"

#include <chrono>
#include <random>

#include "gen/generate.hpp"
#include "l1/chip_l1.hpp"
#include "l2/chip_model_l2.hpp"
#include "quant/quantize.hpp"

namespace nmx::l2 {
namespace {

using Clock = std::chrono::steady_clock;
using Raster = std::vector<std::vector<uint32_t>>;

// Runs every sample through `model` (no lockstep: each level alone); returns seconds.
double time_samples(ChipModel& model, const std::vector<Raster>& samples) {
  static const std::vector<uint32_t> none;
  std::vector<CoreSpike> out;
  const auto start = Clock::now();
  for (const Raster& raster : samples) {
    model.reset();
    for (size_t t = 0; t < raster.size(); ++t) {
      out.clear();
      model.step(raster[t], t + 1 < raster.size() ? raster[t + 1] : none, out);
    }
  }
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

BenchL2Result bench_l2(const BenchL2Options& opt) {
  GenerateOptions g;
  g.layers = {784, 800, 10};
  g.seed = opt.seed;
  const Network net = quantize(generate_network(g), QuantizeOptions{});
  const ChipImage chip = build_chip_image(net, default_hw_config(), "bench");

  std::mt19937_64 rng(opt.seed);
  std::bernoulli_distribution fire(opt.input_rate);
  std::vector<Raster> samples(opt.samples, Raster(opt.steps));
  for (Raster& r : samples)
    for (auto& step : r)
      for (uint32_t i = 0; i < 784; ++i)
        if (fire(rng)) step.push_back(i);

  ChipL1 l1(chip);
  L2Options o;
  o.lockstep_l1 = false;
  ChipModelL2 l2(chip, o);
  BenchL2Result r;
  r.cores = static_cast<uint32_t>(chip.cores.size());
  r.l1_seconds = time_samples(l1, samples);
  r.l2_seconds = time_samples(l2, samples);
  r.steps = l2.totals().steps;
  r.cycles = l2.totals().cycles;
  r.synaptic_events = l2.totals().synaptic_ops;
  r.steps_per_second = r.steps / r.l2_seconds;
  r.cycles_per_second = r.cycles / r.l2_seconds;
  r.core_cycles_per_second = r.cycles_per_second * r.cores;
  r.ratio_l2_over_l1 = r.l2_seconds / r.l1_seconds;
  return r;
}

nlohmann::json to_json(const BenchL2Result& r, const BenchL2Options& opt) {
  return {{"network", "784-800-10 ternary, D = 16"},
          {"cores", r.cores},
          {"samples", opt.samples},
          {"steps_per_sample", opt.steps},
          {"input_rate", opt.input_rate},
          {"l2_seconds", r.l2_seconds},
          {"l1_seconds", r.l1_seconds},
          {"l2_simulated_steps_per_second", r.steps_per_second},
          {"l2_simulated_cycles_per_second", r.cycles_per_second},
          {"l2_simulated_core_cycles_per_second", r.core_cycles_per_second},
          {"simulated_cycles", r.cycles},
          {"ratio_l2_over_l1_wall_time", r.ratio_l2_over_l1}};
}

}  // namespace nmx::l2
