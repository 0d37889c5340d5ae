// Sweeps: the spec's points, errors before any work, SQLite rows identical for 1 and 2
// threads, resume without duplicates, and an incompatible database refused.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>

#include <sqlite3.h>

#include "gen/generate.hpp"
#include "net/network_io.hpp"
#include "report/sweep_report.hpp"
#include "sweep/sweep_run.hpp"

using namespace nmx;

namespace {

std::string small_network() {
  const std::string path = "sweep_test_net.h5";
  GenerateOptions g;
  g.layers = {784, 40, 10};
  g.max_delay = 12;
  write_network(generate_network(g), path);
  return path;
}

SweepSpec spec_for(const std::string& net, const std::string& axes) {
  return parse_sweep_spec(R"({"network": ")" + net + R"(", "data": {"name": "mnist", "limit": 30}, "axes": )" + axes + "}",
                          "spec.json");
}

}  // namespace

TEST_CASE("sweep spec: points are the cartesian product, bad axes and values fail before any work", "[sweep]") {
  const SweepSpec s = spec_for("net.h5", R"({"weight_bits": [2, 8], "delay_slots": [4, 8, 16]})");
  const auto points = sweep_points(s);
  CHECK(points.size() == 6);
  CHECK(points[0].hw.core.weight_bits == 2);
  CHECK(points[0].quant.weight_bits == 2);
  CHECK(points[5].hw.core.delay_slots == 16);
  REQUIRE_THROWS_WITH(spec_for("net.h5", R"({"wieght_bits": [2]})"), Catch::Contains("unknown key 'axes.wieght_bits'") &&
                                                                        Catch::Contains("weight_bits"));
  REQUIRE_THROWS_WITH(sweep_points(spec_for("net.h5", R"({"delay_slots": [12]})")),
                      Catch::Contains("core.delay_slots = 12") && Catch::Contains("power of two"));
  REQUIRE_THROWS_WITH(sweep_points(spec_for("net.h5", R"({"lanes": [2.5]})")), Catch::Contains("not a whole number"));
  REQUIRE_THROWS_WITH(parse_sweep_spec(R"({"network": "n.h5", "level": "l3", "axes": {"lanes": [8]}})", "s.json"),
                      Catch::Contains("level = l3") && Catch::Contains("float, fixed, systemc"));
  REQUIRE_THROWS_WITH(sweep_points(spec_for("net.h5", R"({"seed": [1.5]})")), Catch::Contains("axes.seed = 1.5"));
  REQUIRE_THROWS_WITH(sweep_points(spec_for("net.h5", R"({"decay_bits": [16]})")),
                      Catch::Contains("decay_bits = 16") && Catch::Contains("1..12"));
  CHECK(sweep_points(spec_for("net.h5", R"({"decay_bits": [6]})"))[0].quant.decay_bits == 6);
  REQUIRE_THROWS_WITH(sweep_points(spec_for("net.h5", R"({"mode_bits": [3]})")),
                      Catch::Contains("mode_bits = 3") && Catch::Contains("4..12"));
  REQUIRE_THROWS_WITH(sweep_points(spec_for("net.h5", R"({"mode_bits": [13]})")), Catch::Contains("mode_bits = 13"));
  const auto modes = sweep_points(spec_for("net.h5", R"({"mode_bits": [4, 12]})"));
  REQUIRE(modes.size() == 2);
  CHECK(modes[0].quant.mode_bits == 4);
  CHECK(modes[1].quant.mode_bits == 12);
  REQUIRE_THROWS_WITH(sweep_points(spec_for("net.h5", R"({"seed": [5e9]})")), Catch::Contains("[0, 4294967295]"));
}

TEST_CASE("sweep: rows are identical for 1 and 2 threads and a rerun skips finished points", "[sweep][determinism]") {
  const std::string net = small_network();
  const SweepSpec s = spec_for(net, R"({"weight_bits": [2, 4, 8], "delay_slots": [8, 16]})");
  std::remove("sweep1.sqlite"), std::remove("sweep2.sqlite");
  SweepOptions o;
  o.threads = 1;
  const SweepSummary a = run_sweep(s, "sweep1.sqlite", o);
  o.threads = 2;
  const SweepSummary b = run_sweep(s, "sweep2.sqlite", o);
  CHECK(a.ran == 6);
  CHECK(b.ran == 6);
  SweepDb d1("sweep1.sqlite"), d2("sweep2.sqlite");
  const auto r1 = d1.rows(), r2 = d2.rows();
  REQUIRE(r1.size() == 6);
  REQUIRE(r2.size() == 6);
  for (size_t k = 0; k < r1.size(); ++k) {
    CHECK(r1[k].key == r2[k].key);
    CHECK(r1[k].accuracy == r2[k].accuracy);
    CHECK(r1[k].spike_agreement == r2[k].spike_agreement);
    CHECK(r1[k].bits_per_synapse == r2[k].bits_per_synapse);
  }
  CHECK(r1[0].samples == 30);
  // Delays up to 12 are clipped at D = 8, not at D = 16.
  bool clipped8 = false, clipped16 = false;
  for (const auto& r : r1) (r.params["delay_slots"] == 8.0 ? clipped8 : clipped16) |= r.clipped_delays > 0;
  CHECK(clipped8);
  CHECK_FALSE(clipped16);
  const SweepSummary again = run_sweep(s, "sweep1.sqlite", o);
  CHECK(again.ran == 0);
  CHECK(again.skipped == 6);
  CHECK(SweepDb("sweep1.sqlite").rows().size() == 6);
  std::remove("sweep1.sqlite"), std::remove("sweep2.sqlite"), std::remove(net.c_str());
}

