#include "report/report_plots.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <system_error>

#include <unistd.h>

#include "core/error.hpp"
#include "core/output_path.hpp"
#include "core/temp_path.hpp"
#include "core/gnuplot.hpp"
#include "report/png_plot.hpp"
#include "report/sweep_report.hpp"

namespace nmx {
namespace fs = std::filesystem;
namespace {

std::string num(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", x);
  return buf;
}

// 1, 2 or 5 times a power of ten, at least `raw`.
double nice_step(double raw) {
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0})
    if (m * p >= raw * (1 - 1e-9)) return m * p;
  return 10 * p;
}

// One line of data: x, accuracy and its 95% interval, in percent.
void write_point(std::ostream& os, double x, const SweepRow& r) {
  const Interval ci = accuracy_interval(r);
  os << num(x) << " " << num(100 * r.accuracy) << " " << num(100 * ci.lo) << " " << num(100 * ci.hi) << "\n";
}

std::set<double> distinct(const std::vector<SweepRow>& rows, double (*f)(const SweepRow&)) {
  std::set<double> s;
  for (const auto& r : rows) s.insert(f(r));
  return s;
}

// The values an axis takes, when every row has it as a number.
std::set<double> axis_values(const std::vector<SweepRow>& rows, const std::string& axis) {
  std::set<double> s;
  for (const auto& r : rows) {
    if (!r.params.contains(axis) || !r.params[axis].is_number()) return {};
    s.insert(r.params[axis].get<double>());
  }
  return s;
}

// Open symbols of decreasing size, so series drawn on top of each other stay visible.
const int kPointTypes[] = {6, 4, 8, 12, 10, 14, 2, 1, 3};
const char* const kColours[] = {"#4477aa", "#cc3311", "#228833", "#aa3377", "#ee7733", "#66ccee", "#bbbbbb", "#000000"};

std::string level_text(const std::vector<SweepRow>& rows) {
  std::set<std::string> levels;
  for (const auto& r : rows)
    levels.insert(r.level == "float" ? "L0" : r.level == "fixed" ? "L1" : r.level == "systemc" ? "L2" : r.level);
  std::string s;
  for (const auto& l : levels) s += (s.empty() ? "" : ", ") + l;
  return s;
}

std::string errorbar_plot(const std::string& file, const char* colour, int pt, double ps, const std::string& title,
                          bool lines) {
  std::ostringstream s;
  s << "'" << file << "' using 1:2:3:4 with " << (lines ? "yerrorlines lw 2" : "yerrorbars") << " pt " << pt
    << " ps " << ps << " lc rgb '" << colour << "' title '" << title << "'";
  return s.str();
}

std::string accuracy_vs_bits(const std::vector<SweepRow>& rows, const std::string& dir) {
  Plot p(dir, "accuracy_vs_bits.png");
  {
    std::ofstream pts(p.data("points.dat")), front(p.data("front.dat"));
    for (const auto& r : rows) write_point(pts, r.bits_per_synapse, r);
    for (const auto& r : pareto_front(rows)) write_point(front, r.bits_per_synapse, r);
  }
  std::vector<double> xs;
  for (const auto& r : rows) xs.push_back(r.bits_per_synapse);
  const AxisLayout x = axis_layout("x", xs, "memory per synapse", "bits");
  p.script << "set title 'Accuracy against synapse memory (" << level_text(rows) << "; bars: 95% Wilson interval)'\n"
           << x.commands << "set xlabel '" << x.label << "'\nset ylabel 'test accuracy [%]'\n"
           << "plot " << errorbar_plot(p.data("points.dat"), kColours[0], 7, 1.0, "sweep points", false) << ", \\\n  "
           << errorbar_plot(p.data("front.dat"), kColours[1], 6, 2.2, "Pareto front", true) << "\n";
  return p.render();
}

// The best point per value of `axis` (over the other axes), one series per weight width
// (or one series when `by_width` is false).
using BestSeries = std::map<double, std::map<double, const SweepRow*>>;
BestSeries best_per_axis_value(const std::vector<SweepRow>& rows, const std::string& axis, bool by_width) {
  BestSeries series;
  for (const auto& r : rows) {
    const double w = by_width ? r.params["weight_bits"].get<double>() : 0;
    const SweepRow*& best = series[w][r.params[axis].get<double>()];
    if (!best || r.accuracy > best->accuracy) best = &r;
  }
  return series;
}

