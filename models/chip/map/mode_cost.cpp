#include "map/mode_cost.hpp"

#include "fixed/fixed_point.hpp"
#include "hw/microarch.hpp"

namespace nmx {

std::vector<ModeCost> mode_costs(const ChipImage& chip) {
  std::vector<ModeCost> out;
  for (uint32_t c = 0; c < chip.cores.size(); ++c) {
    const CoreImage& ci = chip.cores[c];
    if (!ci.mode) continue;
    ModeCost m;
    m.core = c;
    m.neurons = ci.neurons;
    m.modes = ci.mode->modes;
    m.code_bits = static_cast<uint32_t>(ci.mode->code_bits);
    m.cycles_per_step = uarch::mode_cycles(ci.neurons, ci.mode->modes);
    m.words = ci.mode->code_words();
    m.bits = m.words * m.code_bits;
    m.trace_bits = uint64_t{ci.neurons} * fx::kTraceBits;
    m.dense_words = uint64_t{ci.neurons} * ci.neurons;
    m.dense_bits = m.dense_words * m.code_bits;
    m.dense_row_bits = m.dense_words * (chip.hw.core.weight_bits + chip.hw.delay_bits());
    out.push_back(m);
  }
  return out;
}

}  // namespace nmx
