#include "l3/rtl_image.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "hw/microarch.hpp"
#include "l3/rtl_plastic_image.hpp"

namespace nmx::l3 {
namespace {

// `value` placed in field f; a value wider than the field is cut (the limits are checked first).
uint64_t field(const LdField& f, uint64_t value) { return (value & ((uint64_t{1} << f.bits) - 1)) << f.lsb; }

void check(bool ok, const std::string& what, uint64_t need, uint64_t limit) {
  if (!ok) throw InputError(rtl_misfit(what, need, limit));
}

// Words of one row: dense rows use every lane, sparse rows one synapse per word.
uint32_t row_words(const AxonRow& row, uint32_t lanes) {
  return uarch::row_beats(row.length, row.dense, lanes);
}

// The mode unit's memories and configuration (docs/formats.md "RTL memory image"); a core
// without a mode projection gets P = 0, so a unit that is present skips its phase.
void put_mode(RtlImage& img, uint8_t core, const CoreImage& ci, const RtlLimits& lim) {
  auto put = [&](LdMem mem, uint32_t addr, uint64_t data) {
    img.words.push_back({core, mem, addr, {static_cast<uint32_t>(data), static_cast<uint32_t>(data >> 32)}});
  };
  if (!ci.mode) {
    if (lim.modes > 0) put(LdMem::ModeConfig, 0, field(ld::kMcModes, 0));
    return;
  }
  const ModeCoreImage& m = *ci.mode;
  check(m.modes <= lim.modes, "core " + std::to_string(core) + " mode unit (modes)", m.modes, lim.modes);
  const auto code = [](int16_t c) { return static_cast<uint64_t>(static_cast<uint16_t>(c)); };
  for (uint32_t i = 0; i < ci.neurons; ++i)
    for (uint32_t p = 0; p < m.modes; ++p)
      put(LdMem::ModeXi, i * ld::kModeStride + p,
          field(ld::kMxIn, code(m.xi_in[size_t{i} * m.modes + p])) | field(ld::kMxOut, code(m.xi_out[size_t{i} * m.modes + p])));
  for (uint32_t p = 0; p < m.modes; ++p) put(LdMem::ModeLambda, p, field(ld::kMxIn, code(m.lambda[p])));
  put(LdMem::ModeConfig, 0,
      field(ld::kMcModes, m.modes) | field(ld::kMcShiftOut, static_cast<uint64_t>(m.shift_out)) |
          field(ld::kMcShiftLambda, static_cast<uint64_t>(m.shift_lambda)) |
          field(ld::kMcShiftIn, static_cast<uint64_t>(m.shift_in)) |
          field(ld::kMcDecay, static_cast<uint64_t>(m.rate_decay)) | field(ld::kMcAmp, static_cast<uint64_t>(m.rate_amp)));
}

}  // namespace

SynapseSite synapse_site(const ChipImage& chip, uint32_t core, uint32_t axon, uint32_t index, uint32_t lanes) {
  const CoreImage& ci = chip.cores[core];
  const AxonRow& row = ci.axons[axon];
  const bool packed = rtl_packed_row(chip, row);
  uint32_t word = 0;  // rows before this one in the same memory
  for (uint32_t a = 0; a < axon; ++a)
    if (rtl_packed_row(chip, ci.axons[a]) == packed) word += row_words(ci.axons[a], lanes);
  if (packed) return {core, word + index / lanes, index % lanes, LdMem::Ternary, ld::kTernCode.lsb};
  return row.dense ? SynapseSite{core, word + index / lanes, index % lanes} : SynapseSite{core, word + index, 0};
}

std::string rtl_misfit(const std::string& what, uint64_t need, uint64_t limit) {
  return "the network does not fit the Verilated RTL chip: " + what + " needs " + std::to_string(need) +
         ", the RTL build has " + std::to_string(limit) +
         " (the built-in chip's sizes are sim/CMakeLists.txt NMX_RTL_LIMITS; a chip Verilated for the network "
         "grows the cores, synapse words, routing and column tables)";
}

RtlLimits sized_rtl_limits(const ChipImage& chip) {
  const RtlLimits builtin = rtl_limits();
  // Build with the growable sizes at what the load image's fields can address, then read
  // each memory's deepest address off the image: what this network needs.
  RtlLimits lifted = builtin;
  lifted.cores = std::max<uint32_t>(1, static_cast<uint32_t>(chip.cores.size()));
  // (an end pointer must fit its field too, hence the - 1)
  lifted.synapse_words = lifted.ternary_words = lifted.column_entries = (1u << ld::kCpLo.bits) - 1;
  lifted.routes = lifted.host_ids = lifted.host_routes = (1u << ld::kRpLo.bits) - 1;
  const RtlImage img = build_rtl_image(chip, lifted);  // limits that cannot grow fail here
  uint32_t syn = 0, col = 0, routes = 0, host_ids = 0, host_routes = 0;
  bool learns = false;  // a core has synapse groups: its plasticity tables (the seed first) are loaded
  for (const LoadWord& w : img.words) {
    const bool host = w.core == kHostCore;
    learns = learns || w.mem == LdMem::PlSeed;
    if (w.mem == LdMem::Column) col = std::max(col, w.addr + 1);
    if (w.mem == LdMem::Route) (host ? host_routes : routes) = std::max(host ? host_routes : routes, w.addr + 1);
    if (host && w.mem == LdMem::RoutePtr) host_ids = std::max(host_ids, w.addr + 1);
  }
  for (uint32_t used : img.synapse_words_used) syn = std::max(syn, used);
  uint32_t tern = 0;
  for (uint32_t used : img.ternary_words_used) tern = std::max(tern, used);
  // A size that fits stays the built-in one (the parameter sets the tests cover); one that
  // does not grows to the next power of two.
  auto grow = [](uint32_t built, uint32_t need) {
    uint32_t v = built;
    while (v < need) v *= 2;
    return v;
  };
  RtlLimits out = builtin;
  out.cores = lifted.cores;
  // The units only where the network uses them: a chip without them is much faster to
  // simulate (docs/performance.md) and its sizes are the same.
  const bool modes =
      std::any_of(chip.cores.begin(), chip.cores.end(), [](const CoreImage& c) { return c.mode.has_value(); });
  out.plasticity = learns ? builtin.plasticity : 0;
  out.modes = modes ? builtin.modes : 0;
  out.synapse_words = grow(builtin.synapse_words, syn);
  out.ternary_words = grow(builtin.ternary_words, tern);
  out.column_entries = grow(builtin.column_entries, col);
  out.routes = grow(builtin.routes, routes);
  out.host_ids = grow(builtin.host_ids, host_ids);
  out.host_routes = grow(builtin.host_routes, host_routes);
  return out;
}

RtlImage build_rtl_image(const ChipImage& chip, const RtlLimits& lim) {
  const HwConfig& hw = chip.hw;
  check(chip.cores.size() <= lim.cores, "cores", chip.cores.size(), lim.cores);
  check(hw.core.lanes == lim.lanes, "core.lanes", hw.core.lanes, lim.lanes);
  static_assert(sizeof(LoadWord::data) / sizeof(uint32_t) == ld::kLoadLanes, "the load port carries 8 lanes");
  check(hw.core.delay_slots <= lim.max_delay_slots, "core.delay_slots", hw.core.delay_slots, lim.max_delay_slots);
  const uint32_t latency = uarch::router_latency(hw.mesh_x, hw.mesh_y);
  check(latency <= ld::kRouterDepth, "router latency (mesh_x + mesh_y - 1)", latency, ld::kRouterDepth);
  RtlImage img;
  auto put = [&](uint8_t core, LdMem mem, uint32_t addr, uint64_t data) {
    img.words.push_back({core, mem, addr, {static_cast<uint32_t>(data), static_cast<uint32_t>(data >> 32)}});
  };
  const uint32_t lanes = lim.lanes;

  for (uint32_t c = 0; c < chip.cores.size(); ++c) {
    const CoreImage& ci = chip.cores[c];
    const std::string where = "core " + std::to_string(c) + " ";
    check(ci.neurons <= lim.neurons, where + "neurons", ci.neurons, lim.neurons);
    check(ci.axons.size() <= lim.axons, where + "axons", ci.axons.size(), lim.axons);
    const PlasticCore pc = plastic_core(chip, c);
    if (!pc.groups.empty() && !lim.plasticity)
      throw InputError(rtl_misfit(where + "plasticity unit (a projection onto it learns)", 1, 0));
    put(c, LdMem::Config, 0,
        field(ld::kCcNeurons, ci.neurons) | field(ld::kCcAxons, ci.axons.size()) |
            field(ld::kCcShift, static_cast<uint64_t>(ci.sigmoid_shift)) | plastic_config_fields(pc));
    std::vector<uint32_t> row_word(ci.axons.size());
    uint32_t word = 0, tern_word = 0;  // the next free word of each memory
    for (uint32_t a = 0; a < ci.axons.size(); ++a) {
      const AxonRow& row = ci.axons[a];
      const bool ternary = chip.weight_bits[row.projection] == 2;
      const bool packed = rtl_packed_row(chip, row);
      const fx::Scale s = chip.scales[row.projection];
      uint32_t& next = packed ? tern_word : word;
      put(c, LdMem::Axon, a,
          field(ld::kAxMant, s.mant) | field(ld::kAxExp, s.exp) | field(ld::kAxTern, ternary) |
              field(ld::kAxDense, row.dense) | field(ld::kAxLen, row.length) | field(ld::kAxBegin, next) |
              field(ld::kAxPacked, packed) | plastic_axon_fields(pc, a));
      row_word[a] = next;
      const uint32_t words = row_words(row, lanes);
      if (packed)
        check(next + words <= lim.ternary_words, where + "packed ternary memory words", next + words, lim.ternary_words);
      else
        check(next + words <= lim.synapse_words, where + "synapse memory words", next + words, lim.synapse_words);
      LoadWord lw{static_cast<uint8_t>(c), packed ? LdMem::Ternary : LdMem::Synapse, 0, {}};
      for (uint32_t k = 0; k < words * lanes; ++k) {
        const uint32_t w = next + k / lanes, lane = k % lanes;
        const uint32_t j = row.dense ? k : (lane == 0 ? k / lanes : row.length);  // synapse index in the row
        uint32_t data = 0;
        if (packed) {
          // lanes past the row's end hold code 00: no synapse
          if (j < row.length) data = ci.packed[row.begin + j];  // pack_ternary's layout: the Tern* fields
        } else if (j < row.length) {
          uint32_t post, delay;
          int32_t code;
          if (row.packed) {
            const uint8_t b = ci.packed[row.begin + j];
            post = j, code = fx::ternary_from_bits(b & 3), delay = b >> 2;
          } else {
            const SynapseEntry& e = ci.entries[row.begin + j];
            post = e.post, code = e.code, delay = e.delay;
          }
          data = static_cast<uint32_t>(field(ld::kSynValid, 1) | field(ld::kSynPost, post) |
                                       field(ld::kSynCode, static_cast<uint32_t>(code)) | field(ld::kSynDelay, delay));
        }
        lw.addr = w;
        lw.data[lane] = data;
        if (lane + 1 == lanes) img.words.push_back(lw);
      }
      next += words;
    }
    img.synapse_words_used.push_back(word);
    img.ternary_words_used.push_back(tern_word);
    put_plastic_tables(chip, c, pc, row_word, lim, img);
    for (uint32_t i = 0; i < ci.neurons; ++i) {
      const neuron_fixed::Params& p = ci.params[i];
      put(c, LdMem::NeuronA, i,
          field(ld::kNaDu, p.du) | field(ld::kNaDv, p.dv) | field(ld::kNaRefrac, p.refrac) |
              field(ld::kNaSub, p.reset == ResetMode::Subtract) | field(ld::kNaStoch, p.spike == SpikeMode::Stochastic) |
              field(ld::kNaSeed, ci.lfsr_seed[i]));
      put(c, LdMem::NeuronB, i,
          field(ld::kNbTheta, static_cast<uint32_t>(p.theta)) | field(ld::kNbBias, static_cast<uint32_t>(p.bias)));
    }
    for (uint32_t k = 0; k < ci.sigmoid_lut.size(); ++k) put(c, LdMem::Lut, k, field(ld::kLut, ci.sigmoid_lut[k]));
    const auto& ptr = chip.route_ptr[ci.population];
    const auto& routes = chip.routes[ci.population];
    uint32_t r = 0;
    for (uint32_t i = 0; i < ci.neurons; ++i) {
      const uint32_t n = ci.first_neuron + i;
      const uint32_t lo = r;
      for (uint32_t k = ptr[n]; k < ptr[n + 1]; ++k, ++r) put(c, LdMem::Route, r, field(ld::kRtCore, routes[k].core) | field(ld::kRtAxon, routes[k].axon));
      put(c, LdMem::RoutePtr, i, field(ld::kRpLo, lo) | field(ld::kRpHi, r));
    }
    check(r <= lim.routes, where + "routing table entries", r, lim.routes);
    put_mode(img, static_cast<uint8_t>(c), ci, lim);
  }
  // Host port: the input population's routes, and the chip configuration.
  const uint32_t in = chip.input_population;
  const auto& ptr = chip.route_ptr[in];
  const uint32_t inputs = static_cast<uint32_t>(ptr.size() - 1);
  check(inputs <= lim.host_ids, "input neurons", inputs, lim.host_ids);
  check(ptr.back() <= lim.host_routes, "input routing table entries", ptr.back(), lim.host_routes);
  for (uint32_t n = 0; n < inputs; ++n) put(kHostCore, LdMem::RoutePtr, n, field(ld::kRpLo, ptr[n]) | field(ld::kRpHi, ptr[n + 1]));
  for (uint32_t k = 0; k < ptr.back(); ++k)
    put(kHostCore, LdMem::Route, k, field(ld::kRtCore, chip.routes[in][k].core) | field(ld::kRtAxon, chip.routes[in][k].axon));
  put(kHostCore, LdMem::Config, 0,
      field(ld::kChMask, hw.core.delay_slots - 1) | field(ld::kChCores, chip.cores.size()) | field(ld::kChLatency, latency));
  return img;
}

}  // namespace nmx::l3