// gnuplot's plot clauses for `series`: error-bar lines, series i in dash type, point type and
// colour i; `title(w)` names the series of weight width w, `size(i)` its point size.
std::string series_plots(Plot& p, const BestSeries& series, const std::function<std::string(double)>& title,
                         const std::function<double(size_t)>& size) {
  std::string plots;
  size_t i = 0;
  for (const auto& [w, points] : series) {
    const std::string file = p.data("series" + std::to_string(i) + ".dat");
    std::ofstream out(file);
    for (const auto& [x, r] : points) write_point(out, x, *r);
    std::ostringstream s;
    s << (plots.empty() ? "" : ", \\\n  ") << "'" << file << "' using 1:2:3:4 with yerrorlines lw 2 dt " << (i % 5 + 1)
      << " pt " << kPointTypes[i % std::size(kPointTypes)] << " ps " << size(i) << " lc rgb '"
      << kColours[i % std::size(kColours)] << "' title '" << title(w) << "'";
    plots += s.str();
    ++i;
  }
  return plots;
}

// The axis' values as gnuplot tics: "4, 8, 12".
std::string axis_tics(const std::vector<SweepRow>& rows, const std::string& axis) {
  std::string tics;
  for (double v : axis_values(rows, axis)) tics += (tics.empty() ? "" : ", ") + num(v);
  return tics;
}

std::string accuracy_vs_delay(const std::vector<SweepRow>& rows, const std::string& dir) {
  Plot p(dir, "accuracy_vs_delay.png");
  // One series per weight width (one series when the sweep has no weight_bits axis).
  const bool by_width = !axis_values(rows, "weight_bits").empty();
  const std::string plots = series_plots(
      p, best_per_axis_value(rows, "delay_slots", by_width),
      [&](double w) { return by_width ? num(w) + "-bit weights" : std::string("best over the other axes"); },
      [](size_t i) { return std::max(0.8, 2.4 - 0.5 * i); });
  p.script << "set title 'Accuracy against delay slots D (best over the other axes; bars: 95% Wilson interval)'\n"
           << "set xlabel 'delay slots D'\nset ylabel 'test accuracy [%]'\nset logscale x 2\n"
           << "set xtics (" << axis_tics(rows, "delay_slots") << ")\nset offsets graph 0.05, graph 0.05, graph 0.04, graph 0.04\n"
           << "plot " << plots << "\n";
  return p.render();
}

// L1 accuracy against the mode unit's code width WM (the mode_bits axis), one series per
// weight width (best over the other axes), and L0 beside it: L0 runs the mode projection
// with the float ξ and λ, so its line is the reference the codes are measured against.
std::string accuracy_vs_mode_bits(const std::vector<SweepRow>& rows, const std::string& dir) {
  Plot p(dir, "accuracy_vs_mode_bits.png");
  const bool by_width = axis_values(rows, "weight_bits").size() >= 2;
  const BestSeries series = best_per_axis_value(rows, "mode_bits", by_width);
  const std::string tics = axis_tics(rows, "mode_bits");
  std::string plots = series_plots(
      p, series, [&](double w) { return level_text(rows) + (by_width ? ", " + num(w) + "-bit weights" : ""); },
      [](size_t) { return 1.6; });
  // L0 beside the chip level (a chip-level sweep compares every sample with L0), for one
  // weight width only: L0 runs the same twin, so it depends on that width. A line without
  // bars: it is the same at every WM (L0 ignores the codes), and the bars would hide L1's.
  const auto& first = series.begin()->second;
  const bool chip_level = std::all_of(first.begin(), first.end(), [](const auto& e) { return e.second->level != "float"; });
  if (chip_level && !by_width) {
    const std::string file = p.data("l0.dat");
    std::ofstream out(file);
    for (const auto& [b, r] : first) out << num(b) << " " << num(100 * r->accuracy_l0) << "\n";
    plots += ", \\\n  '" + file + "' using 1:2 with lines lw 2 dt 2 lc rgb '#777777' title 'L0 (float ξ, λ; same samples)'";
  }
  p.script << "set title 'Accuracy against mode code bits WM (bars: 95% Wilson interval)'\n"
           << "set xlabel 'mode code bits WM (ξ_{in}, ξ_{out}, λ)'\n"
           << "set ylabel 'test accuracy [%]'\nset xtics (" << tics << ")\n"
           << "set offsets graph 0.05, graph 0.05, graph 0.04, graph 0.04\n"
           << "plot " << plots << "\n";
  return p.render();
}

