#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "commands.hpp"
#include "hw/hw_config.hpp"
#include "json_out.hpp"
#include "map/chip_image.hpp"
#include "net/network_io.hpp"
#include "synth/yosys_synth.hpp"

namespace nmx::cli {
namespace {

// yosys's warnings of one run: "none", or each one (the RTL is meant to have none: a
// warning is a width or inference yosys got differently from Verilator).
void print_yosys_warnings(const std::vector<std::string>& warnings) {
  if (warnings.empty()) {
    std::printf("  yosys warnings: none\n");
    return;
  }
  std::printf("  yosys warnings: %zu (the log: --keep)\n", warnings.size());
  for (const auto& w : warnings) std::printf("    %s\n", w.c_str());
}

}  // namespace

void add_synth(CLI::App& app) {
  static std::string hw_path, json, keep, net_path;
  static SynthOptions o;
  static bool chip = false;
  auto* sub = app.add_subcommand("synth", "yosys synthesis of one core: cells, area, NAND2 equivalents, memory bits");
  sub->add_option("--hw", hw_path, "hardware configuration JSON (default: built-in)");
  sub->add_option("--liberty", o.liberty, "standard-cell library (.lib)");
  sub->add_option("--net", net_path,
                  "size the synapse memories for this quantised network (.h5) on the --hw chip, and report "
                  "its memory bits per synapse")
      ->check(CLI::ExistingFile);
  sub->add_flag("--chip", chip,
                "also synthesise the on-chip network (rtl/nmx_router.sv) for the --hw mesh, and report the chip: "
                "mesh_x * mesh_y cores and the router");
  sub->add_option("--keep", keep, "keep the yosys script, log and statistics in this directory")->check(OutputDir);
  add_json_option(sub, json, "write the report as JSON");
  sub->callback([] {
    const HwConfig hw = hw_config_or_default(hw_path);
    o.keep_dir = keep;
    // Measured on a test-sized core (docs/performance.md): the plasticity unit is most of
    // yosys's work (abc on its multiplier, proc on its next-state logic).
    std::fprintf(stderr, "nmx synth: running yosys on one core (N=%u, A=%u, D=%u, L=%u); this takes %s\n",
                 hw.core.neurons, hw.core.axons, hw.core.delay_slots, hw.core.lanes,
                 hw.core.plasticity ? "about 5 minutes (the plasticity unit)" : "a minute or two");
    std::optional<SynthNetworkUse> use;
    if (!net_path.empty()) use = synth_network_use(build_chip_image(read_network(net_path), hw, net_path), net_path);
    const SynthReport r = synthesize_core(hw, o, use);
    std::printf("nmx synth: one core, N=%u A=%u D=%u L=%u, %s (yosys %.0f s)\n", r.neurons, r.axons, r.delay_slots,
                r.lanes, r.liberty.c_str(), r.seconds);
    std::printf("  logic   %10llu cells, %llu flip-flops, %.0f um^2 = %.3f mm^2, %.0f NAND2 equivalents\n",
                static_cast<unsigned long long>(r.cells), static_cast<unsigned long long>(r.flip_flops),
                r.logic_area_um2, r.logic_area_um2 / 1e6, r.nand2_ge());
    std::printf("  memory  %10llu bits (kept as memories, as SRAM macros would be):\n",
                static_cast<unsigned long long>(r.memory_bits()));
    for (const char* unit : {"synapse memory", "axon table", "accumulator ring", "neuron state", "neuron parameters",
                             "routing table and spike queue", "plasticity unit", "mode unit", "other"}) {
      const uint64_t bits = r.memory_bits(unit);
      if (bits) std::printf("    %-32s %12llu bits\n", unit, static_cast<unsigned long long>(bits));
    }
    if (r.column_entries)
      std::printf("  plasticity unit (core.plasticity, in the figures above): logic %llu cells, %llu flip-flops, "
                  "%.0f um^2, %.0f NAND2 equivalents; memory %llu bits (column table %u entries)\n",
                  static_cast<unsigned long long>(r.plastic.cells), static_cast<unsigned long long>(r.plastic.flip_flops),
                  r.plastic.area_um2, r.nand2_area_um2 > 0 ? r.plastic.area_um2 / r.nand2_area_um2 : 0.0,
                  static_cast<unsigned long long>(r.memory_bits("plasticity unit")), r.column_entries);
    if (r.modes)
      std::printf("  mode unit (P <= %u, included above): %llu cells, %llu flip-flops, %.0f um^2, %.0f NAND2; "
                  "%llu memory bits\n",
                  r.modes, static_cast<unsigned long long>(r.mode.cells), static_cast<unsigned long long>(r.mode.flip_flops),
                  r.mode.area_um2, r.nand2_area_um2 > 0 ? r.mode.area_um2 / r.nand2_area_um2 : 0.0,
                  static_cast<unsigned long long>(r.memory_bits("mode unit")));
    size_t sram = 0;
    for (const auto& m : r.memories) sram += m.sram_shaped() ? 1 : 0;
    std::printf("  memories shaped like SRAM (1R 1W, synchronous read): %zu of %zu\n", sram, r.memories.size());
    for (const auto& m : r.memories)
      std::printf("    %-44s %6llu x %3llu  %lluR %lluW %s\n", m.name.c_str(), static_cast<unsigned long long>(m.words),
                  static_cast<unsigned long long>(m.width), static_cast<unsigned long long>(m.read_ports),
                  static_cast<unsigned long long>(m.write_ports), m.sync_read ? "synchronous read" : "asynchronous read");
    std::printf("  per neuron: %.0f NAND2 of logic; per synapse: %llu memory bits in a packed ternary row "
                "(2-bit code + log2 D delay), %llu in a general slot (valid, post, 8-bit code, delay)\n",
                r.nand2_ge() / r.neurons, static_cast<unsigned long long>(r.packed_synapse_bits()),
                static_cast<unsigned long long>(r.general_slot_bits()));
    if (r.network)
      std::printf("  the network %s: %llu synapses on %u cores in %llu packed ternary and %llu general words of %u "
                  "lanes: %.2f memory bits per synapse (lanes past a row's end included); the core is sized for its "
                  "fullest core (%u packed, %u general words)\n",
                  r.network->source.c_str(), static_cast<unsigned long long>(r.network->synapses), r.network->cores,
                  static_cast<unsigned long long>(r.network->packed_words),
                  static_cast<unsigned long long>(r.network->general_words), r.lanes, r.network_bits_per_synapse(),
                  r.ternary_words, r.synapse_words);
    print_yosys_warnings(r.yosys_warnings);
    nlohmann::json out = to_json(r);
    if (chip) {
      std::fprintf(stderr, "nmx synth: running yosys on the router (%u cores + the host port)\n", hw.cores());
      const SynthRouterReport rr = synthesize_router(hw, o);
      std::printf("router (rtl/nmx_router.sv, %u cores + the host port, %u-entry queue a destination; yosys %.0f s)\n",
                  rr.cores, rr.depth, rr.seconds);
      std::printf("  logic   %10llu cells, %llu flip-flops, %.0f um^2 = %.3f mm^2, %.0f NAND2 equivalents\n",
                  static_cast<unsigned long long>(rr.logic.cells), static_cast<unsigned long long>(rr.logic.flip_flops),
                  rr.logic.area_um2, rr.logic.area_um2 / 1e6, rr.nand2_ge());
      std::printf("  memory  %10llu bits: %zu queues of %u x %llu bits (arrival cycle mod 64, axon), each 1R 1W%s\n",
                  static_cast<unsigned long long>(rr.memory_bits()), rr.memories.size(), rr.depth,
                  static_cast<unsigned long long>(rr.memories.empty() ? 0 : rr.memories.front().width),
                  std::all_of(rr.memories.begin(), rr.memories.end(), [](const SynthMemory& m) { return m.sram_shaped(); })
                      ? ", synchronous read"
                      : "");
      print_yosys_warnings(rr.yosys_warnings);
      std::printf("chip: %u cores + router: logic %.3f mm^2 (the router %.1f%%), memory %.2f Mbit\n", hw.cores(),
                  (hw.cores() * r.logic_area_um2 + rr.logic.area_um2) / 1e6,
                  100.0 * rr.logic.area_um2 / (hw.cores() * r.logic_area_um2 + rr.logic.area_um2),
                  (double(hw.cores()) * r.memory_bits() + rr.memory_bits()) / 1e6);
      out["router"] = to_json(rr);
      out["chip"] = {{"cores", hw.cores()},
                     {"logic_area_um2", hw.cores() * r.logic_area_um2 + rr.logic.area_um2},
                     {"memory_bits", hw.cores() * r.memory_bits() + rr.memory_bits()}};
    }
    if (!json.empty()) write_json(json, out);
  });
}

}  // namespace nmx::cli