TEST_CASE("sweep: the mode_bits axis reaches the mode unit's codes", "[sweep][mode]") {
  // A generated low-rank recurrence with strong feedback, on a chip with the mode unit:
  // WM = 4 and WM = 12 must quantise the recurrence differently, so L1 follows L0 less
  // closely at 4 bits; L0 ignores the codes and scores the same at both.
  GenerateOptions g;
  g.layers = {784, 40, 10};
  g.modes = 3;
  g.mode_gain = 4.0;
  g.seed = 5;
  write_network(generate_network(g), "sweep_modes_net.h5");
  {
    std::FILE* f = std::fopen("sweep_modes_hw.json", "w");
    std::fputs(R"({"core": {"modes": 4, "weight_bits": 8}})", f);
    std::fclose(f);
  }
  const SweepSpec s = parse_sweep_spec(R"({"network": "sweep_modes_net.h5", "hw": "sweep_modes_hw.json",
    "data": {"name": "mnist", "limit": 20}, "axes": {"mode_bits": [4, 12]}})", "spec.json");
  const SweepInputs in = prepare_sweep(s, {});
  REQUIRE(in.points.size() == 2);
  const SweepRow r4 = run_point(s, in.networks.at(0), in.data, in.points[0]);
  const SweepRow r12 = run_point(s, in.networks.at(0), in.data, in.points[1]);
  CHECK(r4.params["mode_bits"] == 4.0);
  CHECK(r12.params["mode_bits"] == 12.0);
  CHECK(r4.samples == 20);
  CHECK(r4.accuracy_l0 == r12.accuracy_l0);
  CHECK(r4.spikes_per_sample > 0);
  CHECK(r4.spike_agreement < r12.spike_agreement);
  std::remove("sweep_modes_net.h5"), std::remove("sweep_modes_hw.json");
}

TEST_CASE("sweep database: another schema version and an unwritable path are refused", "[sweep]") {
  std::remove("old.sqlite");
  sqlite3* db = nullptr;
  sqlite3_open("old.sqlite", &db);
  sqlite3_exec(db, "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT); INSERT INTO meta VALUES('schema_version','0')",
               nullptr, nullptr, nullptr);
  sqlite3_close(db);
  REQUIRE_THROWS_WITH(SweepDb("old.sqlite"), Catch::Contains("schema version 0") && Catch::Contains("use a new --db"));
  std::remove("old.sqlite");
  // A database of the previous schema (no level, timing or area columns) is refused, not extended.
  sqlite3_open("v2.sqlite", &db);
  sqlite3_exec(db, "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT); INSERT INTO meta VALUES('schema_version','2')",
               nullptr, nullptr, nullptr);
  sqlite3_close(db);
  REQUIRE_THROWS_WITH(SweepDb("v2.sqlite"), Catch::Contains("schema version 2, this nmx writes version 3"));
  std::remove("v2.sqlite");
  REQUIRE_THROWS_WITH(SweepDb("/proc/nmx-no-such-dir/x.sqlite"), Catch::Contains("cannot open the sweep database"));
}

TEST_CASE("report: the Pareto front keeps the points no cheaper point beats", "[sweep][report]") {
  auto row = [](double bits, double acc) {
    SweepRow r;
    r.bits_per_synapse = bits;
    r.accuracy = acc;
    return r;
  };
  const auto front = pareto_front({row(6, 0.85), row(5, 0.80), row(12, 0.86), row(8, 0.84), row(3, 0.40), row(5, 0.70)});
  REQUIRE(front.size() == 4);
  CHECK(front[0].bits_per_synapse == 3);
  CHECK(front[1].bits_per_synapse == 5);
  CHECK(front[1].accuracy == 0.80);
  CHECK(front[2].bits_per_synapse == 6);
  CHECK(front[3].bits_per_synapse == 12);
}
