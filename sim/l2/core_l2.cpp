#include "l2/core_l2.hpp"

#include "hw/microarch.hpp"
#include "l1/plasticity_cycles.hpp"

namespace nmx::l2 {

CoreL2::CoreL2(const sc_core::sc_module_name& name, const ChipImage& chip, uint32_t index, const CycleClock& clock)
    : CoreModel(name),
      chip_(chip),
      img_(chip.cores[index]),
      index_(index),
      clock_(clock),
      l1_(chip, index),
      sig_phase_("phase"),
      sig_axon_("axon"),
      sig_rows_("rows"),
      sig_spikes_("spikes"),
      sig_events_in_("events_in") {
  ctrl.bind(*this);
  event_in.bind(*this);
  SC_THREAD(run);
}

void CoreL2::start(uint32_t t, uint64_t start_cycle, CoreStepCycles* stats, bool trace) {
  tracing_ = trace;
  t_ = t;
  start_cycle_ = start_cycle;
  stats_ = stats;
  done_ = false;
  start_.notify(sc_core::SC_ZERO_TIME);
}

void CoreL2::deliver(uint32_t axon) {
  l1_.post_event(axon, false);
  if (tracing_) sig_events_in_.write(sig_events_in_.read() + 1);
}

void CoreL2::run() {
  const uint32_t lanes = chip_.hw.core.lanes;
  for (;;) {
    wait(start_);
    CoreStepCycles& st = *stats_;
    const uint64_t s0 = start_cycle_;

    // Synaptic phase: scan the event buffer, one row transaction per pending axon.
    if (tracing_) sig_phase_.write(phase::kSynaptic);
    uint64_t cycles = uarch::scan_cycles(static_cast<uint32_t>(img_.axons.size()));
    l1_.synaptic_phase(t_, [&](uint32_t axon) {
      const AxonRow& row = img_.axons[axon];
      const uint32_t beats = uarch::row_beats(row.length, row.dense, lanes);
      ++st.activity.rows;
      st.activity.beats += beats;
      st.activity.synapses += row.length;
      if (tracing_) {  // show each row in the waveform at its own time
        wait(clock_.until(s0 + cycles));
        sig_axon_.write(axon);
        sig_rows_.write(sig_rows_.read() + 1);
      }
      cycles += uarch::kRowDescriptorCycles + beats;
    });
    cycles += uarch::kSynapsePipeline;
    st.synaptic = cycles;
    wait(clock_.until(s0 + cycles));

    // Neuron phase: neuron i enters the pipeline in cycle np + i and its spike leaves the
    // core kNeuronPipeline cycles later, into the route engine's queue.
    if (tracing_) sig_phase_.write(phase::kNeuron);
    const uint64_t np = s0 + cycles;
    l1_.neuron_phase(t_, [&](uint32_t i) {
      const uint64_t exit = np + uarch::kNeuronPipeline + i;
      spike_out->push_spike(index_, img_.population, img_.first_neuron + i, exit);
      st.spike_neuron.push_back(static_cast<uint16_t>(i));
      st.spike_exit.push_back(static_cast<uint32_t>(exit - s0));
      ++st.activity.spikes;
      st.activity.last_spike = i;
    });
    spike_out->kick();
    st.neuron = img_.neurons + uarch::kNeuronPipeline;
    if (tracing_) {
      for (const uint32_t exit : st.spike_exit) {
        wait(clock_.until(s0 + exit));
        sig_spikes_.write(sig_spikes_.read() + 1);
      }
    }
    // Plasticity phase (docs/cycle-model.md): the L1 engine's arithmetic, timed by the
    // RTL unit's cycles for what it walked; none when the core does not learn. Nothing
    // else touches the core's learning state meanwhile (events land in the next bank).
    l1_.plasticity_phase(t_);
    st.plastic = plastic::phase_cycles(l1_, t_);
    if (tracing_ && st.plastic) {
      wait(clock_.until(np + st.neuron));
      sig_phase_.write(phase::kPlastic);
    }
    // Mode phase (docs/chip-spec.md §6), after the plasticity phase: its feedback lands in
    // slot t + 1, which nothing else touches before the next step, so the arithmetic runs
    // at once and only the time is spent.
    const uint64_t mp = np + st.neuron + st.plastic;
    st.mode = img_.mode ? uarch::mode_cycles(img_.neurons, img_.mode->modes) : 0;
    if (st.mode) {
      if (tracing_) {
        wait(clock_.until(mp));
        sig_phase_.write(phase::kMode);
      }
      l1_.mode_phase(t_);
    }
    done_cycle_ = mp + st.mode;
    wait(clock_.until(done_cycle_));
    if (tracing_) sig_phase_.write(phase::kIdle);
    done_ = true;
    barrier->arrive();
  }
}

void CoreL2::trace(sc_core::sc_trace_file* tf) const {
  const std::string n = name();
  sc_core::sc_trace(tf, sig_phase_.read(), n + ".phase", phase::kBits);
  sc_core::sc_trace(tf, sig_axon_, n + ".axon");
  sc_core::sc_trace(tf, sig_rows_, n + ".rows");
  sc_core::sc_trace(tf, sig_spikes_, n + ".spikes_out");
  sc_core::sc_trace(tf, sig_events_in_, n + ".events_in");
}

}  // namespace nmx::l2
