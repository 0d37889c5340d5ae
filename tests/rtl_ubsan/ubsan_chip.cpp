// The Verilated chip under UBSan (-fsanitize=undefined, no recovery): a small chip (one
// core, tests/CMakeLists.txt) is reset, loaded with seeds that have their top bit set,
// cleared (the sweep writes every seed into its neuron's state word) and run for two
// steps. The Verilated C++ of an RTL expression once shifted a 16-bit seed left by 20 as
// a signed int; any such overflow aborts this program.
#include <cstdio>
#include <memory>

#include <verilated.h>

#include "Vnmx_chip_ubsan.h"

namespace {

constexpr uint32_t kNeurons = 16;  // the chip's N (tests/CMakeLists.txt)

struct Chip {
  std::unique_ptr<VerilatedContext> ctx = std::make_unique<VerilatedContext>();
  std::unique_ptr<Vnmx_chip_ubsan> top = std::make_unique<Vnmx_chip_ubsan>(ctx.get(), "chip");
  void tick() {
    top->clk_i = 0;
    top->eval();
    top->clk_i = 1;
    top->eval();
  }
  void write(uint8_t core, uint8_t mem, uint32_t addr, uint64_t data) {
    top->ld_valid_i = 1;
    top->ld_core_i = core;
    top->ld_mem_i = mem;
    top->ld_addr_i = addr;
    for (int k = 0; k < 8; ++k) top->ld_data_i[k] = 0;
    top->ld_data_i[0] = static_cast<uint32_t>(data);
    top->ld_data_i[1] = static_cast<uint32_t>(data >> 32);
    tick();
    top->ld_valid_i = 0;
  }
};

}  // namespace

int main() {
  Chip c;
  auto& t = *c.top;
  t.clk_i = 0;
  t.rst_ni = 1;
  t.eval();
  t.rst_ni = 0;
  t.eval();
  t.rst_ni = 1;
  t.eval();
  // Neuron A: seed 0xFFFF (bits 32..47), du = dv = 4096, no refractory period.
  for (uint32_t n = 0; n < kNeurons; ++n) c.write(0, 2, n, (uint64_t{0xFFFF} << 32) | (4096u << 13) | 4096u);
  for (uint32_t n = 0; n < kNeurons; ++n) c.write(0, 3, n, 100);  // theta 100, bias 0
  c.write(0, 7, 0, kNeurons);                                      // core: N neurons, no axons
  c.write(0xFF, 7, 0, (3u << 0) | (1u << 6) | (1u << 16));          // chip: D = 4, one core, latency 1
  t.clear_i = 1;  // sampled at the edge: high at clear_cycles_o + 1 edges, then low at one
  for (uint32_t k = 0; k <= t.clear_cycles_o; ++k) c.tick();
  t.clear_i = 0;
  c.tick();
  for (int step = 0; step < 2; ++step) {
    t.req_compute_i = 1;
    t.run_i = 1;
    c.tick();  // the edge that starts the request
    t.run_i = 0;
    for (int guard = 0;; ++guard) {
      c.tick();
      if (!t.busy_o) break;
      if (guard > 10000) {
        std::fprintf(stderr, "the chip did not reach the barrier\n");
        return 1;
      }
    }
  }
  t.dbg_core_i = 0;
  t.dbg_neuron_i = kNeurons - 1;
  c.tick();  // the neuron state memory reads synchronously
  if (t.dbg_lfsr_o != 0xFFFF) {
    std::fprintf(stderr, "lfsr of neuron %u: %x, expected the seed 0xffff\n", kNeurons - 1, unsigned(t.dbg_lfsr_o));
    return 1;
  }
  std::printf("UBSan: the chip reset, loaded, cleared and ran two steps without undefined behaviour\n");
  return 0;
}
