// Float network -> its quantised twin (fixed-point parameters next to the real ones).
// Each population gets one membrane LSB; thresholds, biases and weights are expressed in
// it; decays on the 12-bit grid; weights as WB-bit codes times a per-projection scale.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hw/hw_config.hpp"
#include "net/network.hpp"
#include "quant/datapath_map.hpp"
#include "quant/quantize_modes.hpp"

namespace nmx {

struct QuantizeOptions {
  int weight_bits = 2;      // WB in {2, 4, 8}
  int theta_bits = 12;      // the largest threshold of a population maps to 2^theta_bits - 1 LSBs, [2, 23]
  uint32_t delay_slots = 0; // D: delays >= D are clipped to D - 1 (0 = keep)
  int decay_bits = 12;      // du, dv rounded to this many fractional bits, [1, 12] (12: the chip's full width)
  int mode_bits = 8;        // WM of mode projections' codes, [4, 12] (quantize_modes.hpp)
  // SRM-alpha populations are mapped onto the datapath first (datapath_map.hpp); its
  // max_delay is not used (delays past D - 1 are clipped and counted with the others).
  DatapathMapOptions datapath;
};

struct ProjectionQuantReport {
  std::string name;
  double weight_rel_error = 0;  // ||w_q - w|| / ||w||
  size_t clipped_delays = 0;
  fx::Scale scale;
};

// A projection whose weights lose more than this (relative L2 error) is warned about: a
// fitted float readout squashed to ternary codes loses about 0.57, and L1 then agrees with
// L0 on about two predictions in three; Gaussian weights lose about 0.45 to ternary codes,
// 0.2 to 4-bit and 0.01 to 8-bit codes.
constexpr double kWeightErrorWarning = 0.3;

struct QuantizeReport {
  std::vector<ProjectionQuantReport> projections;
  std::vector<std::string> warnings;  // one line each, naming the projection and what helps
  std::vector<double> lsb;  // per population
  size_t clipped_delays = 0;
  DatapathMapReport datapath;  // what mapping SRM-alpha populations did (empty if none)
  std::vector<ModeQuantReport> modes;  // per mode projection
};

// An SRM-alpha population is first mapped onto the datapath (map_to_datapath).
Network quantize(const Network& net, const QuantizeOptions& opt, QuantizeReport* report = nullptr);

// The datapath twin quantize() starts from: `net` with its SRM-alpha populations mapped.
Network datapath_twin(const Network& net, const QuantizeOptions& opt, DatapathMapReport* report = nullptr);

// Quantises for a given chip (delays clipped to its D) and places the twin on its cores.
Network quantize_for_chip(const Network& net, const QuantizeOptions& opt, const HwConfig& hw,
                          QuantizeReport* report = nullptr);

// 256-entry sigmoid table for membranes in units of `lsb`, bin centres at
// ((i - 128) + 0.5) * 2^shift LSBs; shift chosen so the table spans about +-8.
int sigmoid_shift_for(double lsb);
std::vector<uint16_t> make_sigmoid_lut(double lsb, int shift);

}  // namespace nmx
