// VCD tracing: a window of timesteps of the core and router interfaces, readable by
// GTKWave; nothing changes outside the window.
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "l2_harness.hpp"

using namespace nmx;

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
  std::ifstream in(path);
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string vcd = ss.str();
  CHECK(vcd.find("$var") != std::string::npos);
  CHECK(vcd.find("phase") != std::string::npos);
  CHECK(vcd.find("events_in") != std::string::npos);
  CHECK(vcd.find("in_flight") != std::string::npos);
  // Value changes only between the window's first and last step (a bare final #time is
  // the kernel closing the file).
  const double period_ps = 10000;  // 100 MHz
  const uint64_t from = r.steps[4].start_cycle, to = r.steps[6].start_cycle + r.steps[6].cycles;
  uint64_t first = UINT64_MAX, last = 0;
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
    }
  }
  CHECK(first >= from * period_ps);
  CHECK(last <= to * period_ps);
  CHECK(last > first);
  if (!getenv("KEEP_VCD")) std::remove(path.c_str());
}
