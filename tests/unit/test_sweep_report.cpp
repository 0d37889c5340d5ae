// `nmx report`: rows in numeric order with integers printed as integers, the 95% Wilson
// interval per row, the Pareto points within each other's interval, plot axes whose
// tick labels cannot run together.
#include <catch2/catch.hpp>

#include <cmath>
#include <regex>

#include "report/report_plots.hpp"
#include "report/sweep_report.hpp"

using namespace nmx;

namespace {

SweepRow row(double delay_slots, double weight_bits, double acc, uint32_t samples = 1000) {
  SweepRow r;
  r.params = {{"delay_slots", delay_slots}, {"weight_bits", weight_bits}};  // doubles, as read back from SQLite
  r.accuracy = acc;
  r.samples = samples;
  r.bits_per_synapse = weight_bits + std::log2(delay_slots);
  r.level = "fixed";
  r.timing = "estimated";
  return r;
}

// How many tick labels gnuplot draws for "set xtics START, STEP, END".
int tick_count(const AxisLayout& a) {
  std::smatch m;
  const std::regex re(R"(tics ([-0-9.e+]+), ([-0-9.e+]+), ([-0-9.e+]+))");
  REQUIRE(std::regex_search(a.commands, m, re));
  const double start = std::stod(m[1]), step = std::stod(m[2]), end = std::stod(m[3]);
  return static_cast<int>(std::floor((end - start) / step + 1e-9)) + 1;
}

}  // namespace

TEST_CASE("report: rows sort by their axes as numbers and print integers as integers", "[report]") {
  const std::vector<SweepRow> rows = {row(16, 2, 0.8), row(4, 2, 0.7), row(32, 2, 0.8), row(8, 2, 0.75)};
  const auto sorted = sorted_rows(rows);
  std::vector<double> d;
  for (const auto& r : sorted) d.push_back(r.params["delay_slots"].get<double>());
  CHECK(d == std::vector<double>{4, 8, 16, 32});
  const std::string text = report_text(rows);
  CHECK(text.find("delay_slots=4 ") < text.find("delay_slots=16 "));
  CHECK(text.find("delay_slots=8 ") < text.find("delay_slots=16 "));
  const std::string front = pareto_text(rows);
  CHECK(front.find("delay_slots=4 weight_bits=2") != std::string::npos);
  CHECK(front.find("=4.0") == std::string::npos);
  CHECK(front.find(":4.0") == std::string::npos);
  CHECK(params_text(nlohmann::json{{"decay", 0.25}, {"theta_bits", 12.0}}) == "decay=0.25 theta_bits=12");
  CHECK(report_json(rows)[0]["params"].dump() == R"({"delay_slots":4,"weight_bits":2})");
}

TEST_CASE("report: the 95% Wilson interval of the accuracy", "[report]") {
  const Interval half = wilson_interval(0.5, 100);
  CHECK(half.lo == Approx(0.4038).margin(1e-4));
  CHECK(half.hi == Approx(0.5962).margin(1e-4));
  const Interval none = wilson_interval(0.0, 10);  // never below 0, not empty at p = 0
  CHECK(none.lo == Approx(0.0).margin(1e-12));
  CHECK(none.hi == Approx(0.2775).margin(1e-4));
  const Interval unknown = wilson_interval(0.9, 0);
  CHECK(unknown.lo == 0.0);
  CHECK(unknown.hi == 1.0);
  // The table shows the sample count and the interval of each row.
  const std::string text = report_text({row(8, 2, 0.5, 100)});
  CHECK(text.find("[40.38, 59.62]") != std::string::npos);
  CHECK(text.find("   100 ") != std::string::npos);
  CHECK(report_json({row(8, 2, 0.5, 100)})[0]["accuracy_ci95"][0].get<double>() == Approx(0.4038).margin(1e-4));
}

TEST_CASE("report: the Pareto front says which of its points lie within each other's interval", "[report]") {
  // 1000 samples: the interval is about +-2.5 pp around 85%.
  const std::vector<SweepRow> rows = {row(4, 2, 0.80), row(8, 2, 0.85), row(16, 2, 0.86), row(32, 2, 0.95)};
  const auto front = pareto_front(rows);
  REQUIRE(front.size() == 4);
  const auto close = within_intervals(front);
  CHECK(close[0].empty());
  CHECK(close[1] == std::vector<size_t>{2});
  CHECK(close[2] == std::vector<size_t>{1});
  CHECK(close[3].empty());
  const std::string text = pareto_text(rows);
  CHECK(text.find("~ #3") != std::string::npos);
  CHECK(text.find("~ #2") != std::string::npos);
}

TEST_CASE("report: plot axes keep at most a few tick labels and draw a narrow range as an offset", "[report]") {
  // Energies within 0.2% of each other (the labels of 8509.8, 8510.2, ... ran together).
  const AxisLayout narrow = axis_layout("x", {8500.0, 8505.5, 8517.0}, "energy", "nJ");
  CHECK(narrow.offset == 8500);
  CHECK(narrow.label.find("energy \u2212 8500 [nJ] (all points within 0.2%)") != std::string::npos);
  CHECK(tick_count(narrow) <= 6);
  CHECK(tick_count(narrow) >= 3);
  for (const auto& values : std::vector<std::vector<double>>{{16377, 17044}, {4, 13}, {0.001, 0.7}, {1e6, 3.3e7}}) {
    const AxisLayout a = axis_layout("x", values, "x", "", 5);
    CHECK(a.offset == 0);
    CHECK(tick_count(a) <= 5);
    CHECK(tick_count(a) >= 2);
  }
  const AxisLayout single = axis_layout("x", {6, 6, 6}, "bits", "bits");
  CHECK(single.step == 0);
  CHECK(single.label.find("every point: 6") != std::string::npos);
}
