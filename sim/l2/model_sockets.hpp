// The ports and exports every L2 core and router model carries, so ChipL2 can bind any
// implementation (nmx's CoreL2 and RouterL2, or a user's own). A model derives from
// CoreModel or RouterModel, implements the interfaces of interfaces.hpp (usually itself)
// and binds its exports to them in its constructor; ChipL2 binds the rest. SystemC
// reports an unbound port at elaboration, and ChipL2 checks the counts.
//
// A model is made by a factory given to ChipL2 (Models below); the CycleClock it gets
// converts cycles to SystemC time for this chip (cycle_clock.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include <systemc>

#include "l2/cycle_clock.hpp"
#include "l2/interfaces.hpp"
#include "map/chip_image.hpp"

namespace nmx::l2 {

class CoreModel : public sc_core::sc_module {
 public:
  sc_core::sc_export<CoreCtrlIf> ctrl;   // from the barrier
  sc_core::sc_export<EventIf> event_in;  // from the router
  sc_core::sc_port<SpikeIf> spike_out;   // to the router
  sc_core::sc_port<BarrierIf> barrier;    // to the barrier

 protected:
  explicit CoreModel(const sc_core::sc_module_name& name)
      : sc_module(name), ctrl("ctrl"), event_in("event_in"), spike_out("spike_out"), barrier("barrier") {}
};

class RouterModel : public sc_core::sc_module {
 public:
  sc_core::sc_export<RouterCtrlIf> ctrl;     // from the barrier
  sc_core::sc_export<SpikeIf> spike_in;      // from every core and the host port
  sc_core::sc_port<EventIf, 0> event_out;    // event_out[k]: core k (bound in core order)
  sc_core::sc_port<BarrierIf> barrier;        // to the barrier

 protected:
  explicit RouterModel(const sc_core::sc_module_name& name)
      : sc_module(name), ctrl("ctrl"), spike_in("spike_in"), event_out("event_out"), barrier("barrier") {}
};

using CoreFactory =
    std::function<std::unique_ptr<CoreModel>(const char* name, const ChipImage& chip, uint32_t core,
                                             const CycleClock& clock)>;
using RouterFactory =
    std::function<std::unique_ptr<RouterModel>(const char* name, const ChipImage& chip, const CycleClock& clock)>;

// What ChipL2 builds; an empty factory means nmx's own (CoreL2, RouterL2).
struct Models {
  CoreFactory core;
  RouterFactory router;
};

}  // namespace nmx::l2
