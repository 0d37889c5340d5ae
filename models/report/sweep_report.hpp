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

// Points not dominated in (fewer bits per synapse, higher accuracy), by bits.
std::vector<SweepRow> pareto_front(const std::vector<SweepRow>& rows);

// Writes accuracy_vs_bits.png and accuracy_vs_delay.png into `dir`; returns their paths.
// Throws InputError when gnuplot is missing or fails.
std::vector<std::string> report_plots(const std::vector<SweepRow>& rows, const std::string& dir);

}  // namespace nmx
