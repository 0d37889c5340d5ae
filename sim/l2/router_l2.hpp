// L2 router: carries AER events (dst core, dst axon) from the route engines of the cores
// and of the host port to the cores' event buffers (docs/cycle-model.md).
//   - One route engine per source (every core, plus the host port as the last source):
//     a spike that left its core in cycle x is looked up in the routing table and its
//     events are offered one per cycle from x + 1; a spike with no routes costs one cycle.
//   - Each destination port accepts one event per cycle; when several sources offer to
//     the same destination, priority rotates with the cycle (source c mod S first). A
//     source that is refused stalls (back-pressure) and retries in the next cycle.
//   - A granted event is written into the destination's next-step event buffer
//     router_latency(mesh) cycles later.
// The thread steps cycle by cycle only while events are in flight and otherwise sleeps
// until the next spike is due.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include <systemc>

#include "l2/model_sockets.hpp"

namespace nmx::l2 {

class RouterL2 : public RouterModel, public RouterCtrlIf, public SpikeIf {
 public:
  SC_HAS_PROCESS(RouterL2);
  RouterL2(const sc_core::sc_module_name& name, const ChipImage& chip, const CycleClock& clock);

  // RouterCtrlIf
  void reset() override;
  void begin_step(uint64_t start_cycle, StepCycles* stats, bool trace) override;
  bool idle() const override { return pending_ == 0 && in_flight_.empty(); }
  uint64_t done_cycle() const override { return done_; }

  // SpikeIf: source cores.size() is the host port.
  void push_spike(uint32_t source, uint32_t population, uint32_t neuron, uint64_t exit) override;
  void kick() override { work_.notify(sc_core::SC_ZERO_TIME); }

  void trace(sc_core::sc_trace_file* tf) const override;

 private:
  struct Spike {
    uint32_t population, neuron;
    uint64_t ready;  // first cycle its route engine may offer an event
  };
  struct Source {
    std::vector<Spike> queue;
    size_t head = 0;
    uint32_t route = 0, route_end = 0;  // of the head spike
  };
  struct InFlight {
    uint64_t arrive;
    uint16_t core, axon;
  };

  void end_of_elaboration() override;
  void run();
  void cycle(uint64_t c);
  uint64_t next_activity() const;
  uint32_t sources() const { return static_cast<uint32_t>(sources_.size()); }
  void load_head(Source& s);
  void pop_head(Source& s);
  uint32_t hops(uint32_t source, uint32_t dest) const;

  const ChipImage& chip_;
  const CycleClock& clock_;
  sc_core::sc_event work_;
  std::vector<Source> sources_;
  std::deque<InFlight> in_flight_;  // arrival cycles never decrease: one latency for all
  std::vector<uint64_t> granted_;   // per destination: 1 + last cycle it accepted an event
  size_t pending_ = 0;              // spikes not yet fully routed
  uint64_t done_ = 0, last_cycle_ = 0;
  bool any_cycle_ = false;
  uint32_t latency_;
  StepCycles* stats_ = nullptr;

  bool tracing_ = false;
  sc_core::sc_signal<uint32_t> sig_in_flight_, sig_events_, sig_stalls_;
};

}  // namespace nmx::l2
