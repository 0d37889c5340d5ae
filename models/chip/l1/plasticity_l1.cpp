#include "l1/plasticity_l1.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>

#include "core/error.hpp"
#include "plastic/operands.hpp"

namespace nmx::plastic {
namespace {

constexpr std::ptrdiff_t kPrefetch = 8;  // column entries fetched ahead

using Operands = OperandsOf<int32_t>;

// f + c, exact (at most 18 bits signed), or the test [f >= c] in {0, 1}; v is only tested,
// against c * 2^8.
int64_t factor_value(const Factor& f, const Operands& o) {
  if (f.source == Source::V) return fx::rule_membrane_test(o.v, f.c) ? 1 : 0;
  const int64_t s = source_value<int64_t>(f.source, o);
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

// Stores to the int8 weight codes may alias any object, so while a phase runs its LFSR,
// counts and array bases live in this local rather than in members the compiler would
// reload after every store.
struct PlasticityL1::Kernel {
  uint8_t* packed;
  SynapseEntry* entries;
  const int32_t *x1, *x2, *y1, *y2, *l;
  int16_t* e;
  const uint32_t* syn_base;
  uint32_t neurons;
  int32_t max_delay;
  uint16_t lfsr;
  uint64_t draws, evaluations;
  bool record;
  std::vector<WeightChange>* changes;

  int64_t round(const GroupMicrocode& c, int64_t sum) {
    if (c.rounding == Rounding::Nearest) return fx::rule_round_nearest(sum);
    lfsr = fx::lfsr_next(lfsr);  // advanced first, then compared
    ++draws;
    return fx::rule_round_stochastic(sum, lfsr);
  }

  // z <- clamp(z + dz) for w and d; the synapse memory is written only when they change.
  void apply_w(int32_t wmin, int32_t wmax, uint32_t axon, const AxonRow& row, uint32_t position, uint32_t post,
               int32_t w, int32_t d, int64_t dw, int64_t dd) {
    const auto nw = static_cast<int32_t>(std::clamp<int64_t>(w + dw, wmin, wmax));
    const auto nd = static_cast<int32_t>(std::clamp<int64_t>(d + dd, 0, max_delay));
    if (nw == w && nd == d) return;
    const size_t at = row.begin + position;
    if (row.packed) packed[at] = pack_ternary(nw, static_cast<uint32_t>(nd));
    else entries[at].code = static_cast<int8_t>(nw), entries[at].delay = static_cast<uint8_t>(nd);
    if (record && nw != w)
      changes->push_back({axon, position, static_cast<uint16_t>(post), static_cast<int8_t>(w), static_cast<int8_t>(nw)});
  }
};

PlasticityL1::Kernel PlasticityL1::kernel() {
  return {packed_.data(), entries_.data(), x1_.data(), x2_.data(), y1_.data(), y2_.data(), l_.data(), e_.data(),
          syn_base_.data(), neurons_, max_delay_code_, lfsr_, 0, 0, record_, &changes_};
}

void PlasticityL1::flush(const Kernel& k) {
  lfsr_ = k.lfsr;
  counts_.lfsr_draws += k.draws;
  counts_.evaluations += k.evaluations;
}

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
    for (int ev = 0; ev < kEvents; ++ev) g.reads[ev] = sources_read(g.code, static_cast<Event>(ev));
    for (int ev = 0; ev < kEvents; ++ev) {
      const auto& pr = g.code.program[ev];
      const Program& w = pr[static_cast<int>(Target::W)];
      const Term& t = w.term[0];
      g.simple[ev] = w.terms == 1 && t.factors == 1 && !t.needs_pre && !t.factor[0].test && t.factor[0].source != Source::V &&
                     t.factor[0].source != Source::P &&
                     pr[static_cast<int>(Target::E)].terms == 0 && pr[static_cast<int>(Target::D)].terms == 0;
      g.simple_factor[ev] = t.factor[0];
      g.simple_shift[ev] = fx::kRuleFracBits - t.shift;
      g.simple_negative[ev] = t.negative;
    }
    g.live = {g.code.x1.amp != 0, g.code.x2.amp != 0, g.code.y1.amp != 0, g.code.y2.amp != 0};
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
  for (const uint32_t a : plastic_axons_) {
    auto& runs = groups_[static_cast<uint32_t>(axon_group_[a])].axon_runs;
    if (!runs.empty() && runs.back().second == a) ++runs.back().second;
    else runs.push_back({a, a + 1});
  }
  // Column table: axons ascending, positions ascending within a row, so each neuron's
  // list comes out in ascending (axon, position) by construction.
  col_ptr_.assign(neurons_ + 1, 0);
  for (uint32_t j = 0; j < neurons_; ++j) col_ptr_[j + 1] = col_ptr_[j] + count[j + 1];
  col_.resize(col_ptr_[neurons_]);
  col_at_.resize(col_.size());
  std::vector<uint32_t> fill(col_ptr_.begin(), col_ptr_.end() - 1);
  for (const uint32_t a : plastic_axons_)
    for (uint32_t p = 0; p < img_.axons[a].length; ++p) {
      col_at_[fill[post(a, p)]] = img_.axons[a].begin + p;
      col_[fill[post(a, p)]++] = {a, p};
    }
  x1_.assign(axons, 0);
  x2_.assign(axons, 0);
  y1_.assign(groups_.size() * neurons_, 0);
  y2_.assign(groups_.size() * neurons_, 0);
  e_.assign(synapses, 0);
  l_.assign(neurons_, 0);
  lfsr_ = img_.plastic_lfsr_seed;
  event_words_ = (axons + 63) / 64;
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

void PlasticityL1::set_codes(uint32_t axon, const int32_t* codes, uint32_t count, uint32_t position) {
  if (axon >= img_.axons.size() || axon_group_[axon] < 0)
    throw InputError("host weight write: axon " + std::to_string(axon) + " has no plastic row on this core");
  const AxonRow& row = img_.axons[axon];
  const Group& g = groups_[static_cast<size_t>(axon_group_[axon])];
  if (position + count > row.length)
    throw InputError("host weight write: positions " + std::to_string(position) + ".." + std::to_string(position + count - 1) +
                     " outside the row of " + std::to_string(row.length) + " at axon " + std::to_string(axon));
  for (uint32_t p = 0; p < count; ++p)  // all checked first: a refused write changes nothing
    if (codes[p] < g.wmin || codes[p] > g.wmax)
      throw InputError("host weight write: code " + std::to_string(codes[p]) + " at axon " + std::to_string(axon) +
                       " position " + std::to_string(position + p) + " is outside [" + std::to_string(g.wmin) + ", " +
                       std::to_string(g.wmax) + "]");
  for (uint32_t p = 0; p < count; ++p) {
    const int32_t code = codes[p];
    const size_t at = row.begin + position + p;
    if (row.packed) packed_[at] = pack_ternary(code, packed_[at] >> 2);
    else entries_[at].code = static_cast<int8_t>(code);
  }
}

void PlasticityL1::set_l(uint32_t local, int32_t value) { l_[local] = fx::sat(value, fx::kLearnSignalBits); }

int32_t PlasticityL1::max_abs_code(uint16_t projection) const {
  const int wb = chip_.weight_bits[projection];
  return std::max(std::abs(fx::weight_code_min(wb)), fx::weight_code_max(wb));
}

void PlasticityL1::evaluate(Kernel& k, const Group& g, uint32_t gi, Event ev, uint32_t axon, uint32_t position,
                            bool pre_now, const neuron_fixed::State* neurons) {
  const AxonRow& row = img_.axons[axon];
  const size_t at = row.begin + position;
  const uint32_t j = row.packed ? position : k.entries[at].post;
  const uint32_t s = k.syn_base[axon] + position;
  const size_t yj = size_t{gi} * k.neurons + j;
  const int32_t w = row.packed ? fx::ternary_from_bits(k.packed[at] & 3u) : k.entries[at].code;
  const int32_t d = row.packed ? k.packed[at] >> 2 : k.entries[at].delay;
  // Only the sources the event's programs read are fetched: the rest stay cold in cache.
  const uint32_t used = g.reads[static_cast<int>(ev)];
  auto uses = [used](Source src) { return (used >> static_cast<int>(src)) & 1u; };
  const Operands o{uses(Source::X1) ? k.x1[axon] : 0, uses(Source::X2) ? k.x2[axon] : 0,
                   uses(Source::Y1) ? k.y1[yj] : 0,   uses(Source::Y2) ? k.y2[yj] : 0,
                   uses(Source::E) ? k.e[s] : 0,      uses(Source::L) ? k.l[j] : 0,
                   w, d, uses(Source::V) ? neurons[j].v : 0,
                   uses(Source::P) ? spike_probability(neurons[j].v) : 0};
  const auto& programs = g.code.program[static_cast<int>(ev)];
  int64_t delta[kTargets] = {0, 0, 0};
  for (int z = 0; z < kTargets; ++z)  // targets draw from the LFSR in order w, e, d
    if (programs[z].terms) delta[z] = k.round(g.code, program_sum(programs[z], o, pre_now));
  ++k.evaluations;
  // All targets change together, from the values before the event.
  if (programs[static_cast<int>(Target::E)].terms)
    k.e[s] = static_cast<int16_t>(fx::sat(int64_t{k.e[s]} + delta[1], fx::kEligibilityBits));
  k.apply_w(g.wmin, g.wmax, axon, row, position, j, w, d, delta[0], delta[2]);
}

inline void PlasticityL1::evaluate_simple(Kernel& k, const Group& g, uint32_t gi, int ev, uint32_t axon,
                                          const AxonRow& row, uint32_t position) {
  const size_t at = row.begin + position;
  const uint32_t j = row.packed ? position : k.entries[at].post;
  const int32_t w = row.packed ? fx::ternary_from_bits(k.packed[at] & 3u) : k.entries[at].code;
  const int32_t d = row.packed ? k.packed[at] >> 2 : k.entries[at].delay;
  const Factor f = g.simple_factor[ev];
  int64_t v = 0;
  switch (f.source) {
    case Source::X1: v = k.x1[axon]; break;
    case Source::X2: v = k.x2[axon]; break;
    case Source::Y1: v = k.y1[size_t{gi} * k.neurons + j]; break;
    case Source::Y2: v = k.y2[size_t{gi} * k.neurons + j]; break;
    case Source::E: v = k.e[k.syn_base[axon] + position]; break;
    case Source::L: v = k.l[j]; break;
    case Source::W: v = w; break;
    case Source::D: v = d; break;
    case Source::Zero:
    case Source::V:
    case Source::P: break;
  }
  // |f + c| < 2^18: the 40-bit saturation of rule_term never acts on one factor.
  const int64_t term = (v + f.c) * (int64_t{1} << g.simple_shift[ev]);
  ++k.evaluations;
  k.apply_w(g.wmin, g.wmax, axon, row, position, j, w, d, k.round(g.code, g.simple_negative[ev] ? -term : term), 0);
}

void PlasticityL1::walk_row(Kernel& k, uint32_t axon, Event ev, const neuron_fixed::State* neurons) {
  const auto gi = static_cast<uint32_t>(axon_group_[axon]);
  const Group& g = groups_[gi];
  const AxonRow& row = img_.axons[axon];
  const bool pre_now = ev == Event::Pre;
  if (g.simple[static_cast<int>(ev)]) {
    for (uint32_t p = 0; p < row.length; ++p) evaluate_simple(k, g, gi, static_cast<int>(ev), axon, row, p);
  } else {
    for (uint32_t p = 0; p < row.length; ++p) evaluate(k, g, gi, ev, axon, p, pre_now, neurons);
  }
}

void PlasticityL1::plasticity_phase(uint32_t t, const uint64_t* events, const std::vector<uint32_t>& spikes,
                                    const neuron_fixed::State* neurons) {
  counts_ = {};
  changes_.clear();
  auto had_event = [events](uint32_t a) { return (events[a >> 6] >> (a & 63)) & 1u; };
  // 1. decay: every live trace, run by run (vectorised; a trace with amp 0 stays 0).
  auto decay_all = [](int32_t* x, size_t n, int32_t d) {
    if (d == 0) return;
    for (size_t i = 0; i < n; ++i) x[i] = fx::trace_decay(x[i], d);
  };
  for (size_t g = 0; g < groups_.size(); ++g) {
    const Group& G = groups_[g];
    for (const auto& [first, last] : G.axon_runs) {
      if (G.live[0]) decay_all(x1_.data() + first, last - first, G.code.x1.decay);
      if (G.live[1]) decay_all(x2_.data() + first, last - first, G.code.x2.decay);
    }
    if (G.live[2]) decay_all(y1_.data() + g * neurons_, neurons_, G.code.y1.decay);
    if (G.live[3]) decay_all(y2_.data() + g * neurons_, neurons_, G.code.y2.decay);
  }
  counts_.axons_decayed = static_cast<uint32_t>(plastic_axons_.size());
  counts_.neurons_decayed = static_cast<uint32_t>(groups_.size() * neurons_);
  // 2. x += amp for each plastic axon with an event this step.
  event_axons_.clear();
  for (size_t w = 0; w < event_words_; ++w) {
    for (uint64_t bits = events[w]; bits; bits &= bits - 1) {
      const auto a = static_cast<uint32_t>(w * 64 + __builtin_ctzll(bits));
      if (axon_group_[a] < 0) continue;
      event_axons_.push_back(a);
      const GroupMicrocode& c = groups_[static_cast<uint32_t>(axon_group_[a])].code;
      x1_[a] = fx::sat_unsigned(int64_t{x1_[a]} + c.x1.amp);
      x2_[a] = fx::sat_unsigned(int64_t{x2_[a]} + c.x2.amp);
    }
  }
  Kernel k = kernel();
  // 3. pre events: axons with an event, ascending; each row in order.
  for (const uint32_t a : event_axons_) {
    if (!groups_[static_cast<uint32_t>(axon_group_[a])].runs[static_cast<int>(Event::Pre)]) continue;
    ++counts_.pre_rows;
    walk_row(k, a, Event::Pre, neurons);
  }
  // 4. post events: spiking neurons ascending; each through its column table.
  bool any_post = false;
  for (const Group& g : groups_) any_post = any_post || g.runs[static_cast<int>(Event::Post)];
  if (any_post) {
    for (const uint32_t j : spikes) {
      const ColumnEntry* end = column_end(j);
      for (const ColumnEntry* c = column_begin(j); c != end; ++c) {
        // The column's synapses are scattered over the rows: fetch a few ahead.
        if (end - c > kPrefetch) {
          const size_t ahead = col_at_[static_cast<size_t>(c - col_.data()) + kPrefetch];
          __builtin_prefetch(img_.axons[c[kPrefetch].axon].packed ? static_cast<const void*>(packed_.data() + ahead)
                                                                   : static_cast<const void*>(entries_.data() + ahead));
        }
        ++counts_.post_entries;
        const auto gi = static_cast<uint32_t>(axon_group_[c->axon]);
        const Group& g = groups_[gi];
        if (!g.runs[static_cast<int>(Event::Post)]) continue;
        if (g.simple[static_cast<int>(Event::Post)])
          evaluate_simple(k, g, gi, static_cast<int>(Event::Post), c->axon, img_.axons[c->axon], c->position);
        else
          evaluate(k, g, gi, Event::Post, c->axon, c->position, had_event(c->axon), neurons);
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
      walk_row(k, a, Event::Epoch, neurons);
    }
  }
  flush(k);
}

}  // namespace nmx::plastic
