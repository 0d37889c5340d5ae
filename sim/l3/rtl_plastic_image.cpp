#include "l3/rtl_plastic_image.hpp"

#include "core/error.hpp"
#include "hw/microarch.hpp"

namespace nmx::l3 {
namespace {

uint64_t field(const LdField& f, uint64_t value) { return (value & ((uint64_t{1} << f.bits) - 1)) << f.lsb; }

uint64_t trace_fields(const plastic::TraceParams& a, const plastic::TraceParams& b) {
  return field(ld::kTpDecay, static_cast<uint64_t>(a.decay)) | field(ld::kTpAmp, static_cast<uint64_t>(a.amp)) |
         ((field(ld::kTpDecay, static_cast<uint64_t>(b.decay)) | field(ld::kTpAmp, static_cast<uint64_t>(b.amp)))
          << ld::kTpSecond.lsb);
}

}  // namespace

uint32_t rule_address(uint32_t group, plastic::Event ev, plastic::Target tg, uint32_t term, uint32_t slot) {
  return (((group * 4 + static_cast<uint32_t>(ev)) * 4 + static_cast<uint32_t>(tg)) * 4 + term) * ld::kRuleSlots + slot;
}

PlasticCore plastic_core(const ChipImage& chip, uint32_t core) {
  const CoreImage& ci = chip.cores[core];
  PlasticCore pc;
  pc.seed = ci.plastic_lfsr_seed;
  for (const uint16_t k : ci.groups) {
    pc.groups.push_back(&*chip.plasticity[k]);
    pc.group_weight_bits.push_back(chip.weight_bits[k]);
  }
  pc.axon_group.assign(ci.axons.size(), -1);
  for (uint32_t a = 0; a < ci.axons.size(); ++a)
    for (uint32_t g = 0; g < ci.groups.size(); ++g)
      if (ci.axons[a].projection == ci.groups[g]) pc.axon_group[a] = static_cast<int>(g);
  return pc;
}

uint64_t plastic_config_fields(const PlasticCore& pc) {
  return field(ld::kCcGroups, pc.groups.size());
}

uint64_t plastic_axon_fields(const PlasticCore& pc, uint32_t axon) {
  const int g = axon < pc.axon_group.size() ? pc.axon_group[axon] : -1;
  return g < 0 ? 0 : field(ld::kAxPlastic, 1) | field(ld::kAxGroup, static_cast<uint64_t>(g));
}

void put_plastic_tables(const ChipImage& chip, uint32_t c, const PlasticCore& pc, const std::vector<uint32_t>& row_word,
                        const RtlLimits& lim, RtlImage& img) {
  if (pc.groups.empty()) return;
  const uint8_t core = static_cast<uint8_t>(c);
  auto put = [&](LdMem mem, uint32_t addr, uint64_t data) {
    img.words.push_back({core, mem, addr, {static_cast<uint32_t>(data), static_cast<uint32_t>(data >> 32)}});
  };
  put(LdMem::PlSeed, 0, pc.seed);
  for (uint32_t g = 0; g < pc.groups.size(); ++g) {
    const plastic::GroupMicrocode& gm = *pc.groups[g];
    const int wb = pc.group_weight_bits[g];
    uint64_t terms = 0;
    for (uint32_t ev = 0; ev < plastic::kEvents; ++ev)
      for (uint32_t tg = 0; tg < plastic::kTargets; ++tg)
        terms |= uint64_t{gm.program[ev][tg].terms} << (3 * (ev * plastic::kTargets + tg));
    put(LdMem::PlGroup, g * ld::kGroupParts + 0, trace_fields(gm.x1, gm.x2));
    put(LdMem::PlGroup, g * ld::kGroupParts + 1, trace_fields(gm.y1, gm.y2));
    put(LdMem::PlGroup, g * ld::kGroupParts + 2,
        field(ld::kGpEpoch, gm.epoch) | field(ld::kGpNearest, gm.rounding == plastic::Rounding::Nearest) |
            field(ld::kGpWMin, static_cast<uint32_t>(fx::weight_code_min(wb))) |
            field(ld::kGpWMax, static_cast<uint32_t>(fx::weight_code_max(wb))) | field(ld::kGpTerms, terms));
    for (uint32_t ev = 0; ev < plastic::kEvents; ++ev)
      for (uint32_t tg = 0; tg < plastic::kTargets; ++tg) {
        const plastic::Program& p = gm.program[ev][tg];
        for (uint32_t k = 0; k < p.terms; ++k) {
          const plastic::Term& t = p.term[k];
          const auto e = static_cast<plastic::Event>(ev);
          const auto x = static_cast<plastic::Target>(tg);
          put(LdMem::Rule, rule_address(g, e, x, k, ld::kHeaderSlot),
              field(ld::kRmNeg, t.negative) | field(ld::kRmShift, t.shift) | field(ld::kRmPre, t.needs_pre) |
                  field(ld::kRmFactors, t.factors));
          for (uint32_t j = 0; j < t.factors; ++j)
            put(LdMem::Rule, rule_address(g, e, x, k, j),
                field(ld::kRmSource, static_cast<uint32_t>(t.factor[j].source)) | field(ld::kRmTest, t.factor[j].test) |
                    field(ld::kRmConst, static_cast<uint16_t>(t.factor[j].c)));
        }
      }
  }
  // Column table: the plastic synapses whose group has a post-event program, per post neuron
  // in ascending (axon, position in row).
  const CoreImage& ci = chip.cores[c];
  const uint32_t lanes = chip.hw.core.lanes;
  struct Entry {
    uint32_t axon, word, lane;
  };
  std::vector<std::vector<Entry>> column(ci.neurons);
  for (uint32_t a = 0; a < ci.axons.size(); ++a) {
    const int g = pc.axon_group[a];
    if (g < 0) continue;
    bool post_program = false;
    for (const plastic::Program& p : pc.groups[static_cast<size_t>(g)]->program[static_cast<size_t>(plastic::Event::Post)])
      post_program |= p.terms > 0;
    if (!post_program) continue;
    const AxonRow& row = ci.axons[a];
    for (uint32_t j = 0; j < row.length; ++j) {
      const uint32_t post = row.packed ? j : ci.entries[row.begin + j].post;
      column[post].push_back(row.dense ? Entry{a, row_word[a] + j / lanes, j % lanes} : Entry{a, row_word[a] + j, 0});
    }
  }
  uint32_t n = 0;
  for (uint32_t i = 0; i < ci.neurons; ++i) {
    const uint32_t lo = n;
    for (const Entry& e : column[i])
      put(LdMem::Column, n++, field(ld::kCeAxon, e.axon) | field(ld::kCeWord, e.word) | field(ld::kCeLane, e.lane));
    put(LdMem::ColPtr, i, field(ld::kCpLo, lo) | field(ld::kCpHi, n));
  }
  if (n > lim.column_entries)
    throw InputError(rtl_misfit("core " + std::to_string(c) + " column table entries", n, lim.column_entries));
}

}  // namespace nmx::l3
