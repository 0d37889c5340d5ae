// VCD tracing: a window of timesteps of the core and router interfaces, readable by
// GTKWave; nothing changes outside the window. The step marker pulses at each traced
// step, and the GTKWave files in docs/gtkwave/ name the trace's signals and phase values.
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>

#include "l2/trace_values.hpp"
#include "l2_harness.hpp"

using namespace nmx;

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Full GTKWave names of the VCD's variables ("SystemC.chip.core0.phase[2:0]") -> id.
std::map<std::string, std::string> vcd_vars(const std::string& vcd) {
  std::map<std::string, std::string> vars;
  std::vector<std::string> scope;
  std::istringstream lines(vcd);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream w(line);
    std::string kw;
    w >> kw;
    if (kw == "$scope") {
      std::string type, name;
      w >> type >> name;
      scope.push_back(name);
    } else if (kw == "$upscope") {
      scope.pop_back();
    } else if (kw == "$var") {
      std::string type, width, id, name, range;
      w >> type >> width >> id >> name >> range;
      std::string full;
      for (const auto& s : scope) full += s + ".";
      vars[full + name + (range != "$end" ? range : "")] = id;
    } else if (kw == "$enddefinitions") {
      break;
    }
  }
  return vars;
}

}  // namespace

TEST_CASE("L2 trace: VCD of a step window", "[l2][trace]") {
  GenerateOptions g;
  g.layers = {64, 48, 8};
  g.weight_gain = 2.0;
  HwConfig hw = default_hw_config();
  hw.core.neurons = 24;
  const ChipImage chip = build_chip_image(test::generated(g), hw, "test");
  const std::string path = "l2_trace_test.vcd";
  std::remove(path.c_str());
  l2::TraceOptions trace{path, 4, 6, 0};
  const auto r = test::run_lockstep(chip, {test::random_raster(64, 12, 0.2, 3)}, {}, trace);
  const std::string vcd = read_text(path);
  const auto vars = vcd_vars(vcd);
  CHECK(vars.count("SystemC.chip.core0.phase[2:0]") == 1);  // three bits: the filter's values
  CHECK(vars.count("SystemC.chip.core2.events_in[31:0]") == 1);
  CHECK(vars.count("SystemC.chip.router.in_flight[31:0]") == 1);
  REQUIRE(vars.count("SystemC.chip.step_start") == 1);
  const std::string marker = vars.at("SystemC.chip.step_start");
  // Value changes only between the window's first and last step (a bare final #time is
  // the kernel closing the file).
  const double period_ps = 10000;  // 100 MHz
  const uint64_t from = r.steps[4].start_cycle, to = r.steps[6].start_cycle + r.steps[6].cycles;
  uint64_t first = UINT64_MAX, last = 0;
  std::set<uint64_t> rises;  // times the step marker goes high
  std::istringstream lines(vcd);
  uint64_t now = 0;
  bool body = false;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("$enddefinitions", 0) == 0) body = true;
    if (!body || line.empty() || line[0] == '$') continue;
    if (line[0] == '#') {
      now = std::stoull(line.substr(1));
    } else if (now > 0) {  // a value change after the initial dump
      first = std::min(first, now), last = std::max(last, now);
      if (line == "1" + marker) rises.insert(now);
    }
  }
  std::set<uint64_t> starts;  // the traced steps' first cycles
  for (uint32_t t = 4; t <= 6; ++t) starts.insert(static_cast<uint64_t>(r.steps[t].start_cycle * period_ps));
  CHECK(rises == starts);
  CHECK(first >= from * period_ps);
  CHECK(last <= to * period_ps);
  CHECK(last > first);
  if (!getenv("KEEP_VCD")) std::remove(path.c_str());
}

// docs/gtkwave/: the translate filter names exactly the phase values the model writes,
// and every signal the save file lists is in the trace (cores past the chip's excepted).
TEST_CASE("L2 trace: the GTKWave filter and save file match the trace", "[l2][trace]") {
  std::map<std::string, std::string> names;
  std::istringstream filter(read_text(NMX_SOURCE_DIR "/docs/gtkwave/phase.txt"));
  for (std::string line; std::getline(filter, line);) {
    std::istringstream w(line);
    std::string value, name;
    if (w >> value >> name && value[0] != '#') names[value] = name;
  }
  CHECK(names.at(std::to_string(l2::phase::kIdle)) == "idle");
  CHECK(names.at(std::to_string(l2::phase::kSynaptic)) == "synaptic");
  CHECK(names.at(std::to_string(l2::phase::kNeuron)) == "neuron");
  CHECK(names.at(std::to_string(l2::phase::kPlastic)) == "plastic");
  CHECK(names.at(std::to_string(l2::phase::kMode)) == "mode");
  CHECK(names.at("010") == "neuron");  // binary display
  CHECK(names.at("011") == "plastic");
  CHECK(names.at("100") == "mode");
  CHECK(l2::phase::kMode < (1u << l2::phase::kBits));

  GenerateOptions g;
  g.layers = {64, 48, 8};
  g.weight_gain = 2.0;
  HwConfig hw = default_hw_config();
  hw.core.neurons = 24;  // 3 cores
  const ChipImage chip = build_chip_image(test::generated(g), hw, "test");
  const std::string path = "l2_trace_gtkw_test.vcd";
  test::run_lockstep(chip, {test::random_raster(64, 4, 0.2, 3)}, {}, l2::TraceOptions{path, 0, 3, 0});
  const auto vars = vcd_vars(read_text(path));
  std::remove(path.c_str());
  std::istringstream save(read_text(NMX_SOURCE_DIR "/docs/gtkwave/l2.gtkw"));
  size_t listed = 0, filters = 0;
  for (std::string line; std::getline(save, line);) {
    if (line.empty() || line[0] == '[' || line[0] == '@' || line[0] == '*') continue;
    if (line[0] == '^') {  // "^1 docs/gtkwave/phase.txt", relative to the repository root
      CHECK(std::ifstream(NMX_SOURCE_DIR "/" + line.substr(line.find(' ') + 1)).good());
      ++filters;
      continue;
    }
    const auto core = line.find(".core");
    if (core != std::string::npos && std::stoul(line.substr(core + 5)) >= chip.cores.size()) continue;
    INFO(line);
    CHECK(vars.count(line) == 1);
    ++listed;
  }
  CHECK(filters >= chip.cores.size());
  CHECK(listed > 10);
}
