// L2 through its SystemC interfaces: a user's own router or core model binds in place of
// nmx's (spikes and state unchanged, cycles changed), a miscounted binding stops
// elaboration, and timing follows the kernel's time resolution.
#include <algorithm>
#include <cstdint>
#include <queue>
#include <vector>

#include <catch2/catch.hpp>

#include "case_chips.hpp"
#include "core/error.hpp"
#include "l2/chip_model_l2.hpp"
#include "l2/core_l2.hpp"
#include "l2/model_sockets.hpp"
#include "l2/router_l2.hpp"

using namespace nmx;

namespace {

// A user's router, written only against interfaces.hpp: a full crossbar with no
// arbitration. A source reads one route per cycle; each event arrives `latency` cycles
// after it is read, whatever its destination.
class CrossbarRouter : public l2::RouterModel, public l2::RouterCtrlIf, public l2::SpikeIf {
 public:
  SC_HAS_PROCESS(CrossbarRouter);
  CrossbarRouter(const sc_core::sc_module_name& name, const ChipImage& chip, const l2::CycleClock& clock,
                 uint32_t latency)
      : RouterModel(name), chip_(chip), clock_(clock), latency_(latency), free_(chip.cores.size() + 1, 0) {
    ctrl.bind(*this);
    spike_in.bind(*this);
    SC_THREAD(run);
  }

  void reset() override {
    queue_ = {};
    std::fill(free_.begin(), free_.end(), 0);
  }
  void begin_step(uint64_t start_cycle, StepCycles* stats, bool) override {
    stats_ = stats;
    done_ = start_cycle;
  }
  bool idle() const override { return queue_.empty(); }
  uint64_t done_cycle() const override { return done_; }

  void push_spike(uint32_t source, uint32_t population, uint32_t neuron, uint64_t exit) override {
    uint64_t c = std::max(exit + 1, free_[source]);
    for (uint32_t r = chip_.route_ptr[population][neuron]; r < chip_.route_ptr[population][neuron + 1]; ++r, ++c) {
      const Route& route = chip_.routes[population][r];
      queue_.push({c + latency_, route.core, route.axon});
      if (source == chip_.cores.size()) ++stats_->host_events;
      else ++stats_->cores[source].activity.events_out;
    }
    free_[source] = c;
  }
  void kick() override { work_.notify(sc_core::SC_ZERO_TIME); }

 private:
  struct Event {
    uint64_t arrive;
    uint16_t core, axon;
    bool operator>(const Event& o) const { return arrive > o.arrive; }
  };

  void run() {
    for (;;) {
      if (queue_.empty()) {
        barrier->arrive();
        wait(work_);
        continue;
      }
      const Event e = queue_.top();
      if (e.arrive > clock_.now()) {
        wait(clock_.until(e.arrive), work_);
        continue;
      }
      queue_.pop();
      event_out[e.core]->deliver(e.axon);
      ++stats_->cores[e.core].activity.events_in;
      done_ = std::max(done_, e.arrive + 1);
    }
  }

  const ChipImage& chip_;
  const l2::CycleClock& clock_;
  const uint32_t latency_;
  std::vector<uint64_t> free_;  // per source: first cycle its next route may be read
  std::priority_queue<Event, std::vector<Event>, std::greater<>> queue_;
  sc_core::sc_event work_;
  StepCycles* stats_ = nullptr;
  uint64_t done_ = 0;
};

// A user's core, written only against interfaces.hpp: it keeps L1's arithmetic (a
// CoreL1) but has a one-synapse-per-cycle synapse engine and no pipelines.
class SerialCore : public l2::CoreModel, public l2::CoreCtrlIf, public l2::EventIf {
 public:
  SC_HAS_PROCESS(SerialCore);
  SerialCore(const sc_core::sc_module_name& name, const ChipImage& chip, uint32_t index, const l2::CycleClock& clock)
      : CoreModel(name), img_(chip.cores[index]), index_(index), clock_(clock), l1_(chip, index) {
    ctrl.bind(*this);
    event_in.bind(*this);
    SC_THREAD(run);
  }

