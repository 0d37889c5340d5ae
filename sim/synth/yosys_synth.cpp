#include "synth/yosys_synth.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include <unistd.h>

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/temp_path.hpp"
#include "hw/microarch.hpp"

namespace nmx {
namespace fs = std::filesystem;
namespace {

// Which unit of the core a memory belongs to, from its RTL name.
std::string unit_of(const std::string& name) {
  if (name.find("u_plasticity") != std::string::npos) return "plasticity unit";
  if (name.find("u_syn_mem") != std::string::npos || name.find("u_tern_mem") != std::string::npos)
    return "synapse memory";
  if (name.find("g_acc_bank") != std::string::npos) return "accumulator ring";
  if (name.find("u_state") != std::string::npos) return "neuron state";
  if (name.find("u_param_") != std::string::npos || name.find("u_lut_mem") != std::string::npos ||
      name.find("u_clamp") != std::string::npos)
    return "neuron parameters";
  if (name.find("u_desc_mem") != std::string::npos) return "axon table";
  if (name.find("u_route") != std::string::npos) return "routing table and spike queue";
  if (name.find("u_mode") != std::string::npos) return "mode unit";
  if (name.find("g_dest") != std::string::npos) return "router queues";
  return "other";
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Cell name -> area, from the liberty file (yosys 0.23's JSON statistics carry no area).
std::map<std::string, double> cell_areas(const std::string& liberty) {
  const std::string lib = read_file(liberty);
  const std::regex re(R"(cell\s*\(\s*\"?(\w+)\"?\s*\)\s*\{[^{}]*?area\s*:\s*([0-9.]+))");
  std::map<std::string, double> areas;
  for (auto it = std::sregex_iterator(lib.begin(), lib.end(), re); it != std::sregex_iterator(); ++it)
    areas[(*it)[1]] = std::stod((*it)[2]);
  return areas;
}

// The chparam arguments of nmx_core for the core of `r`.
std::string synth_params(const SynthReport& r) {
  std::ostringstream p;
  p << "-set N " << r.neurons << " -set A " << r.axons << " -set Lanes " << r.lanes << " -set SynWords "
    << r.synapse_words << " -set TernWords " << r.ternary_words << " -set DMax " << r.delay_slots << " -set Routes "
    << r.routes << " -set Modes " << r.modes;
  if (r.column_entries) p << " -set Plasticity 1 -set ColEntries " << r.column_entries;
  return p.str();
}

// The units kept as modules of their own in the core's one yosys run: the run gives the
// core's logic and each unit's share of it, and `path` names their memories as the
// flattened core would.
struct KeptUnit {
  const char* module;
  const char* path;
};
constexpr KeptUnit kKeptUnits[] = {{"nmx_plasticity", "g_plastic.u_plasticity."}, {"nmx_mode_unit", "g_mode.u_mode."}};

const KeptUnit* kept_unit_of(const std::string& module) {
  for (const auto& u : kKeptUnits)
    if (module.find(std::string("\\") + u.module) != std::string::npos) return &u;
  return nullptr;
}

// What one yosys run synthesises: `top` of the RTL `files` (sim/CMakeLists.txt lists), with
// `params` (chparam arguments); its outputs are named after `name` in the run's folder.
// `kept`: the kKeptUnits modules this configuration instantiates (a selection that matches
// no module is itself a yosys warning).
struct YosysJob {
  std::string name, top, files, params;
  std::vector<std::string> kept;
};

// What one run gives: the logic of the top without its kept units under "" and of each kept
// unit under its module name, and every warning yosys printed.
struct YosysRun {
  std::map<std::string, SynthLogic> logic;
  std::vector<std::string> warnings;
};

// One yosys run: logic mapped to the library's cells, memories kept (dumped to
// <name>_memories.txt).
YosysRun run_yosys(const fs::path& dir, const YosysJob& job, const SynthOptions& opt,
                   const std::map<std::string, double>& areas, TempPath& scratch, bool keep) {
  const std::string rtl = NMX_RTL_DIR, top = job.top, name = job.name;
  const fs::path script = dir / (name + ".ys");
  std::ofstream ys(script);
  ys << "read_verilog -sv";
  std::istringstream files(job.files);
  for (std::string f; files >> f;) ys << " " << rtl << "/" << f;
  ys << "\nchparam " << job.params;
  ys << " " << top << "\n"
     << "hierarchy -top " << top << "\nproc\n";
  for (const auto& module : job.kept) ys << "setattr -mod -set keep_hierarchy 1 *" << module << "\n";
  ys << "flatten; opt -full; memory -nomap; opt -full\n"
     << "tee -q -o " << (dir / (name + "_memories.txt")).string() << " dump t:$mem_v2\n"
     << "techmap; opt -fast\n"
     << "dfflibmap -liberty " << opt.liberty << "\nabc -liberty " << opt.liberty << "\nopt_clean\n"
     << "tee -q -o " << (dir / (name + "_stat.json")).string() << " stat -json -liberty " << opt.liberty << "\n";
  ys.close();
  const fs::path log = dir / (name + "_yosys.log");
  const std::string cmd = opt.yosys + " -q " + script.string() + " > " + log.string() + " 2>&1";
  const int status = std::system(cmd.c_str());
  throw_if_child_interrupted(status);  // yosys died of Ctrl-C: the scratch folder goes
  if (status != 0) {
    scratch.commit();
    throw InputError("yosys failed on " + top + "; see " + log.string() + (keep ? "" : " (kept)"));
  }
  const nlohmann::json stat = nlohmann::json::parse(read_file(dir / (name + "_stat.json")));
  const auto& modules = stat.at("modules");
  YosysRun run{{}, yosys_warnings(read_file(log))};
  auto& out = run.logic;
  for (auto mod = modules.begin(); mod != modules.end(); ++mod) {
    const KeptUnit* unit = kept_unit_of(mod.key());
    SynthLogic& logic = out[unit ? unit->module : ""];
    for (auto it = mod.value().at("num_cells_by_type").begin(); it != mod.value().at("num_cells_by_type").end(); ++it) {
      if (it.key() == "$mem_v2" || modules.contains(it.key())) continue;  // memories, a kept unit's instance
      const uint64_t n = it.value().get<uint64_t>();
      logic.cells += n;
      if (it.key().rfind("DFF", 0) == 0) logic.flip_flops += n;
      const auto a = areas.find(it.key());
      if (a == areas.end()) throw InputError("nmx synth: cell " + it.key() + " has no area in " + opt.liberty);
      logic.area_um2 += n * a->second;
    }
  }
  return run;
}

// The memories of one run, from its dump: "cell $mem_v2 \name" followed by its parameters.
std::vector<SynthMemory> read_memories(const fs::path& path_of_dump) {
  std::vector<SynthMemory> out;
  const std::string dump = read_file(path_of_dump);
  const std::regex cell_re(R"(cell \$mem_v2 (\S+))"), size_re(R"(parameter \\SIZE (\d+))"), width_re(R"(parameter \\WIDTH (\d+))");
  const std::regex rd_re(R"(parameter \\RD_PORTS (\d+))"), wr_re(R"(parameter \\WR_PORTS (\d+))"),
      rd_clk_re(R"(parameter \\RD_CLK_ENABLE (\d+)'([01]+))");
  std::istringstream lines(dump);
  const std::regex module_re(R"(^module (\S+))");
  SynthMemory cur;
  std::string path;  // a kept unit's instance path inside the core
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_search(line, m, module_re)) {
      const KeptUnit* unit = kept_unit_of(m[1]);
      path = unit ? unit->path : "";
    } else if (std::regex_search(line, m, cell_re)) {
      if (!cur.name.empty()) out.push_back(cur);
      std::string mem = m[1];
      if (!path.empty()) mem.insert(mem[0] == '\\' ? 1 : 0, path);
      cur = SynthMemory{mem, unit_of(mem)};
    } else if (std::regex_search(line, m, size_re)) {
      cur.words = std::stoull(m[1]);
    } else if (std::regex_search(line, m, width_re)) {
      cur.width = std::stoull(m[1]);
    } else if (std::regex_search(line, m, rd_re)) {
      cur.read_ports = std::stoull(m[1]);
    } else if (std::regex_search(line, m, wr_re)) {
      cur.write_ports = std::stoull(m[1]);
    } else if (std::regex_search(line, m, rd_clk_re)) {
      cur.sync_read = m[2].str().find('0') == std::string::npos;
    }
  }
  if (!cur.name.empty()) out.push_back(cur);
  return out;
}

}  // namespace

uint64_t memory_bits(const std::vector<SynthMemory>& memories) {
  uint64_t n = 0;
  for (const auto& m : memories) n += m.bits();
  return n;
}

uint64_t SynthReport::memory_bits() const { return nmx::memory_bits(memories); }

namespace {
uint64_t lane_width(const std::vector<SynthMemory>& memories, const char* name) {
  for (const auto& m : memories)
    if (m.name.find(name) != std::string::npos) return m.width;
  return 0;
}
}  // namespace

uint64_t SynthReport::general_slot_bits() const { return lane_width(memories, "u_syn_mem"); }
uint64_t SynthReport::packed_synapse_bits() const { return lane_width(memories, "u_tern_mem"); }

double SynthReport::network_bits_per_synapse() const {
  if (!network || network->synapses == 0) return 0;
  const double bits = double(lanes) * (double(network->general_words) * general_slot_bits() +
                                       double(network->packed_words) * packed_synapse_bits());
  return bits / double(network->synapses);
}

SynthNetworkUse synth_network_use(const ChipImage& chip, const std::string& source) {
  SynthNetworkUse u;
  u.source = source;
  u.cores = static_cast<uint32_t>(chip.cores.size());
  u.synapses = chip.synapse_count();
  const uint32_t lanes = chip.hw.core.lanes;
  for (const CoreImage& c : chip.cores) {
    uint32_t general = 0, packed = 0;
    for (const AxonRow& row : c.axons) (rtl_packed_row(chip, row) ? packed : general) += uarch::row_beats(row.length, row.dense, lanes);
    u.general_words += general;
    u.packed_words += packed;
    u.max_general_words = std::max(u.max_general_words, general);
    u.max_packed_words = std::max(u.max_packed_words, packed);
  }
  return u;
}

uint64_t SynthReport::memory_bits(const std::string& unit) const {
  uint64_t n = 0;
  for (const auto& m : memories)
    if (m.unit == unit) n += m.bits();
  return n;
}

void check_synth_config(const HwConfig& hw) {
  for (uint32_t v : {hw.core.neurons, hw.core.lanes, hw.core.axons})
    if (v & (v - 1))
      throw InputError(hw.source + ": nmx synth needs core.neurons, core.axons and core.lanes to be powers of two "
                                   "(the RTL banks and tables are indexed by bit fields); here N=" +
                       std::to_string(hw.core.neurons) + ", A=" + std::to_string(hw.core.axons) +
                       ", L=" + std::to_string(hw.core.lanes));
  // Room for a dense row on every axon; the load image addresses 2^20 synapse words
  // (rtl/nmx_pkg.sv AxBeginBits, LdAddrBits).
  const uint64_t words = uint64_t{hw.core.axons} * ((hw.core.neurons + hw.core.lanes - 1) / hw.core.lanes);
  if (words > kSynthMaxSynapseWords)
    throw InputError(hw.source + ": nmx synth sizes the synapse memory for a dense row on every axon, "
                                 "core.axons * ceil(core.neurons / core.lanes) = " + std::to_string(words) +
                     " words, and the RTL addresses at most " + std::to_string(kSynthMaxSynapseWords) +
                     " (rtl/nmx_pkg.sv AxBeginBits)");
}

namespace {

void check_tools(const SynthOptions& opt) {
  if (!fs::exists(opt.liberty))
    throw InputError(opt.liberty + ": standard-cell library not found (Debian package qflow-tech-osu018, or --liberty)");
  if (std::system((opt.yosys + " -V >/dev/null 2>&1").c_str()) != 0)
    throw InputError("yosys not found (Debian package yosys; `make deps` installs it)");
}

double nand2_area(const std::map<std::string, double>& areas) {
  const auto nand2 = areas.find("NAND2X1");
  return nand2 != areas.end() ? nand2->second : 0.0;
}

// The folder of one synthesis: --keep's, or a temporary one removed whatever happens (an
// error, Ctrl-C) unless a yosys failure needs its log read.
struct SynthDir {
  bool keep;
  fs::path dir;
  TempPath scratch;
  explicit SynthDir(const SynthOptions& opt)
      : keep(!opt.keep_dir.empty()), dir(keep ? fs::path(opt.keep_dir) : fresh_dir()), scratch(keep ? "" : dir.string()) {
    fs::create_directories(dir);
  }
  static fs::path fresh_dir() {
    static std::atomic<unsigned> runs{0};  // a sweep synthesises several cores at once
    return fs::temp_directory_path() / ("nmx-synth-" + std::to_string(::getpid()) + "-" + std::to_string(runs++));
  }
};

}  // namespace

std::vector<std::string> yosys_warnings(const std::string& log) {
  std::vector<std::string> out;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("Warning:", 0) == 0 && std::find(out.begin(), out.end(), line) == out.end()) out.push_back(line);
  return out;
}

