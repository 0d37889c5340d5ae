// `nmx report`: a sweep database as tables (text, CSV, JSON) with each point's sample
// count and 95% confidence interval of its accuracy, and the Pareto front; the plots are
// in report/report_plots.hpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sweep/sweep_db.hpp"

namespace nmx {

std::string report_text(const std::vector<SweepRow>& rows);
std::string report_csv(const std::vector<SweepRow>& rows);
nlohmann::json report_json(const std::vector<SweepRow>& rows);

// The rows ordered by their parameters compared as numbers, axis by axis in name order
// (D = 4 before D = 16), then by network and level.
std::vector<SweepRow> sorted_rows(std::vector<SweepRow> rows);
// "delay_slots=16 weight_bits=2": integral values as integers, others shortest.
std::string params_text(const nlohmann::json& params);

// 95% Wilson score interval of a proportion p measured on n samples ({0, 1} when n = 0).
struct Interval {
  double lo = 0, hi = 1;
  bool contains(double x) const { return lo <= x && x <= hi; }
};
Interval wilson_interval(double p, uint64_t n, double z = 1.959963984540054);
Interval accuracy_interval(const SweepRow& r);  // of r.accuracy over r.samples

// Points not dominated in (lower cost, higher accuracy), by cost; the cost is bits per
// synapse unless given.
std::vector<SweepRow> pareto_front(const std::vector<SweepRow>& rows,
                                   double (*cost)(const SweepRow&) = nullptr);
double cost_bits(const SweepRow& r);
double cost_cycles(const SweepRow& r);
double cost_energy(const SweepRow& r);
// For each point of a front, the other points (indices) it cannot be told apart from:
// each one's accuracy lies within the other's 95% interval.
std::vector<std::vector<size_t>> within_intervals(const std::vector<SweepRow>& front);
// The bits-per-synapse front as text, one numbered line per point, with those indices.
std::string pareto_text(const std::vector<SweepRow>& rows);

}  // namespace nmx
