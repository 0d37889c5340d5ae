#include "check/level_check.hpp"

#include <chrono>

namespace nmx {

LevelCheck::LevelCheck(const ChipImage& chip, const CheckOptions& opt)
    : chip_(chip), opt_(opt), l1_(chip), vs_l2_(opt.state), vs_l3_(opt.state) {
  if (opt.systemc) {
    l2::L2Options o;
    o.lockstep_l1 = false;  // compared here, against the one L1
    l2_ = std::make_unique<l2::ChipModelL2>(chip, o);
  }
  if (opt.rtl) l3_ = std::make_unique<l3::ChipL3>(chip, opt.l3);
}

std::optional<Mismatch> LevelCheck::compare_cycles(const StepCycles& a, const StepCycles& b, uint32_t step) {
  auto differ = [&](uint32_t core, uint32_t neuron, const char* field, uint64_t x, uint64_t y) -> std::optional<Mismatch> {
    ++cycle_words_;
    if (x == y) return std::nullopt;
    return Mismatch{step, core, neuron, field, static_cast<int64_t>(x), static_cast<int64_t>(y)};
  };
  for (uint32_t c = 0; c < a.cores.size(); ++c) {
    const CoreStepCycles &p = a.cores[c], &q = b.cores[c];
    if (auto m = differ(c, 0, "synaptic_cycles", p.synaptic, q.synaptic)) return m;
    if (auto m = differ(c, 0, "neuron_cycles", p.neuron, q.neuron)) return m;
    if (auto m = differ(c, 0, "plastic_cycles", p.plastic, q.plastic)) return m;
    if (auto m = differ(c, 0, "mode_cycles", p.mode, q.mode)) return m;
    for (size_t k = 0; k < std::min(p.spike_exit.size(), q.spike_exit.size()); ++k)
      if (auto m = differ(c, p.spike_neuron[k], "spike_exit_cycle", p.spike_exit[k], q.spike_exit[k])) return m;
    if (auto m = differ(c, 0, "route_stall_cycles", p.route_stall, q.route_stall)) return m;
  }
  return differ(0, 0, "step_cycles", a.cycles, b.cycles);
}

std::optional<CheckFailure> LevelCheck::run_sample(const std::vector<std::vector<uint32_t>>& raster) {
  static const std::vector<uint32_t> none;
  const uint32_t sample = samples_++;
  l1_.reset();
  if (l2_) l2_->reset();
  if (l3_) l3_->reset();
  int64_t last = -1;
  std::vector<CoreSpike> s1, s2, s3;
  auto fail = [&](const Mismatch& m, const char* ref, const char* dut) {
    return CheckFailure{m, m.line(ref, dut), sample, last};
  };
  for (uint32_t t = 0; t < raster.size(); ++t) {
    const auto& next = t + 1 < raster.size() ? raster[t + 1] : none;
    s1.clear(), s2.clear(), s3.clear();
    if (opt_.before_step) {
      opt_.before_step(t, l1_);
      if (l2_) opt_.before_step(t, *l2_);
      if (l3_) opt_.before_step(t, *l3_);
    }
    l1_.step(raster[t], s1);
    using clock = std::chrono::steady_clock;
    if (l2_) {
      const auto t0 = clock::now();
      l2_->step(raster[t], next, s2);
      l2_seconds_ += std::chrono::duration<double>(clock::now() - t0).count();
      if (auto m = vs_l2_.compare(t, l1_, s1, *l2_, s2)) return fail(*m, "L1", "L2");
    }
    if (l3_) {
      const auto t0 = clock::now();
      l3_->step(raster[t], next, s3);
      l3_seconds_ += std::chrono::duration<double>(clock::now() - t0).count();
      if (auto m = vs_l3_.compare(t, l1_, s1, *l3_, s3)) return fail(*m, "L1", "L3");
    }
    if (opt_.state && l1_.learns()) {  // every trace and plastic synapse of every learning core
      for (uint32_t c = 0; c < chip_.cores.size(); ++c) {
        if (chip_.cores[c].groups.empty()) continue;
        const PlasticSnapshot ref = plastic_snapshot(l1_.core(c));
        plastic_words_ += ref.x1.size() * 2 + ref.y1.size() * 2 * ref.groups + ref.synapses.size() * 3;
        if (l2_)
          if (auto m = compare_plastic(t, c, ref, l2_->chip().plastic_state(c))) return fail(*m, "L1", "L2");
        if (l3_)
          if (auto m = compare_plastic(t, c, ref, l3_->plastic_snapshot(c))) return fail(*m, "L1", "L3");
      }
    }
    if (l2_ && l3_) {
      if (t == 0)
        if (auto m = compare_cycles(l2_->chip().last_preload(), l3_->last_preload(), t)) {
          m->field = "preload_" + m->field;
          return fail(*m, "L2", "L3");
        }
      if (auto m = compare_cycles(l2_->chip().last_step(), l3_->last_step(), t)) return fail(*m, "L2", "L3");
      l2_cycles_ += l2_->chip().last_step().cycles;
      l3_cycles_ += l3_->last_step().cycles;
      for (const auto& core : l3_->last_step().cores) l3_route_stalls_ += core.route_stall;
      l3_route_stalls_ += l3_->last_step().host_stall;
    }
    ++steps_;
    spikes_ += s1.size();
    last = t;
  }
  return std::nullopt;
}

}  // namespace nmx
