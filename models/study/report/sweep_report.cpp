#include "report/sweep_report.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/gnuplot.hpp"

namespace nmx {
namespace {

std::string params_text(const nlohmann::json& p) {
  std::string s;
  for (auto it = p.begin(); it != p.end(); ++it) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s=%g", it.key().c_str(), it.value().get<double>());
    s += (s.empty() ? "" : " ") + std::string(buf);
  }
  return s;
}

// Quoted when it holds a comma or a quote (a trained network's name is its options' JSON).
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

double param(const SweepRow& r, const char* key, double fallback) {
  return r.params.contains(key) ? r.params[key].get<double>() : fallback;
}

}  // namespace

std::string report_text(const std::vector<SweepRow>& rows) {
  std::ostringstream os;
  char line[512];
  const bool area = std::any_of(rows.begin(), rows.end(), [](const SweepRow& r) { return r.has_area; });
  std::snprintf(line, sizeof line, "%-48s %9s %9s %9s %9s %9s %9s %6s %8s%s\n", "point", "acc L1", "acc L0", "L1-L0",
                "bits/syn", "cycles", "nJ", "cores", "clipped", area ? "  area mm^2" : "");
  os << line;
  for (const auto& r : rows) {
    std::snprintf(line, sizeof line, "%-48s %8.2f%% %8.2f%% %+8.2f %9.2f %9.0f %9.1f %6u %8u",
                  params_text(r.params).c_str(), 100 * r.accuracy, 100 * r.accuracy_l0,
                  100 * (r.accuracy - r.accuracy_l0), r.bits_per_synapse, r.cycles_per_sample, r.energy_nj_per_sample,
                  r.cores, r.clipped_delays);
    os << line;
    if (area) {
      std::snprintf(line, sizeof line, " %11.3f", r.area_mm2);
      os << line;
    }
    os << "\n";
  }
  // Where the cycle and energy columns come from (the level's timing).
  std::set<std::string> timing;
  for (const auto& r : rows) timing.insert(r.timing.empty() ? "none (L0)" : r.timing + " (" + r.level + ")");
  std::string t;
  for (const auto& x : timing) t += (t.empty() ? "" : ", ") + x;
  os << "cycles and nJ per sample: " << t << (area ? "; area: cores x one core's logic (yosys)" : "") << "\n";
  return os.str();
}

std::string report_csv(const std::vector<SweepRow>& rows) {
  std::ostringstream os;
  os << "network,params,accuracy,accuracy_l0,prediction_agreement,spike_agreement,spikes_per_sample,"
        "synaptic_events_per_sample,bits_per_synapse,cycles_per_sample,energy_nj_per_sample,cores,clipped_delays,"
        "samples,level,timing,area_mm2,core_area_mm2,core_cells,core_memory_bits,wall_seconds\n";
  for (const auto& r : rows) {
    os << csv_field(r.network) << ",\"" << params_text(r.params) << "\"," << r.accuracy << "," << r.accuracy_l0 << ","
       << r.prediction_agreement << "," << r.spike_agreement << "," << r.spikes_per_sample << ","
       << r.synaptic_events_per_sample << "," << r.bits_per_synapse << "," << r.cycles_per_sample << ","
       << r.energy_nj_per_sample << "," << r.cores << "," << r.clipped_delays << ","
       << r.samples << "," << r.level << "," << r.timing << ",";
    if (r.has_area) os << r.area_mm2 << "," << r.core.area_mm2 << "," << r.core.cells << "," << r.core.memory_bits;
    else os << ",,,";
    os << "," << r.wall_seconds << "\n";  // last: the one column that differs between equal runs
  }
  return os.str();
}

nlohmann::json report_json(const std::vector<SweepRow>& rows) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& r : rows) {
    nlohmann::json row = to_json(r);
    row.erase("key");
    j.push_back(row);
  }
  return j;
}

double cost_bits(const SweepRow& r) { return r.bits_per_synapse; }
double cost_cycles(const SweepRow& r) { return r.cycles_per_sample; }
double cost_energy(const SweepRow& r) { return r.energy_nj_per_sample; }

std::vector<SweepRow> pareto_front(const std::vector<SweepRow>& rows, double (*cost)(const SweepRow&)) {
  if (!cost) cost = cost_bits;
  std::vector<SweepRow> sorted = rows;
  std::sort(sorted.begin(), sorted.end(), [cost](const SweepRow& a, const SweepRow& b) {
    return cost(a) != cost(b) ? cost(a) < cost(b) : a.accuracy > b.accuracy;
  });
  std::vector<SweepRow> front;
  double best = -1;
  for (const auto& r : sorted)
    if (r.accuracy > best) front.push_back(r), best = r.accuracy;
  return front;
}