std::string cost_vs_accuracy(const std::vector<SweepRow>& all, const std::string& dir) {
  std::vector<SweepRow> rows;  // the points with cycle and energy figures (not L0)
  for (const auto& r : all)
    if (!r.timing.empty()) rows.push_back(r);
  Plot p(dir, "cost_vs_accuracy.png");
  p.width = 1200;
  p.height = 560;
  std::set<std::string> timing;
  for (const auto& r : rows)
    if (!r.timing.empty()) timing.insert(r.timing == "measured" ? "measured on L2" : "estimated from L1 activity");
  std::string how;
  for (const auto& t : timing) how += (how.empty() ? "" : ", ") + t;
  p.script << "set multiplot layout 1,2 title 'Cost against accuracy (" << how
           << "; bars: 95% Wilson interval)'\nset ylabel 'test accuracy [%]'\n";
  struct Panel {
    const char* file;
    double (*cost)(const SweepRow&);
    const char *title, *label, *unit;
  };
  for (const Panel& c : {Panel{"cycles", cost_cycles, "cycles per sample", "cycles per sample", ""},
                         Panel{"energy", cost_energy, "energy per sample", "dynamic energy per sample", "nJ"}}) {
    std::vector<double> xs;
    for (const auto& r : rows) xs.push_back(c.cost(r));
    const AxisLayout x = axis_layout("x", xs, c.label, c.unit, 5);
    const std::string pts = p.data(std::string(c.file) + ".dat"), front = p.data(std::string(c.file) + "_front.dat");
    {
      std::ofstream po(pts), fo(front);
      for (const auto& r : rows) write_point(po, c.cost(r) - x.offset, r);
      for (const auto& r : pareto_front(rows, c.cost)) write_point(fo, c.cost(r) - x.offset, r);
    }
    p.script << "set title '" << c.title << "'\nset autoscale x\nset xtics autofreq\n" << x.commands << "set xlabel '"
             << x.label << "'\nplot " << errorbar_plot(pts, kColours[0], 7, 1.0, "sweep points", false) << ", \\\n  "
             << errorbar_plot(front, kColours[1], 6, 2.2, "Pareto front", true) << "\n";
  }
  p.script << "unset multiplot\n";
  return p.render();
}

}  // namespace

AxisLayout axis_layout(const std::string& axis, const std::vector<double>& values, const std::string& label,
                       const std::string& unit, int max_ticks) {
  AxisLayout a;
  const std::string unit_text = unit.empty() ? "" : " [" + unit + "]";
  if (values.empty()) {
    a.label = label + unit_text;
    return a;
  }
  const auto [lo_it, hi_it] = std::minmax_element(values.begin(), values.end());
  const double lo = *lo_it, hi = *hi_it, mag = std::max(std::fabs(lo), std::fabs(hi)), span = hi - lo;
  if (span <= 1e-12 * std::max(1.0, mag)) {  // one value: one tick, a range around it
    const double d = mag > 0 ? 0.05 * mag : 1;
    a.label = label + unit_text + " (every point: " + num(lo) + ")";
    a.commands = "set " + axis + "range [" + num(lo - d) + ":" + num(lo + d) + "]\nset " + axis + "tics (" + num(lo) +
                 ")\n";
    return a;
  }
  a.label = label + unit_text;
  if (span < 0.01 * mag) {  // long labels a few digits apart: draw the differences
    const double p = std::pow(10.0, std::ceil(std::log10(span)));
    a.offset = std::floor(lo / p) * p;
    char note[96];
    std::snprintf(note, sizeof note, " (all points within %.2g%%)", 100 * span / mag);
    a.label = label + " \u2212 " + num(a.offset) + unit_text + note;
  }
  const double pad = 0.04 * span, rlo = lo - a.offset - pad, rhi = hi - a.offset + pad;
  a.step = nice_step((rhi - rlo) / std::max(1, max_ticks - 1));
  a.commands = "set " + axis + "range [" + num(rlo) + ":" + num(rhi) + "]\nset " + axis + "tics " +
               num(std::ceil(rlo / a.step) * a.step + 0.0) + ", " + num(a.step) + ", " + num(rhi) + "\nset format " + axis +
               " '%g'\n";
  return a;
}

PlotSet report_plots(const std::vector<SweepRow>& rows, const std::string& dir) {
  if (const std::string problem = output_dir_problem(dir); !problem.empty()) throw InputError(problem);
  require_gnuplot();
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw InputError(dir + ": cannot create the plot folder (" + ec.message() + ")");
  PlotSet out;
  if (distinct(rows, cost_bits).size() >= 2) out.written.push_back(accuracy_vs_bits(rows, dir));
  else out.skipped.push_back("accuracy_vs_bits.png: every point has the same bits per synapse");
  if (axis_values(rows, "delay_slots").size() >= 2) out.written.push_back(accuracy_vs_delay(rows, dir));
  else out.skipped.push_back("accuracy_vs_delay.png: the sweep does not vary delay_slots");
  if (const auto wm = axis_values(rows, "mode_bits"); wm.size() >= 2) out.written.push_back(accuracy_vs_mode_bits(rows, dir));
  else if (wm.size() == 1) out.skipped.push_back("accuracy_vs_mode_bits.png: the sweep has one mode_bits value");
  const bool timed = std::any_of(rows.begin(), rows.end(), [](const SweepRow& r) { return !r.timing.empty(); });
  if (timed) out.written.push_back(cost_vs_accuracy(rows, dir));
  else out.skipped.push_back("cost_vs_accuracy.png: no cycle or energy figures (the points ran at L0)");
  return out;
}

}  // namespace nmx
