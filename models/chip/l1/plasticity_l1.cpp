#include "l1/plasticity_l1.hpp"

#include <algorithm>
#include <cstdlib>

namespace nmx::plastic {
namespace {

// The values a factor can read, for one synapse at one event (before the event changes them).
struct Operands {
  int32_t x1, x2, y1, y2, e, l, w, d, v;
};

int64_t source_value(Source s, const Operands& o) {
  switch (s) {
    case Source::Zero: return 0;
    case Source::X1: return o.x1;
    case Source::X2: return o.x2;
    case Source::Y1: return o.y1;
    case Source::Y2: return o.y2;
    case Source::E: return o.e;
    case Source::L: return o.l;
    case Source::W: return o.w;
    case Source::D: return o.d;
    case Source::V: return o.v;
  }
  return 0;
}

// f + c, exact (at most 18 bits signed), or the test [f >= c] in {0, 1}; v is only tested,
// against c * 2^8.
int64_t factor_value(const Factor& f, const Operands& o) {
  if (f.source == Source::V) return fx::rule_membrane_test(o.v, f.c) ? 1 : 0;
  const int64_t s = source_value(f.source, o);
  return f.test ? (s >= f.c ? 1 : 0) : s + f.c;
}

// The program's sum in units of 2^-16 (docs/plasticity.md, arithmetic steps 1-3). The sign
// applies to the saturated, scaled term. Post-event terms with `pre` count only when the
// axon also had an event this step.
int64_t program_sum(const Program& p, const Operands& o, bool pre_now) {
  int64_t sum = 0;
  for (uint32_t k = 0; k < p.terms; ++k) {
    const Term& t = p.term[k];
    if (t.needs_pre && !pre_now) continue;
    int64_t product = 1;
    for (uint32_t j = 0; j < t.factors; ++j) product *= factor_value(t.factor[j], o);
    const int64_t term = fx::rule_term(product, t.shift);
    sum += t.negative ? -term : term;
  }
  return sum;
}

}  // namespace

PlasticityL1::PlasticityL1(const ChipImage& chip, uint32_t core)
    : chip_(chip), img_(chip.cores[core]), neurons_(img_.neurons),
      max_delay_code_(static_cast<int32_t>(chip.hw.core.delay_slots) - 1) {
  for (const uint16_t k : img_.groups) {
    Group g;
    g.code = *chip.plasticity[k];
    g.projection = k;
    g.wmin = fx::weight_code_min(chip.weight_bits[k]);
    g.wmax = fx::weight_code_max(chip.weight_bits[k]);
    for (int ev = 0; ev < kEvents; ++ev) {
      for (int z = 0; z < kTargets; ++z) g.runs[ev] = g.runs[ev] || g.code.program[ev][z].terms > 0;
      delays_learn_ = delays_learn_ || g.code.program[ev][static_cast<int>(Target::D)].terms > 0;
    }
    if (g.code.epoch == 0) g.runs[static_cast<int>(Event::Epoch)] = false;
    groups_.push_back(g);
  }
  const size_t axons = img_.axons.size();
  axon_group_.assign(axons, -1);
  syn_base_.assign(axons, 0);
  uint32_t synapses = 0;
  std::vector<uint32_t> count(neurons_ + 1, 0);
  packed_ = img_.packed;
  entries_ = img_.entries;
  for (uint32_t a = 0; a < axons; ++a) {
    const AxonRow& row = img_.axons[a];
    const auto it = std::find(img_.groups.begin(), img_.groups.end(), row.projection);
    if (it == img_.groups.end()) continue;
    axon_group_[a] = static_cast<int8_t>(it - img_.groups.begin());
    plastic_axons_.push_back(a);
    syn_base_[a] = synapses;
    synapses += row.length;
    for (uint32_t p = 0; p < row.length; ++p) ++count[post(a, p) + 1];
  }
  // Column table: axons ascending, positions ascending within a row, so each neuron's
  // list comes out in ascending (axon, position) by construction.
  col_ptr_.assign(neurons_ + 1, 0);
  for (uint32_t j = 0; j < neurons_; ++j) col_ptr_[j + 1] = col_ptr_[j] + count[j + 1];
  col_.resize(col_ptr_[neurons_]);
  std::vector<uint32_t> fill(col_ptr_.begin(), col_ptr_.end() - 1);
  for (const uint32_t a : plastic_axons_)
    for (uint32_t p = 0; p < img_.axons[a].length; ++p) col_[fill[post(a, p)]++] = {a, p};
  x1_.assign(axons, 0);
  x2_.assign(axons, 0);
  y1_.assign(groups_.size() * neurons_, 0);
  y2_.assign(groups_.size() * neurons_, 0);
  e_.assign(synapses, 0);
  l_.assign(neurons_, 0);
  lfsr_ = img_.plastic_lfsr_seed;
}

void PlasticityL1::reset() {
  std::fill(x1_.begin(), x1_.end(), 0);
  std::fill(x2_.begin(), x2_.end(), 0);
  std::fill(y1_.begin(), y1_.end(), 0);
  std::fill(y2_.begin(), y2_.end(), 0);
  std::fill(e_.begin(), e_.end(), 0);
  std::fill(l_.begin(), l_.end(), 0);
  counts_ = {};
  changes_.clear();
}

void PlasticityL1::restore() {
  packed_ = img_.packed;
  entries_ = img_.entries;
  lfsr_ = img_.plastic_lfsr_seed;
}

int32_t PlasticityL1::code(uint32_t axon, uint32_t position) const {
  const AxonRow& row = img_.axons[axon];
  return row.packed ? fx::ternary_from_bits(packed_[row.begin + position] & 3u) : entries_[row.begin + position].code;
}

uint32_t PlasticityL1::delay(uint32_t axon, uint32_t position) const {
  const AxonRow& row = img_.axons[axon];
  return row.packed ? packed_[row.begin + position] >> 2 : entries_[row.begin + position].delay;
}

uint32_t PlasticityL1::post(uint32_t axon, uint32_t position) const {
  const AxonRow& row = img_.axons[axon];
  return row.packed ? position : entries_[row.begin + position].post;
}

void PlasticityL1::set_l(uint32_t local, int32_t value) { l_[local] = fx::sat(value, fx::kLearnSignalBits); }

int32_t PlasticityL1::max_abs_code(uint16_t projection) const {
  const int wb = chip_.weight_bits[projection];
  return std::max(std::abs(fx::weight_code_min(wb)), fx::weight_code_max(wb));
}

void PlasticityL1::evaluate(const Group& g, uint32_t gi, Event ev, uint32_t axon, uint32_t position, bool pre_now,
                            const neuron_fixed::State* neurons) {
  const AxonRow& row = img_.axons[axon];
  const size_t at = row.begin + position;
  const uint32_t j = row.packed ? position : entries_[at].post;
  const uint32_t s = syn_base_[axon] + position;
  const size_t yj = size_t{gi} * neurons_ + j;
  const int32_t w = row.packed ? fx::ternary_from_bits(packed_[at] & 3u) : entries_[at].code;
  const int32_t d = row.packed ? packed_[at] >> 2 : entries_[at].delay;
  const Operands o{x1_[axon], x2_[axon], y1_[yj], y2_[yj], e_[s], l_[j], w, d, neurons[j].v};
  const auto& programs = g.code.program[static_cast<int>(ev)];
  int64_t delta[kTargets] = {0, 0, 0};
  for (int z = 0; z < kTargets; ++z) {
    const Program& p = programs[z];
    if (p.terms == 0) continue;
    const int64_t sum = program_sum(p, o, pre_now);
    if (g.code.rounding == Rounding::Stochastic) {
      lfsr_ = fx::lfsr_next(lfsr_);
      ++counts_.lfsr_draws;
      delta[z] = fx::rule_round_stochastic(sum, lfsr_);
    } else {
      delta[z] = fx::rule_round_nearest(sum);
    }
  }
  ++counts_.evaluations;
  // All targets change together, from the values before the event.
  const auto nw = static_cast<int32_t>(std::clamp<int64_t>(w + delta[0], g.wmin, g.wmax));
  e_[s] = fx::sat(int64_t{o.e} + delta[1], fx::kEligibilityBits);
  const auto nd = static_cast<int32_t>(std::clamp<int64_t>(d + delta[2], 0, max_delay_code_));
  if (nw == w && nd == d) return;
  if (row.packed) packed_[at] = pack_ternary(nw, static_cast<uint32_t>(nd));
  else entries_[at].code = static_cast<int8_t>(nw), entries_[at].delay = static_cast<uint8_t>(nd);
  if (record_ && nw != w)
    changes_.push_back({axon, position, static_cast<uint16_t>(j), static_cast<int8_t>(w), static_cast<int8_t>(nw)});
}

void PlasticityL1::walk_row(uint32_t axon, Event ev, const neuron_fixed::State* neurons) {
  const auto gi = static_cast<uint32_t>(axon_group_[axon]);
  const Group& g = groups_[gi];
  const uint32_t length = img_.axons[axon].length;
  const bool pre_now = ev == Event::Pre;
  for (uint32_t p = 0; p < length; ++p) evaluate(g, gi, ev, axon, p, pre_now, neurons);
}

void PlasticityL1::plasticity_phase(uint32_t t, const uint64_t* events, const std::vector<uint32_t>& spikes,
                                    const neuron_fixed::State* neurons) {
  counts_ = {};
  changes_.clear();
  auto had_event = [events](uint32_t a) { return (events[a >> 6] >> (a & 63)) & 1u; };
  // 1-2. x: decay, + amp on this step's event (axon order does not matter: independent).
  for (const uint32_t a : plastic_axons_) {
    const GroupMicrocode& c = groups_[static_cast<uint32_t>(axon_group_[a])].code;
    const bool ev = had_event(a);
    x1_[a] = fx::trace_step(x1_[a], c.x1.decay, c.x1.amp, ev);
    x2_[a] = fx::trace_step(x2_[a], c.x2.decay, c.x2.amp, ev);
  }
  counts_.axons_decayed = static_cast<uint32_t>(plastic_axons_.size());
  //    y: decay only (the increment waits for step 5).
  for (size_t g = 0; g < groups_.size(); ++g) {
    const GroupMicrocode& c = groups_[g].code;
    int32_t* y1 = y1_.data() + g * neurons_;
    int32_t* y2 = y2_.data() + g * neurons_;
    for (uint32_t j = 0; j < neurons_; ++j) {
      y1[j] = fx::decay(y1[j], c.y1.decay);
      y2[j] = fx::decay(y2[j], c.y2.decay);
    }
  }
  counts_.neurons_decayed = static_cast<uint32_t>(groups_.size() * neurons_);
  // 3. pre events: axons with an event, ascending; each row in order.
  for (const uint32_t a : plastic_axons_) {
    if (!had_event(a) || !groups_[static_cast<uint32_t>(axon_group_[a])].runs[static_cast<int>(Event::Pre)]) continue;
    ++counts_.pre_rows;
    walk_row(a, Event::Pre, neurons);
  }
  // 4. post events: spiking neurons ascending; each through its column table.
  bool any_post = false;
  for (const Group& g : groups_) any_post = any_post || g.runs[static_cast<int>(Event::Post)];
  if (any_post) {
    for (const uint32_t j : spikes) {
      for (const ColumnEntry* c = column_begin(j); c != column_end(j); ++c) {
        ++counts_.post_entries;
        const auto gi = static_cast<uint32_t>(axon_group_[c->axon]);
        const Group& g = groups_[gi];
        if (g.runs[static_cast<int>(Event::Post)]) evaluate(g, gi, Event::Post, c->axon, c->position, had_event(c->axon), neurons);
      }
    }
  }
  // 5. y += amp for each neuron that spiked.
  for (size_t g = 0; g < groups_.size(); ++g) {
    const GroupMicrocode& c = groups_[g].code;
    for (const uint32_t j : spikes) {
      int32_t& y1 = y1_[g * neurons_ + j];
      int32_t& y2 = y2_[g * neurons_ + j];
      y1 = fx::sat_unsigned(int64_t{y1} + c.y1.amp);
      y2 = fx::sat_unsigned(int64_t{y2} + c.y2.amp);
    }
  }
  // 6. epochs: every synapse of the group, ascending axon, row order.
  for (size_t g = 0; g < groups_.size(); ++g) {
    const Group& G = groups_[g];
    if (!G.runs[static_cast<int>(Event::Epoch)] || (t + 1) % G.code.epoch != 0) continue;
    for (const uint32_t a : plastic_axons_) {
      if (static_cast<size_t>(axon_group_[a]) != g) continue;
      counts_.epoch_synapses += img_.axons[a].length;
      walk_row(a, Event::Epoch, neurons);
    }
  }
}

}  // namespace nmx::plastic
