#include "plasticity/plasticity_plots.hpp"

#include <filesystem>
#include <functional>
#include <fstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "report/png_plot.hpp"

namespace nmx::plastic_study {
namespace {

// The Plot of report/png_plot.hpp for one output path.
Plot plot_for(const std::string& png) {
  const std::filesystem::path p(png);
  const std::string dir = p.has_parent_path() ? p.parent_path().string() : ".";
  return Plot(dir, p.filename().string());
}

void write_rows(const std::string& path, const std::function<void(std::ofstream&)>& rows) {
  std::ofstream out(path);
  rows(out);
  if (!out) throw InputError(path + ": cannot write plot data");
}

}  // namespace

void plot_window(const WindowResult& r, const std::string& png) {
  Plot plot = plot_for(png);
  const std::string data = plot.data("window.dat");
  write_rows(data, [&](std::ofstream& out) {
    for (const WindowRow& w : r.rows) out << w.dt << ' ' << w.expected << ' ' << w.l1 << ' ' << w.l0 << ' ' << w.l1_bound << '\n';
  });
  plot.script << "set title 'STDP window: " << r.rule << " (" << (r.rounding == plastic::Rounding::Nearest ? "nearest" : "stochastic")
              << " rounding)' noenhanced\n"
              << "set xlabel 'Δt = post step − pre event step'\nset ylabel 'Δw (weight codes)'\n"
              << "plot '" << data << "' u 1:($2-$5):($2+$5) w filledcurves lc rgb '#dddddd' title 'configured ± L1 quantisation bound', "
              << "'' u 1:2 w lines lw 2 lc rgb '#000000' title 'A·exp(−|Δt|/τ)', "
              << "'' u 1:3 w points pt 7 ps 0.8 lc rgb '#cc3311' title 'L1 (mean of replicas)', "
              << "'' u 1:4 w points pt 6 ps 1.2 lc rgb '#4477aa' title 'L0'\n";
  plot.render();
}

void plot_weight_dependence(const WeightDependenceResult& r, const std::string& png) {
  Plot plot = plot_for(png);
  const std::string data = plot.data("wdep.dat");
  write_rows(data, [&](std::ofstream& out) {
    for (const WeightDependenceRow& w : r.rows)
      out << w.w0 << ' ' << w.up_l1 << ' ' << w.up_l0 << ' ' << w.down_l1 << ' ' << w.down_l0 << '\n';
  });
  plot.script << "set title 'weight dependence: " << r.rule << "' noenhanced\n"
              << "set xlabel 'starting code w0'\nset ylabel 'code after the pairings'\n"
              << "set yrange [" << r.wmin - 8 << ":" << r.wmax + 8 << "]\n"
              << "plot x w lines dt 2 lc rgb '#888888' title 'w = w0', "
              << "'" << data << "' u 1:2 w linespoints pt 7 lc rgb '#cc3311' title 'potentiated, L1', "
              << "'' u 1:3 w lines lc rgb '#ee7733' title 'potentiated, L0', "
              << "'' u 1:4 w linespoints pt 7 lc rgb '#4477aa' title 'depressed, L1', "
              << "'' u 1:5 w lines lc rgb '#66ccee' title 'depressed, L0'\n";
  plot.render();
}

void plot_drift(const DriftResult& r, const std::string& png) {
  Plot plot = plot_for(png);
  const std::string data = plot.data("drift.dat");
  write_rows(data, [&](std::ofstream& out) {
    for (const DriftPoint& p : r.points)
      out << p.step << ' ' << p.mean_abs_drift << ' ' << p.max_abs_drift << ' ' << p.rms_change_l1 << ' ' << p.rms_change_l0 << '\n';
  });
  plot.script << "set title 'L0 against L1: the same spike trains, " << r.synapses << " plastic synapses'\n"
              << "set xlabel 'step'\nset ylabel 'weight codes'\n"
              << "plot '" << data << "' u 1:2 w linespoints pt 7 lc rgb '#cc3311' title 'mean |w_{L1} − w_{L0}|', "
              << "'' u 1:3 w lines dt 2 lc rgb '#cc3311' title 'max |w_{L1} − w_{L0}|', "
              << "'' u 1:4 w linespoints pt 6 lc rgb '#4477aa' title 'rms change, L1', "
              << "'' u 1:5 w lines lc rgb '#228833' title 'rms change, L0'\n";
  plot.render();
}

void plot_pattern(const PatternResult& r, const std::string& png) {
  Plot plot = plot_for(png);
  const std::string data = plot.data("curve.dat");
  write_rows(data, [&](std::ofstream& out) {
    for (const PatternBlock& b : r.blocks)
      out << b.first_copy + b.copies << ' ' << b.hit_rate << ' ' << b.false_alarms << ' '
          << (b.mean_latency < 0 ? std::string("NaN") : std::to_string(b.mean_latency)) << '\n';
  });
  plot.height = 800;
  plot.script << "set multiplot layout 2,1 title 'STDP finds a repeating pattern in Poisson noise (L1)'\n"
              << "set xlabel 'pattern copies seen'\nset ylabel 'rate'\nset yrange [0:1.05]\nset y2range [0:*]\n"
              << "set y2label 'false alarms / 1000 noise steps'\nset y2tics\n"
              << "plot '" << data << "' u 1:2 w linespoints pt 7 lc rgb '#cc3311' title 'hit rate (fires during a copy)', "
              << "'' u 1:3 axes x1y2 w linespoints pt 6 lc rgb '#4477aa' title 'false alarms'\n"
              << "unset y2tics\nunset y2label\nset yrange [0:*]\nset ylabel 'steps'\n"
              << "plot '" << data << "' u 1:4 w linespoints pt 7 lc rgb '#228833' title 'latency of the first spike after onset'\n"
              << "unset multiplot\n";
  plot.render();
}

void write_pattern_csv(const PatternResult& r, const std::string& csv) {
  write_atomically(csv, [&](const std::string& tmp) {
    std::ofstream out(tmp);
    out << "copies_seen,hit_rate,false_alarms_per_1000_steps,mean_latency_steps\n";
    for (const PatternBlock& b : r.blocks)
      out << b.first_copy + b.copies << ',' << b.hit_rate << ',' << b.false_alarms << ',' << b.mean_latency << '\n';
    if (!out) throw InputError(csv + ": cannot write");
  });
}

}  // namespace nmx::plastic_study