std::vector<std::string> report_plots(const std::vector<SweepRow>& rows, const std::string& dir) {
  require_gnuplot();
  std::filesystem::create_directories(dir);
  const std::string points = dir + "/points.dat", front = dir + "/front.dat", delay = dir + "/delay.dat";
  const std::string cost = dir + "/cost.dat", cfront = dir + "/cycles_front.dat", efront = dir + "/energy_front.dat";
  std::string widths;  // the weight widths, one data block each in delay.dat
  {
    std::ofstream p(points), f(front), d(delay), c(cost), cf(cfront), ef(efront);
    for (const auto& r : rows) c << r.cycles_per_sample << " " << r.energy_nj_per_sample << " " << 100 * r.accuracy << "\n";
    for (const auto& r : pareto_front(rows, cost_cycles)) cf << r.cycles_per_sample << " " << 100 * r.accuracy << "\n";
    for (const auto& r : pareto_front(rows, cost_energy)) ef << r.energy_nj_per_sample << " " << 100 * r.accuracy << "\n";
    for (const auto& r : rows) p << r.bits_per_synapse << " " << 100 * r.accuracy << "\n";
    for (const auto& r : pareto_front(rows)) f << r.bits_per_synapse << " " << 100 * r.accuracy << "\n";
    // accuracy vs D, one block per weight width (best over the other axes)
    std::map<double, std::map<double, double>> by_wb;
    for (const auto& r : rows) {
      double& a = by_wb[param(r, "weight_bits", 0)][param(r, "delay_slots", 0)];
      a = std::max(a, 100 * r.accuracy);
    }
    for (const auto& [wb, series] : by_wb) {
      char w[32];
      std::snprintf(w, sizeof w, "%g", wb);
      widths += (widths.empty() ? "" : " ") + std::string(w);
      for (const auto& [dslots, acc] : series) d << dslots << " " << acc << "\n";
      d << "\n\n";
    }
  }
  const std::string bits_png = dir + "/accuracy_vs_bits.png", delay_png = dir + "/accuracy_vs_delay.png";
  const std::string cost_png = dir + "/cost_vs_accuracy.png";
  std::ofstream gp(dir + "/plots.gp");
  gp << "set terminal pngcairo size 900,600 font 'sans,12'\n"
     << "set grid\nset key bottom right\n"
     << "set output '" << bits_png << "'\n"
     << "set title 'Accuracy against synapse memory (L1, bit-accurate chip)'\n"
     << "set xlabel 'memory per synapse [bits]'\nset ylabel 'test accuracy [%]'\n"
     << "plot '" << points << "' using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'sweep points', \\\n"
     << "     '" << front << "' using 1:2 with linespoints lw 2 pt 6 ps 2 lc rgb '#cc3311' title 'Pareto front'\n"
     << "set output '" << delay_png << "'\n"
     << "set title 'Accuracy against delay slots D (best over the other axes)'\n"
     << "set xlabel 'delay slots D'\nset ylabel 'test accuracy [%]'\nset logscale x 2\n"
     << "widths = '" << widths << "'\n"
     << "plot for [i=1:words(widths)] '" << delay << "' index (i-1) using 1:2 with linespoints lw 2 pt 7 "
     << "title sprintf('%s-bit weights', word(widths, i))\n"
     << "unset logscale x\nset terminal pngcairo size 1200,520 font 'sans,12'\n"
     << "set output '" << cost_png << "'\nset multiplot layout 1,2 title 'Cost against accuracy "
     << "(estimated from L1 activity: closed-form cycles, dynamic energy)'\n"
     << "set title 'cycles per sample'\nset xlabel 'cycles per sample'\nset ylabel 'test accuracy [%]'\n"
     << "plot '" << cost << "' using 1:3 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'sweep points', \\\n"
     << "     '" << cfront << "' using 1:2 with linespoints lw 2 pt 6 ps 2 lc rgb '#cc3311' title 'Pareto front'\n"
     << "set title 'energy per sample'\nset xlabel 'dynamic energy per sample [nJ]'\n"
     << "plot '" << cost << "' using 2:3 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'sweep points', \\\n"
     << "     '" << efront << "' using 1:2 with linespoints lw 2 pt 6 ps 2 lc rgb '#cc3311' title 'Pareto front'\n"
     << "unset multiplot\n";
  gp.close();
  run_gnuplot(dir + "/plots.gp");
  return {bits_png, delay_png, cost_png};
}

}  // namespace nmx