  void reset() override { l1_.reset(); }
  void start(uint32_t t, uint64_t start_cycle, CoreStepCycles* stats, bool) override {
    t_ = t, s0_ = start_cycle, stats_ = stats, done_ = false;
    start_.notify(sc_core::SC_ZERO_TIME);
  }
  bool done() const override { return done_; }
  uint64_t done_cycle() const override { return done_cycle_; }
  void end_step() override { l1_.end_step(); }
  const neuron_fixed::State& neuron(uint32_t local) const override { return l1_.neuron(local); }
  void deliver(uint32_t axon) override { l1_.post_event(axon, false); }

 private:
  void run() {
    for (;;) {
      wait(start_);
      CoreStepCycles& st = *stats_;
      uint64_t cycles = 1;  // one cycle to find the pending rows
      l1_.synaptic_phase(t_, [&](uint32_t axon) {
        const AxonRow& row = img_.axons[axon];
        cycles += row.length;
        ++st.activity.rows;
        st.activity.synapses += row.length;
      });
      st.synaptic = cycles;
      const uint64_t np = s0_ + cycles;
      l1_.neuron_phase(t_, [&](uint32_t i) {
        spike_out->push_spike(index_, img_.population, img_.first_neuron + i, np + i);
        st.spike_neuron.push_back(static_cast<uint16_t>(i));
        st.spike_exit.push_back(static_cast<uint32_t>(np + i - s0_));
        ++st.activity.spikes;
      });
      spike_out->kick();
      st.neuron = img_.neurons;
      done_cycle_ = np + st.neuron;
      wait(clock_.until(done_cycle_));
      done_ = true;
      barrier->arrive();
    }
  }

  const CoreImage& img_;
  const uint32_t index_;
  const l2::CycleClock& clock_;
  CoreL1 l1_;
  sc_core::sc_event start_;
  uint32_t t_ = 0;
  uint64_t s0_ = 0, done_cycle_ = 0;
  bool done_ = true;
  CoreStepCycles* stats_ = nullptr;
};

bool same(const std::vector<CoreSpike>& a, const std::vector<CoreSpike>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const CoreSpike& x, const CoreSpike& y) { return x.core == y.core && x.neuron == y.neuron; });
}

}  // namespace

TEST_CASE("L2 models: a user's router binds in place of nmx's, spikes equal L1's, cycles change", "[l2][models]") {
  const ChipImage chip = test::multicore_chip();
  l2::L2Options nmx_opt;
  nmx_opt.compare_state = true;
  l2::L2Options user_opt = nmx_opt;
  user_opt.name = "user_chip";
  const uint32_t latency = 25;
  user_opt.models.router = [&](const char* name, const ChipImage& c, const l2::CycleClock& clock) {
    return std::make_unique<CrossbarRouter>(name, c, clock, latency);
  };
  // Both chips elaborate together (one SystemC simulation), each checked against L1.
  l2::ChipModelL2 mine(chip, nmx_opt), theirs(chip, user_opt);
  const auto raster = test::random_raster(784, 20, 0.1, 11);
  static const std::vector<uint32_t> none;
  mine.reset(), theirs.reset();
  uint64_t spikes = 0, longer = 0;
  for (size_t t = 0; t < raster.size(); ++t) {
    const auto& next = t + 1 < raster.size() ? raster[t + 1] : none;
    std::vector<CoreSpike> a, b;
    try {
      mine.step(raster[t], next, a);
      theirs.step(raster[t], next, b);
    } catch (const LockstepError& e) {
      FAIL(e.what());
    }
    INFO("step " << t);
    CHECK(same(a, b));
    spikes += a.size();
    longer += theirs.chip().last_step().cycles > mine.chip().last_step().cycles;
  }
  CHECK(spikes > 100);
  CHECK(theirs.totals().lockstep_steps == raster.size());
  CHECK(theirs.totals().events == mine.totals().events);  // the same traffic, timed differently
  CHECK(longer > 0);
  CHECK(theirs.totals().cycles != mine.totals().cycles);
}

