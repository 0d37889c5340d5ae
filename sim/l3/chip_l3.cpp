#include "l3/chip_l3.hpp"

#include <cstdio>
#include <string>
#include <stdexcept>

#include "l3/rtl_chip.hpp"
#include "l3/rtl_plastic_image.hpp"

namespace nmx::l3 {

static_assert(kPinPhaseBits == phase::kBits && kPinPostBits == ld::kSynPost.bits,
              "rtl_chip.hpp's port field widths are the package's");

struct ChipL3::Impl {
  RtlChipFactory factory;  // keeps a run-time chip's library loaded while `chip` lives
  std::unique_ptr<RtlChip> chip;
  bool fst = false;        // a waveform is open
  std::string fst_tmp;
  uint64_t time = 0;
  bool tracing = false;
  RtlCycleOutputs outputs;  // the run loop's per-cycle observation, reused
  // Cached read-back of neuron state (per core), valid for the current step.
  mutable std::vector<std::vector<neuron_fixed::State>> state;
  mutable std::vector<std::vector<bool>> state_valid;

  Impl(const L3Options& opt) : factory(opt.chip) {
    const bool trace = !opt.fst_path.empty();
    chip = factory ? factory(trace) : make_builtin_rtl_chip(trace);
  }
  void half(bool clk) {
    chip->in.clk = clk;
    chip->eval();
    end_half();
  }
  // The run loop's half cycles: only the clock changes there.
  void clock_half(bool clk) {
    chip->in.clk = clk;
    chip->clock();
    end_half();
  }
  void end_half() {
    if (fst && tracing) chip->trace_dump(time);
    time += 5;  // half a 10-time-unit cycle
  }
  void tick() {
    half(false);
    half(true);
  }
  void write(const LoadWord& w) {
    RtlInputs& in = chip->in;
    in.ld_valid = true;
    in.ld_core = w.core;
    in.ld_mem = static_cast<uint8_t>(w.mem);
    in.ld_addr = w.addr;
    for (size_t k = 0; k < in.ld_data.size(); ++k) in.ld_data[k] = w.data[k];
    tick();
    in.ld_valid = false;
  }
  void invalidate() {
    for (auto& v : state_valid) std::fill(v.begin(), v.end(), false);
  }
};

ChipL3::ChipL3(const ChipImage& chip, const L3Options& opt)
    : image_(chip), impl_(std::make_unique<Impl>(opt)), rtl_(build_rtl_image(chip, impl_->chip->limits())) {
  Impl& m = *impl_;
  RtlInputs& in = m.chip->in;
  in.fault = static_cast<uint8_t>(opt.fault);
  in.run = in.clear = in.clk = false;
  in.rst_n = true;
  m.chip->eval();
  in.rst_n = false;  // asynchronous reset of control and configuration state, before loading
  m.chip->eval();
  in.rst_n = true;
  m.chip->eval();
  if (!opt.fst_path.empty()) {
    m.fst_tmp = opt.fst_path + ".part";
    m.chip->trace_open(m.fst_tmp);
    m.fst = true;
  }
  fst_first_ = opt.fst_first_step;
  fst_last_ = opt.fst_last_step;
  fst_sample_ = opt.fst_sample;
  for (const LoadWord& w : rtl_.words) m.write(w);
  m.state.resize(chip.cores.size());
  m.state_valid.resize(chip.cores.size());
  for (size_t c = 0; c < chip.cores.size(); ++c) {
    m.state[c].resize(chip.cores[c].neurons);
    m.state_valid[c].assign(chip.cores[c].neurons, false);
  }
  fst_path_ = opt.fst_path;
  plastic_ = has_plastic_cores(chip);
  learning_ = plastic_;
  reset();
}

ChipL3::~ChipL3() {
  if (impl_ && impl_->fst) {
    impl_->chip->trace_close();
    std::remove(impl_->fst_tmp.c_str());  // never published: finish_trace() was not reached
  }
}

void ChipL3::finish_trace() {
  if (!impl_->fst) return;
  impl_->chip->trace_close();
  impl_->fst = false;
  if (std::rename(impl_->fst_tmp.c_str(), fst_path_.c_str()) != 0)
    throw std::runtime_error(fst_path_ + ": cannot write the waveform");
}

uint64_t ChipL3::cycle() const { return impl_->chip->cycle(); }

void ChipL3::reset() {
  Impl& m = *impl_;
  m.chip->in.clear = true;  // the cores sweep their memories (the chip samples clear_i at the edge)
  for (uint32_t k = 0; k <= m.chip->clear_cycles(); ++k) m.tick();
  m.chip->in.clear = false;
  m.tick();  // the edge that samples clear_i low: the sweep is over before anything is written
  // The plasticity state the clear sweep does not reach: e and l back to 0 (the host's job,
  // as for every memory it loads).
  for (uint32_t c = 0; c < image_.cores.size(); ++c) {
    if (plastic_core(image_, c).groups.empty()) continue;
    for (uint32_t w = 0; w < rtl_.synapse_words_used[c]; ++w) m.write({static_cast<uint8_t>(c), LdMem::Elig, w, {}});
    for (uint32_t i = 0; i < image_.cores[c].neurons; ++i) m.write({static_cast<uint8_t>(c), LdMem::Learn, i, {}});
  }
  m.invalidate();
  if (t_ > 0) ++sample_;  // a sample has run since the last reset
  t_ = 0;
  first_step_ = true;
}

void ChipL3::flip_synapse_bits(const SynapseSite& site, uint32_t mask) {
  for (const LoadWord& w : rtl_.words) {
    if (w.core == site.core && w.mem == site.mem && w.addr == site.word) {
      LoadWord flipped = w;
      flipped.data[site.lane] ^= mask;
      impl_->write(flipped);
      return;
    }
  }
  throw std::invalid_argument("flip_synapse_bits: no such synapse word");
}

void ChipL3::run_request(bool compute, const std::vector<uint32_t>& host_inputs, StepCycles& st) {
  Impl& m = *impl_;
  for (size_t k = 0; k < host_inputs.size(); ++k) m.write({kHostCore, LdMem::HostSpike, static_cast<uint32_t>(k), {host_inputs[k]}});
  const size_t cores = image_.cores.size();
  st = StepCycles{};
  st.step = t_;
  RtlChip& chip = *m.chip;
  st.start_cycle = chip.cycle();
  st.cores.resize(cores);
  m.tracing = m.fst && compute && sample_ == fst_sample_ && t_ >= fst_first_ && t_ <= fst_last_;
  chip.in.req_compute = compute;
  chip.in.run = true;
  m.tick();  // the edge that samples run_i: the request runs from the next cycle to its end
  chip.in.run = false;
  RtlCycleOutputs& o = m.outputs;
  for (uint64_t guard = 0;; ++guard) {
    if (guard > 100000000ull) throw std::runtime_error("L3: the chip did not reach the barrier");
    chip.in.clk = false;
    if (guard == 0)
      chip.eval();  // applies run = 0; nothing but the clock changes until the barrier
    else
      chip.clock();
    // Observe this cycle before its clock edge.
    const uint64_t rel = chip.cycle() - st.start_cycle;
    chip.cycle_outputs(o);
    for (size_t c = 0; c < cores; ++c) {
      CoreStepCycles& k = st.cores[c];
      const uint32_t phase = o.phase[c];
      if (phase == phase::kSynaptic) ++k.synaptic;
      if (phase == phase::kNeuron) ++k.neuron;
      if (phase == phase::kPlastic) ++k.plastic;
      if (phase == phase::kMode) ++k.mode;
      if (o.spike[c]) {
        k.spike_neuron.push_back(static_cast<uint16_t>(chip.spike_neuron(static_cast<uint32_t>(c))));
        k.spike_exit.push_back(static_cast<uint32_t>(rel + 1));  // in the queue from the next cycle
        ++k.activity.spikes;
      }
      if (o.stall[c]) ++k.route_stall;
    }
    if (o.stall.back()) ++st.host_stall;  // the host port: source chip.cores()
    m.end_half();
    m.clock_half(true);
    if (cycle_hook_) cycle_hook_();
    if (!chip.busy()) break;
  }
  st.cycles = chip.cycle() - st.start_cycle;
  for (CoreStepCycles& c : st.cores) c.idle = st.cycles - c.synaptic - c.neuron - c.plastic - c.mode;
  m.invalidate();
  if (compute) ++t_;
}

void ChipL3::step(const std::vector<uint32_t>& inputs, const std::vector<uint32_t>& next_inputs,
                  std::vector<CoreSpike>& out) {
  if (first_step_) {
    run_request(false, inputs, preload_);
    first_step_ = false;
  }
  run_request(true, next_inputs, step_);
  for (uint32_t c = 0; c < step_.cores.size(); ++c)
    for (const uint16_t i : step_.cores[c].spike_neuron) out.push_back({static_cast<uint16_t>(c), i});
}

std::array<uint32_t, 8> ChipL3::read_plastic(uint32_t core, PlDbg what, uint32_t addr) const {
  Impl& m = *impl_;
  m.chip->in.dbg_core = static_cast<uint8_t>(core);
  m.chip->in.dbg_pl_sel = static_cast<uint8_t>(what);
  m.chip->in.dbg_pl_addr = addr;
  m.tick();  // synchronous reads; frozen, the clock moves nothing else
  return m.chip->dbg_pl();
}

PlasticSnapshot ChipL3::plastic_snapshot(uint32_t core) const {
  const PlasticCore pc = plastic_core(image_, core);
  const CoreImage& ci = image_.cores[core];
  const uint32_t lanes = image_.hw.core.lanes;
  PlasticSnapshot s;
  s.groups = static_cast<uint32_t>(pc.groups.size());
  if (pc.groups.empty()) return s;
  for (uint32_t i = 0; i < ci.neurons; ++i) {
    const auto y = read_plastic(core, PlDbg::Y, i);
    s.y1.push_back({}), s.y2.push_back({});
    for (uint32_t g = 0; g < plastic::kMaxGroupsPerCore; ++g) {
      s.y1.back()[g] = static_cast<int32_t>(y[g] & 0xFFFFu);
      s.y2.back()[g] = static_cast<int32_t>(y[g] >> 16);
    }
  }
  for (uint32_t a = 0; a < ci.axons.size(); ++a) {
    if (pc.axon_group[a] < 0) continue;
    const auto x = read_plastic(core, PlDbg::X, a);
    s.axons.push_back(a);
    s.x1.push_back(static_cast<int32_t>(x[0] & 0xFFFFu));
    s.x2.push_back(static_cast<int32_t>(x[0] >> 16));
    const AxonRow& row = ci.axons[a];
    const bool ternary = image_.weight_bits[row.projection] == 2;
    int64_t cached = -1;
    std::array<uint32_t, 8> syn{}, elig{};
    for (uint32_t j = 0; j < row.length; ++j) {
      const SynapseSite site = synapse_site(image_, core, a, j, lanes);
      if (site.word != cached) {
        syn = read_plastic(core, PlDbg::Synapse, site.word);
        elig = read_plastic(core, PlDbg::Elig, site.word);
        cached = site.word;
      }
      const uint32_t word = syn[site.lane];
      const auto code = static_cast<int8_t>((word >> ld::kSynCode.lsb) & 0xFFu);
      PlasticSynapse p;
      p.axon = a;
      p.post = (word >> ld::kSynPost.lsb) & ((1u << ld::kSynPost.bits) - 1);
      p.w = ternary ? fx::ternary_from_bits(static_cast<uint8_t>(code & 3)) : code;
      p.d = static_cast<int32_t>((word >> ld::kSynDelay.lsb) & ((1u << ld::kSynDelay.bits) - 1));
      p.e = static_cast<int16_t>(elig[site.lane] & 0xFFFFu);
      s.synapses.push_back(p);
    }
  }
  return s;
}

void ChipL3::set_core_learning_signal(uint32_t core, uint32_t local, int32_t l) {
  if (image_.cores[core].groups.empty()) return;  // no plasticity unit tables on this core
  impl_->write({static_cast<uint8_t>(core), LdMem::Learn, local, {static_cast<uint16_t>(fx::sat(l, fx::kLearnSignalBits))}});
}

void ChipL3::set_core_clamp(uint32_t core, uint32_t local, uint8_t clamp) {
  impl_->write({static_cast<uint8_t>(core), LdMem::Clamp, local, {clamp}});
}

void ChipL3::write_core_weights(uint32_t core, uint32_t axon, const std::vector<int32_t>& codes) {
  if (image_.cores[core].groups.empty()) throw_no_plasticity_unit();
  const uint32_t lanes = image_.hw.core.lanes;
  const int wb = image_.weight_bits[image_.cores[core].axons[axon].projection];
  constexpr uint32_t kCodeMask = ((1u << ld::kSynCode.bits) - 1) << ld::kSynCode.lsb;
  LoadWord w{static_cast<uint8_t>(core), LdMem::Synapse, 0, {}};
  bool open = false, dirty = false;
  auto flush = [&] {
    if (open && dirty) impl_->write(w);
    open = dirty = false;
  };
  for (uint32_t p = 0; p < codes.size(); ++p)  // all checked first: a refused write changes nothing
    if (codes[p] < fx::weight_code_min(wb) || codes[p] > fx::weight_code_max(wb))
      throw InputError("host weight write: code " + std::to_string(codes[p]) + " at axon " + std::to_string(axon) +
                       " position " + std::to_string(p) + " is outside the " + std::to_string(wb) + "-bit range [" +
                       std::to_string(fx::weight_code_min(wb)) + ", " + std::to_string(fx::weight_code_max(wb)) + "]");
  for (uint32_t p = 0; p < codes.size(); ++p) {
    const SynapseSite site = synapse_site(image_, core, axon, p, lanes);
    if (!open || site.word != w.addr) {
      flush();
      w.addr = site.word, w.data = read_plastic(core, PlDbg::Synapse, site.word), open = true;
    }
    const uint32_t word = (w.data[site.lane] & ~kCodeMask) | ((static_cast<uint32_t>(codes[p]) << ld::kSynCode.lsb) & kCodeMask);
    dirty |= word != w.data[site.lane];
    w.data[site.lane] = word;
  }
  flush();
}

void ChipL3::write_learned(Network& net) const {
  for (uint32_t c = 0; c < image_.cores.size(); ++c)
    if (!image_.cores[c].groups.empty()) nmx::write_learned(image_, c, plastic_snapshot(c), net);
}

void ChipL3::set_learning(bool on) {
  learning_ = on && plastic_;
  for (const LoadWord& w : rtl_.words) {
    if (w.mem != LdMem::Config || w.core == kHostCore || image_.cores[w.core].groups.empty()) continue;
    LoadWord cfg = w;
    if (!learning_) {  // no group: the core skips its plasticity phase
      const uint64_t data = (uint64_t{cfg.data[1]} << 32 | cfg.data[0]) & ~(((uint64_t{1} << ld::kCcGroups.bits) - 1) << ld::kCcGroups.lsb);
      cfg.data[0] = static_cast<uint32_t>(data), cfg.data[1] = static_cast<uint32_t>(data >> 32);
    }
    impl_->write(cfg);
  }
}

void ChipL3::restore_weights() {
  for (const LoadWord& w : rtl_.words)
    if (w.mem == LdMem::Synapse || w.mem == LdMem::PlSeed) impl_->write(w);
}

const neuron_fixed::State& ChipL3::neuron(uint32_t core, uint32_t local) const {
  Impl& m = *impl_;
  if (!m.state_valid[core][local]) {
    m.chip->in.dbg_core = static_cast<uint8_t>(core);
    m.chip->in.dbg_neuron = static_cast<uint16_t>(local);
    m.tick();  // the state memory reads synchronously; frozen, the clock moves nothing else
    auto sext = [](uint32_t x) { return static_cast<int32_t>(x << 8) >> 8; };
    m.state[core][local] = {sext(m.chip->dbg_u()), sext(m.chip->dbg_v()), static_cast<uint8_t>(m.chip->dbg_ref()),
                            static_cast<uint16_t>(m.chip->dbg_lfsr())};
    m.state_valid[core][local] = true;
  }
  return m.state[core][local];
}

int32_t ChipL3::mode_rate(uint32_t core, uint32_t j) const {
  Impl& m = *impl_;
  m.chip->in.dbg_core = static_cast<uint8_t>(core);
  m.chip->in.dbg_neuron = static_cast<uint16_t>(j);
  m.tick();  // r reads synchronously, like the neuron state
  return static_cast<int32_t>(m.chip->dbg_rate());
}

int32_t ChipL3::mode_projection(uint32_t core, uint32_t p) const {
  Impl& m = *impl_;
  m.chip->in.dbg_core = static_cast<uint8_t>(core);
  m.chip->in.dbg_mode = static_cast<uint8_t>(p);
  m.tick();  // the chip samples dbg_core_i at the edge; frozen, the clock moves nothing else
  return static_cast<int32_t>(m.chip->dbg_m() << 8) >> 8;
}

}  // namespace nmx::l3
