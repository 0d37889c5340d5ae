#include "l2/chip_model_l2.hpp"

#include <algorithm>
#include <cmath>

namespace nmx::l2 {

ChipModelL2::ChipModelL2(const ChipImage& chip, const L2Options& options)
    : image_(chip), opt_(options), checker_(options.compare_state) {
  chip_ = std::make_unique<ChipL2>(options.name.c_str(), chip, options.trace, options.models);
  if (opt_.lockstep_l1) l1_.emplace(chip);
  totals_.cores = static_cast<uint32_t>(chip.cores.size());
  totals_.lockstep = opt_.lockstep_l1;
  totals_.state = opt_.compare_state;
  learning_ = has_plastic_cores(chip);
}

void ChipModelL2::set_learning(bool on) {
  learning_ = on && has_plastic_cores(image_);
  for (uint32_t c = 0; c < image_.cores.size(); ++c) chip_->cores[c]->set_learning(on);
  if (l1_) l1_->set_learning(on);
}

void ChipModelL2::set_core_learning_signal(uint32_t core, uint32_t local, int32_t l) {
  chip_->apply_pending_reset();  // a host write after reset() must survive it
  chip_->cores[core]->set_learning_signal(local, l);
  if (l1_) l1_->set_core_learning_signal(core, local, l);
}

void ChipModelL2::set_core_clamp(uint32_t core, uint32_t local, uint8_t clamp) {
  chip_->apply_pending_reset();
  chip_->cores[core]->set_clamp(local, clamp);
  if (l1_) l1_->set_core_clamp(core, local, clamp);
}

void ChipModelL2::write_core_weights(uint32_t core, uint32_t axon, const std::vector<int32_t>& codes) {
  chip_->cores[core]->write_weights(axon, codes);
  if (l1_) l1_->write_core_weights(core, axon, codes);
}

void ChipModelL2::write_learned(Network& net) const {
  for (uint32_t c = 0; c < image_.cores.size(); ++c) nmx::write_learned(image_, c, chip_->plastic_state(c), net);
}

void ChipModelL2::restore_weights() {
  for (uint32_t c = 0; c < image_.cores.size(); ++c) chip_->cores[c]->restore_weights();
  if (l1_) l1_->restore_weights();
}

void ChipModelL2::reset() {
  chip_->reset();
  if (l1_) l1_->reset();
  first_step_ = true;
  synaptic_events_ = 0;
}

void ChipModelL2::account(const StepCycles& s, bool preload) {
  totals_.cycles += s.cycles;
  totals_.events += s.host_events;
  totals_.hops += s.hops;
  totals_.host_stall_cycles += s.host_stall;
  if (preload) {
    totals_.preload_cycles += s.cycles;
    return;
  }
  ++totals_.steps;
  totals_.max_step_cycles = std::max(totals_.max_step_cycles, s.cycles);
  for (size_t c = 0; c < s.cores.size(); ++c) {
    const CoreStepCycles& k = s.cores[c];
    totals_.synaptic_cycles += k.synaptic;
    totals_.neuron_cycles += k.neuron;
    totals_.plastic_cycles += k.plastic;
    totals_.mode_cycles += k.mode;
    totals_.route_stall_cycles += k.route_stall;
    totals_.idle_cycles += k.idle;
    totals_.synaptic_ops += k.activity.synapses;
    totals_.neuron_updates += image_.cores[c].neurons;
    totals_.events += k.activity.events_out;
    totals_.spikes += k.activity.spikes;
    synaptic_events_ += k.activity.synapses;
  }
  const StepEstimate e = estimate_step(image_, s.activity());
  totals_.estimate_cycles += e.step_cycles;
  totals_.estimate_abs_error += std::fabs(static_cast<double>(e.step_cycles) - static_cast<double>(s.cycles));
}

void ChipModelL2::step(const std::vector<uint32_t>& inputs, const std::vector<uint32_t>& next_inputs,
                       std::vector<CoreSpike>& out) {
  if (first_step_) {
    ++totals_.samples;
    chip_->preload(inputs);
    account(chip_->last_preload(), true);
    first_step_ = false;
  }
  const uint32_t t = chip_->time();
  const size_t first = out.size();
  chip_->step(next_inputs, out);
  account(chip_->last_step(), false);
  if (!l1_) return;
  l1_spikes_.clear();
  l1_->step(inputs, l1_spikes_);
  const std::vector<CoreSpike> mine(out.begin() + static_cast<std::ptrdiff_t>(first), out.end());
  if (const auto m = checker_.compare(t, *l1_, l1_spikes_, *this, mine))
    throw LockstepError(*m, m->line("L1", "L2"), last_agreeing_);
  last_agreeing_ = t;
  totals_.lockstep_steps = checker_.steps();
  totals_.lockstep_spikes = checker_.spikes();
  totals_.lockstep_words = checker_.words();
}

nlohmann::json to_json(const L2Totals& t, const HwConfig& hw, double period_ns) {
  const double samples = std::max<uint64_t>(1, t.samples), steps = std::max<uint64_t>(1, t.steps);
  const double cores_steps = steps * std::max<uint32_t>(1, t.cores);  // core figures: mean per core and step
  const double e_syn = t.synaptic_ops * hw.energy.synaptic_op, e_neu = t.neuron_updates * hw.energy.neuron_update,
               e_route = t.events * hw.energy.spike_route, e_hop = t.hops * hw.energy.spike_hop;
  nlohmann::json j;
  j["cores"] = t.cores;
  j["clock_mhz"] = hw.clock_mhz;
  j["clock_period_ns"] = period_ns;
  j["cycles_per_sample"] = t.cycles / samples;
  j["cycles_per_step"] = (t.cycles - t.preload_cycles) / steps;
  j["max_cycles_per_step"] = t.max_step_cycles;
  j["preload_cycles_per_sample"] = t.preload_cycles / samples;
  j["simulated_us_per_sample"] = t.cycles / samples * period_ns / 1000.0;
  j["core_cycles_per_step"] = {{"synaptic", t.synaptic_cycles / cores_steps},
                               {"neuron", t.neuron_cycles / cores_steps},
                               {"plastic", t.plastic_cycles / cores_steps},
                               {"mode", t.mode_cycles / cores_steps},
                               {"barrier_wait", t.idle_cycles / cores_steps},
                               {"route_stall", t.route_stall_cycles / cores_steps}};
  j["host_stall_cycles_per_sample"] = t.host_stall_cycles / samples;
  j["estimate"] = {{"cycles_per_step", t.estimate_cycles / steps},
                   {"mean_abs_error_cycles_per_step", t.estimate_abs_error / steps},
                   {"relative_error", t.cycles > t.preload_cycles
                                          ? t.estimate_abs_error / static_cast<double>(t.cycles - t.preload_cycles)
                                          : 0.0}};
  j["activity_per_sample"] = {{"synaptic_ops", t.synaptic_ops / samples},
                              {"neuron_updates", t.neuron_updates / samples},
                              {"events_routed", t.events / samples},
                              {"mesh_hops", t.hops / samples},
                              {"spikes", t.spikes / samples}};
  j["energy_nj_per_sample"] = {{"synaptic", e_syn / samples / 1000.0},
                               {"neuron", e_neu / samples / 1000.0},
                               {"routing", (e_route + e_hop) / samples / 1000.0},
                               {"total", (e_syn + e_neu + e_route + e_hop) / samples / 1000.0},
                               {"note", "dynamic energy from event counts x per-operation energies (hw energy_pj); "
                                        "no static power"}};
  if (t.lockstep)
    j["lockstep_l1"] = {{"steps", t.lockstep_steps},
                        {"spikes", t.lockstep_spikes},
                        {"words_compared", t.lockstep_words},
                        {"state", t.state},
                        {"mismatches", 0}};
  return j;
}

}  // namespace nmx::l2
