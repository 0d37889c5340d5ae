#include "ladder/quant_ladder.hpp"

#include <algorithm>

#include "run/runner.hpp"

namespace nmx {
namespace {

double accuracy(const Network& net, const ChipImage* chip, Level level, const Dataset& data, unsigned threads,
                const std::function<void(size_t, size_t)>& progress = {}) {
  RunOptions o;
  o.level = level;
  o.threads = threads;
  o.compare_with_l0 = false;
  o.progress = progress;
  return run_dataset(net, chip, data, o).accuracy;
}

}  // namespace

std::vector<QuantStage> quantization_ladder(const Network& float_net, const Network& q, const ChipImage& chip,
                                            const Dataset& data, unsigned threads,
                                            const std::function<void(const QuantStage&)>& on_stage,
                                            const DatapathMapOptions& datapath,
                                            const std::function<void(size_t, size_t)>& progress) {
  std::vector<QuantStage> out;
  // Progress over all stages: each runs every sample once.
  const size_t stages = has_srm(float_net) ? 5 : 4, n = data.size();
  auto accuracy = [&](const Network& net, const ChipImage* chip, Level level, const Dataset& d, unsigned t) {
    const size_t before = out.size() * n;
    std::function<void(size_t, size_t)> p;
    if (progress) p = [&](size_t done, size_t) { progress(before + done, stages * n); };
    return nmx::accuracy(net, chip, level, d, t, p);
  };
  auto stage = [&](const std::string& name, double acc) {
    out.push_back({name, acc});
    if (on_stage) on_stage(out.back());
  };
  stage(has_srm(float_net) ? "SRM-alpha float network (L0)" : "float network (L0)",
        accuracy(float_net, nullptr, Level::Float, data, threads));

  // The datapath twin, delays not yet clipped: this step costs what the reset stand-in does.
  Network clipped = float_net;
  if (has_srm(float_net)) {
    DatapathMapOptions m = datapath;
    m.max_delay = fx::kMaxDelaySlots - 1;
    DatapathMapReport rep;
    clipped = map_to_datapath(float_net, m, &rep);
    stage(std::string("+ mapped onto the datapath, ") + (rep.exact ? "exact" : "approximate") + " (L0)",
          accuracy(clipped, nullptr, Level::Float, data, threads));
  }
  const uint32_t d_max = chip.hw.core.delay_slots - 1;
  for (Projection& pr : clipped.projections)
    for (uint8_t& d : pr.delay) d = static_cast<uint8_t>(std::min<uint32_t>(d, d_max));
  stage("+ delays clipped to D-1 = " + std::to_string(d_max) + " (L0)", accuracy(clipped, nullptr, Level::Float, data, threads));

  // Weights as the chip sees them, in membrane units: effective weight x the post LSB.
  Network weights = clipped;
  for (size_t k = 0; k < weights.projections.size(); ++k) {
    Projection& pr = weights.projections[k];
    const Projection& qp = q.projections[k];
    const double lsb = q.populations[qp.post].lsb;
    for (size_t s = 0; s < pr.weight.size(); ++s) pr.weight[s] = fx::effective_weight(qp.code[s], qp.scale) * lsb;
  }
  stage("+ weights quantised to " + std::to_string(q.projections.empty() ? 0 : q.projections[0].weight_bits) +
            "-bit codes x scale (L0)",
        accuracy(weights, nullptr, Level::Float, data, threads));
  stage("+ thresholds, decays, state in fixed point (L1)", accuracy(q, &chip, Level::Fixed, data, threads));
  return out;
}

}  // namespace nmx
