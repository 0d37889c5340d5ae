// PNGs of the plasticity studies, drawn with gnuplot like the report plots
// (report/png_plot.hpp: written under a temporary name and renamed into place only when
// gnuplot succeeded, so no empty or partial image is left), and the pattern task's
// learning curve as CSV (atomically). Each takes the output file's path.
#pragma once

#include <string>

#include "plasticity/drift.hpp"
#include "plasticity/pattern_task.hpp"
#include "plasticity/stdp_window.hpp"
#include "plasticity/weight_dependence.hpp"

namespace nmx::plastic_study {

void plot_window(const WindowResult& r, const std::string& png);
void plot_weight_dependence(const WeightDependenceResult& r, const std::string& png);
void plot_drift(const DriftResult& r, const std::string& png);
void plot_pattern(const PatternResult& r, const std::string& png);
void write_pattern_csv(const PatternResult& r, const std::string& csv);

}  // namespace nmx::plastic_study
