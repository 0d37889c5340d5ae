// Hardware configuration (JSON, docs/formats.md): core parameters, chip size, clock,
// per-operation energies. Defaults are docs/chip-spec.md §1's.
#pragma once

#include <cstdint>
#include <string>

namespace nmx {

// Core size limits: a 12-bit local neuron index and a 16-bit axon index.
constexpr uint32_t kMaxCoreNeurons = 4096;
constexpr uint32_t kMaxCoreAxons = 65536;

struct CoreConfig {
  uint32_t neurons = 256;     // N, [1, 4096]
  uint32_t axons = 1024;      // A, [1, 65536]
  uint32_t delay_slots = 16;  // D, power of two in [1, 64]
  uint32_t weight_bits = 2;   // WB in {2, 4, 8}
  uint32_t lanes = 8;         // L synapses per cycle, [1, 64]
  bool stochastic = true;     // LFSR/sigmoid unit present
  bool plasticity = false;
  // Low-rank mode unit (docs/chip-spec.md §6): the most modes P a core's unit holds,
  // [0, 16]; 0 = no mode unit. JSON true/false read as 16/0.
  uint32_t modes = 0;
};

// Picojoules per operation; the defaults and their published source are in
// default_hw_config() and docs/formats.md.
struct EnergyConfig {
  double synaptic_op = 0.0;    // per synapse read in the synaptic phase (zeros included)
  double neuron_update = 0.0;  // per neuron per timestep
  double spike_route = 0.0;    // per AER event injected into the router
  double spike_hop = 0.0;      // per mesh hop an event travels (XY routing distance)
};

struct HwConfig {
  CoreConfig core;
  uint32_t mesh_x = 4, mesh_y = 4;  // cores = mesh_x * mesh_y, each [1, 64]
  double clock_mhz = 100.0;         // (0, 10000]
  EnergyConfig energy;
  std::string source = "<built-in defaults>";

  uint32_t cores() const { return mesh_x * mesh_y; }
  uint32_t delay_bits() const;  // log2(D)
};

HwConfig default_hw_config();
// Reads and validates a JSON file; unknown keys are errors (they are usually typos).
HwConfig read_hw_config(const std::string& path);
// read_hw_config(path), or the built-in defaults when path is empty.
HwConfig hw_config_or_default(const std::string& path);
HwConfig parse_hw_config(const std::string& json_text, const std::string& source);
class JsonInput;
HwConfig parse_hw_config(const JsonInput& doc);
std::string hw_config_to_json(const HwConfig& hw);
void validate(const HwConfig& hw);

}  // namespace nmx
