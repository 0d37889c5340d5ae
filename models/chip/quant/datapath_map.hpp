// L0 neuron models onto the chip's one datapath (docs/chip-spec.md §2: "where a seed's model
// differs from the datapath, L0 also implements that model, and the mapping loss is
// reported"). An SRM-alpha population becomes datapath neurons with du = dv =
// 1 - e^(-1/tau): its PSP kernel is then exact, given incoming weights x e^(1-1/tau)/tau
// and one more step of delay (neuron/srm_kernel.hpp). The refractory kernel has no exact
// counterpart: it becomes the datapath's reset (subtractive by default), which equals an
// exponential refractory kernel of amplitude theta and time constant tau. Exact iff the
// SRM's refractory kernel is that one, the reset is subtractive with no refractory period,
// no readout reads an SRM membrane (u is not reset, v is) and no delay was pushed past the limit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fixed/fixed_point.hpp"
#include "net/network.hpp"

namespace nmx {

struct DatapathMapOptions {
  uint32_t max_delay = fx::kMaxDelaySlots - 1;  // a delay pushed past it by the +1 is clipped to it
  ResetMode reset = ResetMode::Subtract;        // the datapath reset standing in for the refractory kernel
  uint8_t refrac = 0;                           // and its refractory period, [0, 15] steps
};

struct DatapathMapReport {
  std::vector<std::string> populations;  // the SRM-alpha populations mapped
  size_t shifted_delays = 0;             // synapses into them, delayed one step more
  size_t clipped_delays = 0;             // of those, pushed past max_delay and clipped
  bool exact = true;                     // the mapped network is the same model
  std::string approximation;             // what is not exact, in words ("" when exact)
};

bool has_srm(const Network& net);

// The datapath twin of `net` (unchanged if it has no SRM-alpha population).
Network map_to_datapath(const Network& net, const DatapathMapOptions& opt = {}, DatapathMapReport* report = nullptr);

}  // namespace nmx
