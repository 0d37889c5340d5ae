#include "report/sweep_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>

#include "core/error.hpp"

namespace nmx {
namespace {

// Quoted when it holds a comma or a quote (a trained network's name is its options' JSON).
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

std::string value_text(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (!v.is_number()) return v.dump();
  const double x = v.get<double>();
  if (std::isfinite(x) && x == std::round(x) && std::fabs(x) < 1e15) return std::to_string(static_cast<long long>(x));
  return shortest_text(x);
}

// -1, 0, 1: numbers numerically, before anything else; the rest as JSON text.
int compare_values(const nlohmann::json& a, const nlohmann::json& b) {
  if (a.is_number() && b.is_number()) {
    const double x = a.get<double>(), y = b.get<double>();
    return x < y ? -1 : y < x ? 1 : 0;
  }
  if (a.is_number() != b.is_number()) return a.is_number() ? -1 : 1;
  const std::string x = a.dump(), y = b.dump();
  return x < y ? -1 : y < x ? 1 : 0;
}

bool params_less(const nlohmann::json& a, const nlohmann::json& b) {
  std::set<std::string> keys;
  for (auto it = a.begin(); it != a.end(); ++it) keys.insert(it.key());
  for (auto it = b.begin(); it != b.end(); ++it) keys.insert(it.key());
  for (const auto& k : keys) {
    if (a.contains(k) != b.contains(k)) return !a.contains(k);  // a missing axis first
    if (!a.contains(k)) continue;
    if (const int c = compare_values(a[k], b[k])) return c < 0;
  }
  return false;
}

std::string interval_text(const SweepRow& r) {
  const Interval ci = accuracy_interval(r);
  char buf[48];
  std::snprintf(buf, sizeof buf, "[%.2f, %.2f]", 100 * ci.lo, 100 * ci.hi);
  return buf;
}

}  // namespace

std::string params_text(const nlohmann::json& p) {
  std::string s;
  for (auto it = p.begin(); it != p.end(); ++it) s += (s.empty() ? "" : " ") + it.key() + "=" + value_text(it.value());
  return s;
}

std::vector<SweepRow> sorted_rows(std::vector<SweepRow> rows) {
  std::stable_sort(rows.begin(), rows.end(), [](const SweepRow& a, const SweepRow& b) {
    if (params_less(a.params, b.params)) return true;
    if (params_less(b.params, a.params)) return false;
    return a.network != b.network ? a.network < b.network : a.level < b.level;
  });
  return rows;
}

Interval wilson_interval(double p, uint64_t n, double z) {
  if (n == 0) return {0, 1};
  const double nn = static_cast<double>(n), z2 = z * z;
  const double denom = 1 + z2 / nn;
  const double centre = (p + z2 / (2 * nn)) / denom;
  const double half = z / denom * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

Interval accuracy_interval(const SweepRow& r) { return wilson_interval(r.accuracy, r.samples); }

std::string report_text(const std::vector<SweepRow>& unsorted) {
  const std::vector<SweepRow> rows = sorted_rows(unsorted);
  std::ostringstream os;
  char line[640];
  const bool area = std::any_of(rows.begin(), rows.end(), [](const SweepRow& r) { return r.has_area; });
  std::snprintf(line, sizeof line, "%-48s %9s %16s %6s %9s %9s %9s %9s %9s %6s %8s%s\n", "point", "acc L1",
                "95% CI", "n", "acc L0", "L1-L0", "bits/syn", "cycles", "nJ", "cores", "clipped",
                area ? "  area mm^2" : "");
  os << line;
  for (const auto& r : rows) {
    std::snprintf(line, sizeof line, "%-48s %8.2f%% %16s %6u %8.2f%% %+8.2f %9.2f %9.0f %9.1f %6u %8u",
                  params_text(r.params).c_str(), 100 * r.accuracy, interval_text(r).c_str(), r.samples,
                  100 * r.accuracy_l0, 100 * (r.accuracy - r.accuracy_l0), r.bits_per_synapse, r.cycles_per_sample,
                  r.energy_nj_per_sample, r.cores, r.clipped_delays);
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
  os << "95% CI: Wilson score interval of the first accuracy column over the row's n samples\n";
  os << "cycles and nJ per sample: " << t << (area ? "; area: cores x one core's logic (yosys)" : "") << "\n";
  return os.str();
}

std::string report_csv(const std::vector<SweepRow>& unsorted) {
  std::ostringstream os;
  os << "network,params,accuracy,accuracy_ci_low,accuracy_ci_high,accuracy_l0,prediction_agreement,spike_agreement,"
        "spikes_per_sample,synaptic_events_per_sample,bits_per_synapse,cycles_per_sample,energy_nj_per_sample,cores,"
        "clipped_delays,samples,level,timing,area_mm2,core_area_mm2,core_cells,core_memory_bits,wall_seconds\n";
  for (const auto& r : sorted_rows(unsorted)) {
    const Interval ci = accuracy_interval(r);
    os << csv_field(r.network) << ",\"" << params_text(r.params) << "\"," << r.accuracy << "," << ci.lo << ","
       << ci.hi << "," << r.accuracy_l0 << "," << r.prediction_agreement << "," << r.spike_agreement << ","
       << r.spikes_per_sample << "," << r.synaptic_events_per_sample << "," << r.bits_per_synapse << ","
       << r.cycles_per_sample << "," << r.energy_nj_per_sample << "," << r.cores << "," << r.clipped_delays << ","
       << r.samples << "," << r.level << "," << r.timing << ",";
    if (r.has_area) os << r.area_mm2 << "," << r.core.area_mm2 << "," << r.core.cells << "," << r.core.memory_bits;
    else os << ",,,";
    os << "," << r.wall_seconds << "\n";  // last: the one column that differs between equal runs
  }
  return os.str();
}

nlohmann::json report_json(const std::vector<SweepRow>& rows) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& r : sorted_rows(rows)) {
    nlohmann::json row = to_json(r);
    row.erase("key");
    for (auto& v : row["params"])  // 4, not 4.0 (SQLite hands the axes back as reals)
      if (v.is_number_float() && std::fabs(v.get<double>()) < 1e15 && v.get<double>() == std::round(v.get<double>()))
        v = static_cast<long long>(v.get<double>());
    const Interval ci = accuracy_interval(r);
    row["accuracy_ci95"] = {ci.lo, ci.hi};
    j.push_back(row);
  }
  return j;
}

double cost_bits(const SweepRow& r) { return r.bits_per_synapse; }
double cost_cycles(const SweepRow& r) { return r.cycles_per_sample; }
double cost_energy(const SweepRow& r) { return r.energy_nj_per_sample; }

std::vector<SweepRow> pareto_front(const std::vector<SweepRow>& rows, double (*cost)(const SweepRow&)) {
  if (!cost) cost = cost_bits;
  std::vector<SweepRow> sorted = sorted_rows(rows);
  std::stable_sort(sorted.begin(), sorted.end(), [cost](const SweepRow& a, const SweepRow& b) {
    return cost(a) != cost(b) ? cost(a) < cost(b) : a.accuracy > b.accuracy;
  });
  std::vector<SweepRow> front;
  double best = -1;
  for (const auto& r : sorted)
    if (r.accuracy > best) front.push_back(r), best = r.accuracy;
  return front;
}

std::vector<std::vector<size_t>> within_intervals(const std::vector<SweepRow>& front) {
  std::vector<std::vector<size_t>> out(front.size());
  for (size_t i = 0; i < front.size(); ++i)
    for (size_t j = 0; j < front.size(); ++j)
      if (i != j && accuracy_interval(front[i]).contains(front[j].accuracy) &&
          accuracy_interval(front[j]).contains(front[i].accuracy))
        out[i].push_back(j);
  return out;
}

std::string pareto_text(const std::vector<SweepRow>& rows) {
  const auto front = pareto_front(rows);
  const auto close = within_intervals(front);
  std::ostringstream os;
  os << "Pareto front (bits per synapse, accuracy, 95% CI; ~ lists the front points within each other's interval):\n";
  char line[256];
  for (size_t i = 0; i < front.size(); ++i) {
    const auto& r = front[i];
    std::string near;
    for (size_t j : close[i]) near += (near.empty() ? "~ #" : " #") + std::to_string(j + 1);
    std::snprintf(line, sizeof line, "  #%-2zu %6.2f bits  %6.2f%% %16s  %-12s ", i + 1, r.bits_per_synapse,
                  100 * r.accuracy, interval_text(r).c_str(), near.c_str());
    os << line << params_text(r.params) << "\n";
  }
  return os.str();
}

}  // namespace nmx