uint64_t SynthRouterReport::memory_bits() const { return nmx::memory_bits(memories); }

SynthRouterReport synthesize_router(const HwConfig& hw, const SynthOptions& opt) {
  validate(hw);
  check_tools(opt);
  SynthRouterReport r;
  r.cores = hw.cores();
  r.liberty = opt.liberty;
  const uint32_t core_bits = static_cast<uint32_t>(std::ceil(std::log2(double(r.cores) + 1.0)));
  SynthDir run(opt);
  const auto areas = cell_areas(opt.liberty);
  const auto start = std::chrono::steady_clock::now();
  const std::string params = "-set Cores " + std::to_string(r.cores) + " -set CoreW " + std::to_string(std::max(1u, core_bits));
  const YosysRun yosys =
      run_yosys(run.dir, {"router", "nmx_router", NMX_RTL_ROUTER_FILES, params, {}}, opt, areas, run.scratch, run.keep);
  r.yosys_warnings = yosys.warnings;
  for (const auto& [module, l] : yosys.logic) {
    r.logic.cells += l.cells;
    r.logic.flip_flops += l.flip_flops;
    r.logic.area_um2 += l.area_um2;
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.nand2_area_um2 = nand2_area(areas);
  r.memories = read_memories(run.dir / "router_memories.txt");
  if (!r.memories.empty()) r.depth = static_cast<uint32_t>(r.memories.front().words);
  return r;
}

nlohmann::json to_json(const SynthRouterReport& r) {
  nlohmann::json j = {{"cores", r.cores},
                      {"sources", r.cores + 1},
                      {"queue_depth", r.depth},
                      {"cells", r.logic.cells},
                      {"flip_flops", r.logic.flip_flops},
                      {"area_um2", r.logic.area_um2},
                      {"nand2_ge", r.nand2_ge()},
                      {"memory_bits", r.memory_bits()},
                      {"yosys_seconds", r.seconds},
                      {"yosys_warnings", r.yosys_warnings}};
  for (const auto& m : r.memories)
    j["memories"].push_back({{"name", m.name}, {"words", m.words}, {"width", m.width}, {"read_ports", m.read_ports},
                             {"write_ports", m.write_ports}, {"sync_read", m.sync_read}});
  return j;
}

SynthReport synthesize_core(const HwConfig& hw, const SynthOptions& opt, const std::optional<SynthNetworkUse>& network) {
  validate(hw);
  check_tools(opt);
  SynthReport r;
  r.neurons = hw.core.neurons;
  r.axons = hw.core.axons;
  r.delay_slots = hw.core.delay_slots;
  r.lanes = hw.core.lanes;
  // Room for a dense row on every axon in each memory (a core holds either format), or
  // what the network's fullest core needs (at least one word: the memories stay), and four
  // routes per neuron.
  r.synapse_words = r.ternary_words = hw.core.axons * ((hw.core.neurons + hw.core.lanes - 1) / hw.core.lanes);
  if (network) {
    r.network = network;
    r.synapse_words = std::max<uint32_t>(1, network->max_general_words);
    r.ternary_words = std::max<uint32_t>(1, network->max_packed_words);
  }
  r.routes = 4 * hw.core.neurons;
  // Every synapse may learn; the column table's index is rtl/nmx_pkg.sv ColIdxBits wide.
  r.column_entries = hw.core.plasticity ? static_cast<uint32_t>(std::min<uint64_t>(
                                              uint64_t{r.synapse_words} * hw.core.lanes, kSynthMaxSynapseWords))
                                        : 0;
  r.modes = hw.core.modes;
  r.liberty = opt.liberty;
  check_synth_config(hw);

  SynthDir run(opt);
  const auto areas = cell_areas(opt.liberty);
  const auto start = std::chrono::steady_clock::now();
  // One run of the core; with core.plasticity / core.modes the units stay modules of their
  // own, so their logic is reported apart and counted once in the core's.
  const fs::path& dir = run.dir;
  std::vector<std::string> kept;
  if (r.column_entries) kept.push_back("nmx_plasticity");
  if (r.modes) kept.push_back("nmx_mode_unit");
  YosysRun yosys = run_yosys(dir, {"core", "nmx_core", NMX_RTL_CORE_FILES, synth_params(r), kept}, opt, areas,
                             run.scratch, run.keep);
  r.yosys_warnings = yosys.warnings;
  r.plastic = yosys.logic["nmx_plasticity"];
  r.mode = yosys.logic["nmx_mode_unit"];
  for (const auto& [module, l] : yosys.logic) {
    r.cells += l.cells;
    r.flip_flops += l.flip_flops;
    r.logic_area_um2 += l.area_um2;
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.nand2_area_um2 = nand2_area(areas);

  r.memories = read_memories(dir / "core_memories.txt");
  return r;
}

nlohmann::json to_json(const SynthReport& r) {
  nlohmann::json j;
  j["core"] = {{"neurons", r.neurons}, {"axons", r.axons},           {"delay_slots", r.delay_slots},
               {"lanes", r.lanes},     {"synapse_words", r.synapse_words}, {"ternary_words", r.ternary_words},
               {"routes", r.routes}};
  j["liberty"] = r.liberty;
  j["logic"] = {{"cells", r.cells},
                {"flip_flops", r.flip_flops},
                {"area_um2", r.logic_area_um2},
                {"nand2_ge", r.nand2_ge()},
                {"nand2_area_um2", r.nand2_area_um2}};
  nlohmann::json units = nlohmann::json::object();
  for (const auto& m : r.memories) units[m.unit] = units.value(m.unit, uint64_t{0}) + m.bits();
  j["memory_bits"] = {{"total", r.memory_bits()}, {"by_unit", units}};
  if (r.column_entries)
    j["plasticity_unit"] = {{"cells", r.plastic.cells},
                            {"flip_flops", r.plastic.flip_flops},
                            {"area_um2", r.plastic.area_um2},
                            {"nand2_ge", r.nand2_area_um2 > 0 ? r.plastic.area_um2 / r.nand2_area_um2 : 0.0},
                            {"memory_bits", r.memory_bits("plasticity unit")},
                            {"column_entries", r.column_entries}};
  if (r.modes)
    j["mode_unit"] = {{"modes", r.modes},
                      {"cells", r.mode.cells},
                      {"flip_flops", r.mode.flip_flops},
                      {"area_um2", r.mode.area_um2},
                      {"nand2_ge", r.nand2_area_um2 > 0 ? r.mode.area_um2 / r.nand2_area_um2 : 0.0},
                      {"memory_bits", r.memory_bits("mode unit")}};
  for (const auto& m : r.memories)
    j["memories"].push_back({{"name", m.name},
                             {"unit", m.unit},
                             {"words", m.words},
                             {"width", m.width},
                             {"bits", m.bits()},
                             {"read_ports", m.read_ports},
                             {"write_ports", m.write_ports},
                             {"sync_read", m.sync_read}});
  j["per_neuron"] = {{"logic_ge", r.nand2_ge() / r.neurons},
                     {"state_and_parameter_bits",
                      double(r.memory_bits("neuron state") + r.memory_bits("neuron parameters") +
                             r.memory_bits("accumulator ring")) / r.neurons}};
  j["per_synapse"] = {{"packed_ternary_bits", r.packed_synapse_bits()},
                      {"general_slot_bits", r.general_slot_bits()},
                      {"note", "a dense ternary row that does not learn is packed: 2-bit code + log2(D) delay bits a "
                               "synapse, post implicit; other rows take a general slot a synapse (valid, 12-bit "
                               "post, 8-bit code, 6-bit delay)"}};
  if (r.network)
    j["network"] = {{"source", r.network->source},
                    {"cores", r.network->cores},
                    {"synapses", r.network->synapses},
                    {"packed_words", r.network->packed_words},
                    {"general_words", r.network->general_words},
                    {"memory_bits_per_synapse", r.network_bits_per_synapse()}};
  j["yosys_seconds"] = r.seconds;
  j["yosys_warnings"] = r.yosys_warnings;
  return j;
}

}  // namespace nmx
