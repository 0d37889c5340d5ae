// The one adapter between RtlChip and a Verilated rtl/nmx_chip.sv (Vnmx_chip). Compiled
// into nmx_l3 for the built-in chip, and at run time (sim/rtl_user, NMX_RTL_PLUGIN
// defined) into the shared library of a chip around a user's core. Port widths depend on
// the Cores parameter (spike_neuron_o is a wide word at 20 cores, 12 bits at one), so every
// access goes through bits()/put() that read either an integer or a VlWide port.
#include <type_traits>

#include <verilated.h>
#include <verilated_fst_c.h>

#include "Vnmx_chip.h"
#include "l3/rtl_chip.hpp"

#ifndef NMX_RTL_Cores
#error "NMX_RTL_<name>: the parameters the chip was Verilated with (sim/CMakeLists.txt NMX_RTL_LIMITS)"
#endif

namespace nmx::l3 {
namespace {

constexpr RtlLimits kLimits{NMX_RTL_Cores,    NMX_RTL_N,      NMX_RTL_A,       NMX_RTL_DMax,      NMX_RTL_Lanes,
                            NMX_RTL_SynWords, NMX_RTL_Routes, NMX_RTL_HostIds, NMX_RTL_HostRoutes, NMX_RTL_TernWords,
                            NMX_RTL_ColEntries, NMX_RTL_Modes,      NMX_RTL_Plasticity};

constexpr uint64_t low_mask(uint32_t bits) { return bits >= 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1; }

// `bits` (<= 32) bits of a port from bit `lsb`.
template <typename T>
uint32_t bits(const T& port, uint32_t lsb, uint32_t n) {
  if constexpr (std::is_integral_v<T>) {
    return lsb >= 64 ? 0u : static_cast<uint32_t>((static_cast<uint64_t>(port) >> lsb) & low_mask(n));
  } else {  // VlWide<W>: 32-bit words, least significant first
    const uint32_t w = lsb / 32, off = lsb % 32;
    uint64_t word = port[w];
    if (off + n > 32 && (w + 1) * 32 < sizeof(port) * 8) word |= uint64_t{port[w + 1]} << 32;
    return static_cast<uint32_t>((word >> off) & low_mask(n));
  }
}

// Writes 32-bit words into a port (an integer port takes the low ones).
template <typename T>
void put(T& port, const std::array<uint32_t, 8>& words) {
  if constexpr (std::is_integral_v<T>) {
    port = static_cast<T>(uint64_t{words[1]} << 32 | words[0]);
  } else {
    for (size_t k = 0; k < sizeof(port) / 4 && k < words.size(); ++k) port[k] = words[k];
  }
}

template <typename T>
std::array<uint32_t, 8> words_of(const T& port) {
  std::array<uint32_t, 8> out{};
  for (uint32_t k = 0; k < out.size() && k * 32 < sizeof(port) * 8; ++k) out[k] = bits(port, k * 32, 32);
  return out;
}

class VerilatedChip final : public RtlChip {
 public:
  explicit VerilatedChip(bool trace) {
    ctx_.traceEverOn(trace);
    top_ = std::make_unique<Vnmx_chip>(&ctx_, "chip");
    if (trace) {
      fst_ = std::make_unique<VerilatedFstC>();
      top_->trace(fst_.get(), 99);
    }
  }
  ~VerilatedChip() override { trace_close(); }

  RtlLimits limits() const override { return kLimits; }
  void eval() override {
    Vnmx_chip& t = *top_;
    t.clk_i = in.clk;
    t.rst_ni = in.rst_n;
    t.clear_i = in.clear;
    t.run_i = in.run;
    t.req_compute_i = in.req_compute;
    t.fault_i = in.fault;
    t.ld_valid_i = in.ld_valid;
    t.ld_core_i = in.ld_core;
    t.ld_mem_i = in.ld_mem;
    t.ld_addr_i = in.ld_addr;
    put(t.ld_data_i, in.ld_data);
    t.dbg_core_i = in.dbg_core;
    t.dbg_neuron_i = in.dbg_neuron;
    t.dbg_pl_sel_i = in.dbg_pl_sel;
    t.dbg_pl_addr_i = in.dbg_pl_addr;
    t.dbg_mode_i = in.dbg_mode;
    t.eval();
  }
  void clock() override {
    top_->clk_i = in.clk;
    top_->eval();
  }
  void cycle_outputs(RtlCycleOutputs& out) const override {
    constexpr uint32_t n = kLimits.cores;
    if (out.stall.size() != n + 1) out.phase.resize(n), out.spike.resize(n), out.stall.resize(n + 1);
    uint8_t *phase = out.phase.data(), *spike = out.spike.data(), *stall = out.stall.data();
    const auto& t = *top_;
    for (uint32_t c = 0; c < n; ++c) {
      phase[c] = static_cast<uint8_t>(bits(t.phase_o, c * kPinPhaseBits, kPinPhaseBits));
      spike[c] = static_cast<uint8_t>(bits(t.spike_o, c, 1));
    }
    for (uint32_t s = 0; s <= n; ++s) stall[s] = static_cast<uint8_t>(bits(t.stall_o, s, 1));
  }
  bool busy() const override { return top_->busy_o; }
  uint32_t clear_cycles() const override { return top_->clear_cycles_o; }
  uint64_t cycle() const override { return top_->cycle_o; }
  uint32_t spike_neuron(uint32_t c) const override { return bits(top_->spike_neuron_o, c * kPinPostBits, kPinPostBits); }
  uint32_t dbg_u() const override { return top_->dbg_u_o; }
  uint32_t dbg_v() const override { return top_->dbg_v_o; }
  uint32_t dbg_ref() const override { return top_->dbg_ref_o; }
  uint32_t dbg_lfsr() const override { return top_->dbg_lfsr_o; }
  std::array<uint32_t, 8> dbg_pl() const override { return words_of(top_->dbg_pl_o); }
  uint32_t dbg_rate() const override { return top_->dbg_rate_o; }
  uint32_t dbg_m() const override { return top_->dbg_m_o; }
  void trace_open(const std::string& path) override {
    if (fst_) fst_->open(path.c_str());
  }
  void trace_dump(uint64_t time) override {
    if (fst_) fst_->dump(time);
  }
  void trace_close() override {
    if (fst_ && fst_->isOpen()) fst_->close();
  }

 private:
  VerilatedContext ctx_;
  std::unique_ptr<Vnmx_chip> top_;
  std::unique_ptr<VerilatedFstC> fst_;
};

}  // namespace

#ifdef NMX_RTL_PLUGIN
}  // namespace nmx::l3

extern "C" __attribute__((visibility("default"))) int nmx_rtl_chip_abi() { return nmx::l3::kRtlChipAbi; }
extern "C" __attribute__((visibility("default"))) nmx::l3::RtlChip* nmx_rtl_chip_create(int trace) {
  return new nmx::l3::VerilatedChip(trace != 0);
}
#else
std::unique_ptr<RtlChip> make_builtin_rtl_chip(bool trace) { return std::make_unique<VerilatedChip>(trace); }
RtlLimits rtl_limits() { return kLimits; }

}  // namespace nmx::l3
#endif
