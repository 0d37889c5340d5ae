// `nmx report`: a sweep database as tables (text, CSV, JSON) and plots (PNG through
// gnuplot): accuracy against bits per synapse with the Pareto front marked, and accuracy
// against D per weight width.
#pragma once

#include <string>
#include <vector>

#include "sweep/sweep_db.hpp"

namespace nmx {

std::string report_text(const std::vector<SweepRow>& rows);
std::string report_csv(const std::vector<SweepRow>& rows);
nlohmann::json report_json(const std::vector<SweepRow>& rows);

// Points not dominated in (lower cost, higher accuracy), by cost; the cost is bits per
// synapse unless given.
std::vector<SweepRow> pareto_front(const std::vector<SweepRow>& rows,
                                   double (*cost)(const SweepRow&) = nullptr);
double cost_bits(const SweepRow& r);
double cost_cycles(const SweepRow& r);
double cost_energy(const SweepRow& r);

// Writes accuracy_vs_bits.png, accuracy_vs_delay.png and cost_vs_accuracy.png (estimated
// cycles and energy per sample, each with its Pareto front) into `dir`; returns the paths.
// Throws InputError when gnuplot is missing or fails.
std::vector<std::string> report_plots(const std::vector<SweepRow>& rows, const std::string& dir);

}  // namespace nmx