TEST_CASE("L2 models: a user's core binds in place of nmx's, state equals L1's at the core's own timing", "[l2][models]") {
  const ChipImage chip = test::multicore_chip();
  l2::L2Options opt;
  opt.compare_state = true;  // every neuron's u, v, ref, lfsr read through CoreCtrlIf::neuron
  opt.models.core = [](const char* name, const ChipImage& c, uint32_t core, const l2::CycleClock& clock) {
    return std::make_unique<SerialCore>(name, c, core, clock);
  };
  const auto raster = test::random_raster(784, 16, 0.1, 5);
  const auto r = test::run_lockstep(chip, {raster}, {}, {}, opt);
  CHECK(r.spikes > 50);
  // One synapse per cycle: a step's synaptic phase is 1 + the synapses it read.
  uint64_t serial = 0;
  for (const StepCycles& s : r.steps)
    for (const CoreStepCycles& c : s.cores) {
      CHECK(c.synaptic == 1 + c.activity.synapses);
      serial += c.synaptic;
    }
  CHECK(serial == r.totals.synaptic_cycles);
  CHECK(r.totals.synaptic_ops > 0);
}

TEST_CASE("L2 models: cycles and simulated time follow the kernel's time resolution (1 ns)", "[l2][models]") {
  sc_core::sc_set_time_resolution(1, sc_core::SC_NS);  // before anything elaborates
  const ChipImage chip = test::tiny_hand_chip(2);      // 100 MHz: 10 resolution units per cycle
  l2::ChipModelL2 model(chip, {});
  CHECK(model.chip().period_ns() == 10.0);
  model.reset();
  std::vector<CoreSpike> out;
  const sc_core::sc_time t0 = sc_core::sc_time_stamp();
  model.step({0, 1}, {}, out);
  // The hand count of test_l2_cycles.cpp: preload 6 cycles, step 20.
  CHECK(model.chip().last_preload().cycles == 6);
  CHECK(model.chip().last_step().cycles == 20);
  CHECK(out.size() == 4);
  CHECK(sc_core::sc_time_stamp() - t0 == sc_core::sc_time(260, sc_core::SC_NS));
}

TEST_CASE("L2 models: a clock period that is not a whole number of resolution units is refused", "[l2][models]") {
  sc_core::sc_set_time_resolution(1, sc_core::SC_NS);
  HwConfig hw = default_hw_config();
  hw.clock_mhz = 300;  // 3.33 ns
  GenerateOptions g;
  g.layers = {16, 8};
  const ChipImage chip = build_chip_image(test::generated(g), hw, "test");
  CHECK_THROWS_WITH(l2::preflight(chip), Catch::Contains("clock_mhz 300") && Catch::Contains("resolution"));
  hw.clock_mhz = 250;  // 4 ns
  CHECK_NOTHROW(l2::preflight(build_chip_image(test::generated(g), hw, "test")));
}

namespace {
struct CountingBarrier : l2::BarrierIf {
  void arrive() override { ++arrivals; }
  int arrivals = 0;
};
}  // namespace

// Modules bound by hand (a user's own top level): a miscounted binding stops elaboration
// with an error naming the port, instead of a wrong index at run time.
TEST_CASE("L2 models: a router bound to fewer cores than the chip has is an elaboration error", "[l2][models]") {
  const ChipImage chip = test::multicore_chip();  // 7 cores
  REQUIRE(chip.cores.size() == 7);
  const l2::CycleClock clock(chip.hw.clock_mhz);
  CountingBarrier barrier;
  l2::RouterL2 router("router", chip, clock);
  l2::CoreL2 core("core0", chip, 0, clock);
  router.barrier.bind(barrier);
  core.barrier.bind(barrier);
  core.spike_out.bind(router.spike_in);
  router.event_out.bind(core.event_in);  // one of seven
  CHECK_THROWS_WITH(sc_core::sc_start(sc_core::SC_ZERO_TIME),
                    Catch::Contains("router.event_out: 1 bindings, the chip has 7 cores"));
}
