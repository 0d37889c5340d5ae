#include "bench/bench_workload.hpp"

#include <chrono>
#include <random>

#include "gen/generate.hpp"
#include "l1/chip_l1.hpp"
#include "quant/quantize.hpp"

namespace nmx {

using Clock = std::chrono::steady_clock;
using Raster = std::vector<std::vector<uint32_t>>;

void run_sample(ChipModel& model, const Raster& raster) {
  static const std::vector<uint32_t> none;
  std::vector<CoreSpike> out;
  model.reset();
  for (size_t t = 0; t < raster.size(); ++t) {
    out.clear();
    model.step(raster[t], t + 1 < raster.size() ? raster[t + 1] : none, out);
  }
}

double time_samples(ChipModel& model, const std::vector<Raster>& samples) {
  const auto start = Clock::now();
  for (const Raster& raster : samples) run_sample(model, raster);
  return std::chrono::duration<double>(Clock::now() - start).count();
}

BenchWorkload make_bench_workload(const BenchOptions& opt) {
  GenerateOptions g;
  g.layers = {784, 800, 10};
  g.seed = opt.seed;
  BenchWorkload w;
  w.network = quantize(generate_network(g), QuantizeOptions{});
  w.chip = build_chip_image(w.network, default_hw_config(), "bench");
  std::mt19937_64 rng(opt.seed);
  std::bernoulli_distribution fire(opt.input_rate);
  w.samples.assign(opt.samples, Raster(opt.steps));
  for (Raster& r : w.samples)
    for (auto& step : r)
      for (uint32_t i = 0; i < 784; ++i)
        if (fire(rng)) step.push_back(i);
  return w;
}

}  // namespace nmx
