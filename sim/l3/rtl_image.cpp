#include "l3/rtl_image.hpp"

#include "core/error.hpp"
#include "hw/microarch.hpp"

namespace nmx::l3 {
namespace {

uint64_t field(uint64_t value, unsigned bits, unsigned at) { return (value & ((uint64_t{1} << bits) - 1)) << at; }

void check(bool ok, const std::string& what, uint64_t need, uint64_t limit) {
  if (!ok)
    throw InputError("the network does not fit the Verilated RTL chip: " + what + " needs " + std::to_string(need) +
                     ", the RTL build has " + std::to_string(limit) + " (sim/CMakeLists.txt, rtl_limits)");
}

// Words of one row: dense rows use every lane, sparse rows one synapse per word.
uint32_t row_words(const AxonRow& row, uint32_t lanes) {
  return uarch::row_beats(row.length, row.dense, lanes);
}

}  // namespace

RtlLimits rtl_limits() { return RtlLimits{}; }

SynapseSite synapse_site(const ChipImage& chip, uint32_t core, uint32_t axon, uint32_t index, uint32_t lanes) {
  uint32_t word = 0;
  const CoreImage& ci = chip.cores[core];
  for (uint32_t a = 0; a < axon; ++a) word += row_words(ci.axons[a], lanes);
  const AxonRow& row = ci.axons[axon];
  return row.dense ? SynapseSite{core, word + index / lanes, index % lanes} : SynapseSite{core, word + index, 0};
}

RtlImage build_rtl_image(const ChipImage& chip, const RtlLimits& lim) {
  const HwConfig& hw = chip.hw;
  check(chip.cores.size() <= lim.cores, "cores", chip.cores.size(), lim.cores);
  check(hw.core.lanes == lim.lanes, "core.lanes", hw.core.lanes, lim.lanes);
  static_assert(sizeof(LoadWord::data) / sizeof(uint32_t) == 8, "the load port carries 8 lanes");
  check(hw.core.delay_slots <= lim.max_delay_slots, "core.delay_slots", hw.core.delay_slots, lim.max_delay_slots);
  const uint32_t latency = uarch::router_latency(hw.mesh_x, hw.mesh_y);
  check(latency <= 32, "router latency (mesh_x + mesh_y - 1)", latency, 32);
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
    put(c, LdMem::Config, 0,
        field(ci.neurons, 13, 0) | field(ci.axons.size(), 17, 13) | field(static_cast<uint64_t>(ci.sigmoid_shift), 5, 30));
    uint32_t word = 0;
    for (uint32_t a = 0; a < ci.axons.size(); ++a) {
      const AxonRow& row = ci.axons[a];
      const bool ternary = chip.weight_bits[row.projection] == 2;
      const fx::Scale s = chip.scales[row.projection];
      put(c, LdMem::Axon, a,
          field(s.mant, 8, 0) | field(s.exp, 4, 8) | field(ternary, 1, 12) | field(row.dense, 1, 13) |
              field(row.length, 13, 14) | field(word, 20, 27));
      const uint32_t words = row_words(row, lanes);
      check(word + words <= lim.synapse_words, where + "synapse memory words", word + words, lim.synapse_words);
      LoadWord lw{static_cast<uint8_t>(c), LdMem::Synapse, 0, {}};
      for (uint32_t k = 0; k < words * lanes; ++k) {
        const uint32_t w = word + k / lanes, lane = k % lanes;
        const uint32_t j = row.dense ? k : (lane == 0 ? k / lanes : row.length);  // synapse index in the row
        uint32_t data = 0;
        if (j < row.length) {
          uint32_t post, delay;
          int32_t code;
          if (row.packed) {
            const uint8_t b = ci.packed[row.begin + j];
            post = j, code = fx::ternary_from_bits(b & 3), delay = b >> 2;
          } else {
            const SynapseEntry& e = ci.entries[row.begin + j];
            post = e.post, code = e.code, delay = e.delay;
          }
          data = static_cast<uint32_t>(field(1, 1, 26) | field(post, 12, 14) | field(static_cast<uint32_t>(code), 8, 6) |
                                       field(delay, 6, 0));
        }
        lw.addr = w;
        lw.data[lane] = data;
        if (lane + 1 == lanes) img.words.push_back(lw);
      }
      word += words;
    }
    img.synapse_words_used.push_back(word);
    for (uint32_t i = 0; i < ci.neurons; ++i) {
      const neuron_fixed::Params& p = ci.params[i];
      put(c, LdMem::NeuronA, i,
          field(p.du, 13, 0) | field(p.dv, 13, 13) | field(p.refrac, 4, 26) |
              field(p.reset == ResetMode::Subtract, 1, 30) | field(p.spike == SpikeMode::Stochastic, 1, 31) |
              field(ci.lfsr_seed[i], 16, 32));
      put(c, LdMem::NeuronB, i,
          field(static_cast<uint32_t>(p.theta), 24, 0) | field(static_cast<uint32_t>(p.bias), 24, 24));
    }
    for (uint32_t k = 0; k < ci.sigmoid_lut.size(); ++k) put(c, LdMem::Lut, k, ci.sigmoid_lut[k]);
    const auto& ptr = chip.route_ptr[ci.population];
    const auto& routes = chip.routes[ci.population];
    uint32_t r = 0;
    for (uint32_t i = 0; i < ci.neurons; ++i) {
      const uint32_t n = ci.first_neuron + i;
      const uint32_t lo = r;
      for (uint32_t k = ptr[n]; k < ptr[n + 1]; ++k, ++r) put(c, LdMem::Route, r, field(routes[k].core, 8, 16) | routes[k].axon);
      put(c, LdMem::RoutePtr, i, field(lo, 16, 0) | field(r, 16, 16));
    }
    check(r <= lim.routes, where + "routing table entries", r, lim.routes);
  }
  // Host port: the input population's routes, and the chip configuration.
  const uint32_t in = chip.input_population;
  const auto& ptr = chip.route_ptr[in];
  const uint32_t inputs = static_cast<uint32_t>(ptr.size() - 1);
  check(inputs <= lim.host_ids, "input neurons", inputs, lim.host_ids);
  check(ptr.back() <= lim.host_routes, "input routing table entries", ptr.back(), lim.host_routes);
  for (uint32_t n = 0; n < inputs; ++n) put(kHostCore, LdMem::RoutePtr, n, field(ptr[n], 16, 0) | field(ptr[n + 1], 16, 16));
  for (uint32_t k = 0; k < ptr.back(); ++k)
    put(kHostCore, LdMem::Route, k, field(chip.routes[in][k].core, 8, 16) | chip.routes[in][k].axon);
  put(kHostCore, LdMem::Config, 0,
      field(hw.core.delay_slots - 1, 6, 0) | field(chip.cores.size(), 5, 6) | field(latency, 6, 16));
  return img;
}

}  // namespace nmx::l3
