#include "hw/hw_config.hpp"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/json_input.hpp"
#include "fixed/fixed_point.hpp"

namespace nmx {
namespace {

using json = nlohmann::json;

template <typename T>
void read_field(const json& obj, const char* key, T& out, const std::string& where, const std::string& source) {
  if (!obj.contains(key)) return;  // keep the default
  try {
    out = obj.at(key).get<T>();
  } catch (const json::exception&) {
    throw InputError(source + ": " + where + key + " has the wrong type (" + obj.at(key).dump() + ")");
  }
}

void check_range(const std::string& source, const std::string& field, double v, double lo, double hi) {
  if (!(v >= lo && v <= hi)) {
    std::ostringstream val, range;
    val << v;
    range << lo << ".." << hi;
    throw_field_error(source, field, val.str(), range.str());
  }
}

bool power_of_two(uint32_t x) { return x != 0 && (x & (x - 1)) == 0; }

}  // namespace

uint32_t HwConfig::delay_bits() const {
  uint32_t b = 0;
  while ((1u << b) < core.delay_slots) ++b;
  return b;
}

HwConfig default_hw_config() {
  HwConfig hw;
  // Per-operation energies of Intel's Loihi (14 nm FinFET, 0.75 V), as published in
  // M. Davies et al., "Loihi: A Neuromorphic Manycore Processor with On-Chip Learning",
  // IEEE Micro 38(1), 2018, table of energy and performance figures: synaptic spike
  // operation 23.6 pJ (minimum), neuron update 52 pJ (active neuron), within-tile spike
  // energy 1.7 pJ, energy per tile hop 3.5 pJ (east-west). A different process or design
  // overrides them in the JSON.
  hw.energy.synaptic_op = 23.6;
  hw.energy.neuron_update = 52.0;
  hw.energy.spike_route = 1.7;
  hw.energy.spike_hop = 3.5;
  return hw;
}

void validate(const HwConfig& hw) {
  const auto& s = hw.source;
  check_range(s, "core.neurons", hw.core.neurons, 1, kMaxCoreNeurons);
  check_range(s, "core.axons", hw.core.axons, 1, kMaxCoreAxons);
  if (!power_of_two(hw.core.delay_slots) || hw.core.delay_slots > fx::kMaxDelaySlots)
    throw_field_error(s, "core.delay_slots", std::to_string(hw.core.delay_slots), "a power of two in 1..64");
  if (!fx::weight_bits_supported(static_cast<int>(hw.core.weight_bits)))
    throw_field_error(s, "core.weight_bits", std::to_string(hw.core.weight_bits), "2, 4 or 8");
  check_range(s, "core.lanes", hw.core.lanes, 1, 64);
  check_range(s, "core.modes", hw.core.modes, 0, fx::kModeMax);
  check_range(s, "chip.mesh_x", hw.mesh_x, 1, 64);
  check_range(s, "chip.mesh_y", hw.mesh_y, 1, 64);
  if (!(hw.clock_mhz > 0 && hw.clock_mhz <= 10000))
    throw_field_error(s, "clock_mhz", std::to_string(hw.clock_mhz), "(0, 10000]");
  check_range(s, "energy_pj.synaptic_op", hw.energy.synaptic_op, 0, 1e6);
  check_range(s, "energy_pj.neuron_update", hw.energy.neuron_update, 0, 1e6);
  check_range(s, "energy_pj.spike_route", hw.energy.spike_route, 0, 1e6);
  check_range(s, "energy_pj.spike_hop", hw.energy.spike_hop, 0, 1e6);
}

HwConfig parse_hw_config(const std::string& text, const std::string& source) {
  return parse_hw_config(JsonInput(text, source));
}

HwConfig parse_hw_config(const JsonInput& doc) {
  const json& j = doc.root();
  const std::string& source = doc.source();
  if (!j.is_object()) throw InputError(source + ": expected a JSON object at the top level");
  HwConfig hw = default_hw_config();
  hw.source = source;
  doc.check_keys("", {"core", "chip", "clock_mhz", "energy_pj", "comment"});
  doc.check_keys("/core", {"neurons", "axons", "delay_slots", "weight_bits", "lanes", "stochastic", "plasticity", "modes"});
  doc.check_keys("/chip", {"mesh_x", "mesh_y"});
  doc.check_keys("/energy_pj", {"synaptic_op", "neuron_update", "spike_route", "spike_hop"});
  if (j.contains("core")) {
    const json& c = j["core"];
    read_field(c, "neurons", hw.core.neurons, "core.", source);
    read_field(c, "axons", hw.core.axons, "core.", source);
    read_field(c, "delay_slots", hw.core.delay_slots, "core.", source);
    read_field(c, "weight_bits", hw.core.weight_bits, "core.", source);
    read_field(c, "lanes", hw.core.lanes, "core.", source);
    read_field(c, "stochastic", hw.core.stochastic, "core.", source);
    read_field(c, "plasticity", hw.core.plasticity, "core.", source);
    if (c.contains("modes") && c["modes"].is_boolean()) hw.core.modes = c["modes"].get<bool>() ? fx::kModeMax : 0;
    else read_field(c, "modes", hw.core.modes, "core.", source);
  }
  if (j.contains("chip")) {
    read_field(j["chip"], "mesh_x", hw.mesh_x, "chip.", source);
    read_field(j["chip"], "mesh_y", hw.mesh_y, "chip.", source);
  }
  read_field(j, "clock_mhz", hw.clock_mhz, "", source);
  if (j.contains("energy_pj")) {
    const json& e = j["energy_pj"];
    read_field(e, "synaptic_op", hw.energy.synaptic_op, "energy_pj.", source);
    read_field(e, "neuron_update", hw.energy.neuron_update, "energy_pj.", source);
    read_field(e, "spike_route", hw.energy.spike_route, "energy_pj.", source);
    read_field(e, "spike_hop", hw.energy.spike_hop, "energy_pj.", source);
  }
  validate(hw);
  return hw;
}

HwConfig read_hw_config(const std::string& path) {
  return parse_hw_config(JsonInput::read(path, "hardware configuration"));
}

HwConfig hw_config_or_default(const std::string& path) {
  return path.empty() ? default_hw_config() : read_hw_config(path);
}

std::string hw_config_to_json(const HwConfig& hw) {
  json j;
  j["core"] = {{"neurons", hw.core.neurons},   {"axons", hw.core.axons},
               {"delay_slots", hw.core.delay_slots}, {"weight_bits", hw.core.weight_bits},
               {"lanes", hw.core.lanes},       {"stochastic", hw.core.stochastic},
               {"plasticity", hw.core.plasticity}, {"modes", hw.core.modes}};
  j["chip"] = {{"mesh_x", hw.mesh_x}, {"mesh_y", hw.mesh_y}};
  j["clock_mhz"] = hw.clock_mhz;
  j["energy_pj"] = {{"synaptic_op", hw.energy.synaptic_op},
                    {"neuron_update", hw.energy.neuron_update},
                    {"spike_route", hw.energy.spike_route},
                    {"spike_hop", hw.energy.spike_hop}};
  return j.dump(2);
}

}  // namespace nmx
