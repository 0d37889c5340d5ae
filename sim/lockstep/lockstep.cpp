#include "lockstep/lockstep.hpp"

#include <algorithm>

namespace nmx {

std::string Mismatch::line(const std::string& ref_level, const std::string& dut_level) const {
  return "MISMATCH step=" + std::to_string(step) + " core=" + std::to_string(core) + " " +
         (site.empty() ? "neuron=" + std::to_string(neuron) : site) + " field=" + field + " " + ref_level + "=" + std::to_string(expected) + " " + dut_level + "=" + std::to_string(got);
}

namespace {
bool before(const CoreSpike& a, const CoreSpike& b) { return a.core != b.core ? a.core < b.core : a.neuron < b.neuron; }
}  // namespace

std::optional<Mismatch> LockstepChecker::compare(uint32_t step, const ChipModel& ref,
                                                 const std::vector<CoreSpike>& ref_spikes, const ChipModel& dut,
                                                 const std::vector<CoreSpike>& dut_spikes) {
  // Spikes: the first (core, neuron) present in one list and not the other.
  size_t i = 0, j = 0;
  while (i < ref_spikes.size() || j < dut_spikes.size()) {
    const bool has_r = i < ref_spikes.size(), has_d = j < dut_spikes.size();
    if (has_r && has_d && !before(ref_spikes[i], dut_spikes[j]) && !before(dut_spikes[j], ref_spikes[i])) {
      ++i, ++j;
      continue;
    }
    const bool ref_only = has_r && (!has_d || before(ref_spikes[i], dut_spikes[j]));
    const CoreSpike s = ref_only ? ref_spikes[i] : dut_spikes[j];
    return Mismatch{step, s.core, s.neuron, "spike", ref_only ? 1 : 0, ref_only ? 0 : 1};
  }
  const ChipImage& img = ref.image();
  for (uint32_t c = 0; c < img.cores.size(); ++c) {
    words_ += img.cores[c].neurons;  // one spike flag per neuron
    if (!state_) continue;
    for (uint32_t n = 0; n < img.cores[c].neurons; ++n) {
      const neuron_fixed::State& a = ref.neuron(c, n);
      const neuron_fixed::State& b = dut.neuron(c, n);
      if (a.u != b.u) return Mismatch{step, c, n, "u", a.u, b.u};
      if (a.v != b.v) return Mismatch{step, c, n, "v", a.v, b.v};
      if (a.ref != b.ref) return Mismatch{step, c, n, "ref", a.ref, b.ref};
      if (a.lfsr != b.lfsr) return Mismatch{step, c, n, "lfsr", a.lfsr, b.lfsr};
      words_ += 4;
    }
    if (!img.cores[c].mode) continue;  // the mode unit (docs/chip-spec.md §6): r per neuron, m per mode
    for (uint32_t j = 0; j < img.cores[c].neurons; ++j) {
      const int32_t a = ref.mode_rate(c, j), b = dut.mode_rate(c, j);
      if (a != b) return Mismatch{step, c, j, "r", a, b};
    }
    for (uint32_t p = 0; p < img.cores[c].mode->modes; ++p) {
      const int32_t a = ref.mode_projection(c, p), b = dut.mode_projection(c, p);
      if (a != b) return Mismatch{step, c, p, "m", a, b};
    }
    words_ += img.cores[c].neurons + img.cores[c].mode->modes;
  }
  ++steps_;
  spikes_ += ref_spikes.size();
  return std::nullopt;
}

}  // namespace nmx
