#include "l2/router_l2.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include "hw/microarch.hpp"

namespace nmx::l2 {

RouterL2::RouterL2(const sc_core::sc_module_name& name, const ChipImage& chip, const CycleClock& clock)
    : RouterModel(name),
      chip_(chip),
      clock_(clock),
      sources_(chip.cores.size() + 1),
      granted_(chip.cores.size(), 0),
      latency_(uarch::router_latency(chip.hw.mesh_x, chip.hw.mesh_y)),
      sig_in_flight_("in_flight"),
      sig_events_("events"),
      sig_stalls_("stalls") {
  ctrl.bind(*this);
  spike_in.bind(*this);
  SC_THREAD(run);
}

void RouterL2::end_of_elaboration() {
  if (static_cast<size_t>(event_out.size()) != chip_.cores.size())
    SC_REPORT_ERROR("nmx/l2", (std::string(name()) + ".event_out: " + std::to_string(event_out.size()) +
                               " bindings, the chip has " + std::to_string(chip_.cores.size()) + " cores")
                                  .c_str());
}

void RouterL2::reset() {
  for (Source& s : sources_) s = Source{};
  in_flight_.clear();
  std::fill(granted_.begin(), granted_.end(), 0);
  pending_ = 0;
  done_ = 0;
  any_cycle_ = false;
}

void RouterL2::begin_step(uint64_t start_cycle, StepCycles* stats, bool trace) {
  tracing_ = trace;
  stats_ = stats;
  done_ = start_cycle;
  for (Source& s : sources_) s = Source{};
}

uint32_t RouterL2::hops(uint32_t source, uint32_t dest) const {
  return source == chip_.cores.size() ? uarch::host_hops(dest, chip_.hw.mesh_x) : uarch::mesh_hops(source, dest, chip_.hw.mesh_x);
}

void RouterL2::load_head(Source& s) {
  if (s.head >= s.queue.size()) return;
  const Spike& sp = s.queue[s.head];
  s.route = chip_.route_ptr[sp.population][sp.neuron];
  s.route_end = chip_.route_ptr[sp.population][sp.neuron + 1];
}

void RouterL2::pop_head(Source& s) {
  ++s.head;
  --pending_;
  load_head(s);
}

void RouterL2::push_spike(uint32_t source, uint32_t population, uint32_t neuron, uint64_t exit) {
  Source& s = sources_[source];
  s.queue.push_back({population, neuron, exit + 1});
  ++pending_;
  if (s.head + 1 == s.queue.size()) load_head(s);
}

uint64_t RouterL2::next_activity() const {
  uint64_t next = in_flight_.empty() ? std::numeric_limits<uint64_t>::max() : in_flight_.front().arrive;
  for (const Source& s : sources_)
    if (s.head < s.queue.size()) next = std::min(next, s.queue[s.head].ready);
  if (any_cycle_) next = std::max(next, last_cycle_ + 1);  // never run a cycle twice
  return next;
}

void RouterL2::cycle(uint64_t c) {
  bool active = false;
  // Deliveries: at most one per destination per cycle, by construction of the grants.
  while (!in_flight_.empty() && in_flight_.front().arrive == c) {
    const InFlight e = in_flight_.front();
    in_flight_.pop_front();
    event_out[e.core]->deliver(e.axon);
    ++stats_->cores[e.core].activity.events_in;
    active = true;
  }
  // Grants: rotating priority, one event per source and per destination.
  const uint32_t n = sources();
  const uint32_t host = n - 1;
  for (uint32_t k = 0, first = static_cast<uint32_t>(c % n); k < n; ++k) {
    const uint32_t src = first + k < n ? first + k : first + k - n;
    Source& s = sources_[src];
    if (s.head >= s.queue.size() || s.queue[s.head].ready > c) continue;
    active = true;
    if (s.route == s.route_end) {  // a spike with no routes: one table read, nothing sent
      pop_head(s);
      continue;
    }
    const Route& r = chip_.routes[s.queue[s.head].population][s.route];
    if (granted_[r.core] == c + 1) {
      if (src == host) ++stats_->host_stall;
      else ++stats_->cores[src].route_stall;
      if (tracing_) sig_stalls_.write(sig_stalls_.read() + 1);
      continue;
    }
    granted_[r.core] = c + 1;
    in_flight_.push_back({c + latency_, r.core, r.axon});
    stats_->hops += hops(src, r.core);
    if (src == host) ++stats_->host_events;
    else ++stats_->cores[src].activity.events_out;
    if (tracing_) sig_events_.write(sig_events_.read() + 1);
    if (++s.route == s.route_end) pop_head(s);  // its successor is offered next cycle at the earliest
  }
  if (active) done_ = std::max(done_, c + 1);
  if (tracing_) sig_in_flight_.write(static_cast<uint32_t>(in_flight_.size()));
  last_cycle_ = c;
  any_cycle_ = true;
}

void RouterL2::run() {
  for (;;) {
    if (idle()) {
      barrier->arrive();
      wait(work_);
      continue;
    }
    const uint64_t c = clock_.now(), next = next_activity();
    if (next > c) {
      wait(clock_.until(next), work_);
      continue;
    }
    cycle(c);
    if (!idle()) wait(clock_.cycles(1));
  }
}

void RouterL2::trace(sc_core::sc_trace_file* tf) const {
  sc_core::sc_trace(tf, sig_in_flight_, std::string(name()) + ".in_flight");
  sc_core::sc_trace(tf, sig_events_, std::string(name()) + ".events_sent");
  sc_core::sc_trace(tf, sig_stalls_, std::string(name()) + ".stalls");
}

}  // namespace nmx::l2
