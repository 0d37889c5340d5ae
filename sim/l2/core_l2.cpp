#include "l2/core_l2.hpp"

#include "hw/microarch.hpp"
#include "l2/router_l2.hpp"

namespace nmx::l2 {

CoreL2::CoreL2(const sc_core::sc_module_name& name, const ChipImage& chip, uint32_t index, const CycleClock& clock,
               RouterL2& router, sc_core::sc_event& done_event)
    : sc_module(name),
      chip_(chip),
      img_(chip.cores[index]),
      index_(index),
      clock_(clock),
      router_(router),
      done_event_(done_event),
      l1_(chip, index),
      sig_phase_("phase"),
      sig_axon_("axon"),
      sig_rows_("rows"),
      sig_spikes_("spikes"),
      sig_events_in_("events_in") {
  SC_THREAD(run);
}

void CoreL2::start(uint32_t t, uint64_t start_cycle, CoreStepCycles* stats) {
  t_ = t;
  start_cycle_ = start_cycle;
  stats_ = stats;
  done_ = false;
  start_.notify(sc_core::SC_ZERO_TIME);
}

void CoreL2::receive(uint32_t axon) {
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
    if (tracing_) sig_phase_.write(kSynaptic);
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
    if (tracing_) sig_phase_.write(kNeuron);
    const uint64_t np = s0 + cycles;
    l1_.neuron_phase(t_, [&](uint32_t i) {
      const uint64_t exit = np + uarch::kNeuronPipeline + i;
      router_.push_spike(index_, img_.population, img_.first_neuron + i, exit);
      st.spike_neuron.push_back(static_cast<uint16_t>(i));
      st.spike_exit.push_back(static_cast<uint32_t>(exit - s0));
      ++st.activity.spikes;
      st.activity.last_spike = i;
    });
    router_.kick();
    st.neuron = img_.neurons + uarch::kNeuronPipeline;
    if (tracing_) {
      for (const uint32_t exit : st.spike_exit) {
        wait(clock_.until(s0 + exit));
        sig_spikes_.write(sig_spikes_.read() + 1);
      }
    }
    done_cycle_ = np + st.neuron;
    wait(clock_.until(done_cycle_));
    if (tracing_) sig_phase_.write(kIdle);
    done_ = true;
    done_event_.notify();
  }
}

void CoreL2::trace(sc_core::sc_trace_file* tf) {
  const std::string n = name();
  sc_core::sc_trace(tf, sig_phase_, n + ".phase");
  sc_core::sc_trace(tf, sig_axon_, n + ".axon");
  sc_core::sc_trace(tf, sig_rows_, n + ".rows");
  sc_core::sc_trace(tf, sig_spikes_, n + ".spikes_out");
  sc_core::sc_trace(tf, sig_events_in_, n + ".events_in");
}

}  // namespace nmx::l2
