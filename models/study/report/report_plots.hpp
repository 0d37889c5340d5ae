// `nmx report --plots DIR`: PNG plots of a sweep through gnuplot, only those its axes
// support, each with 95% (Wilson) intervals of the accuracy as error bars:
//   accuracy_vs_bits.png   the points and the Pareto front   (bits per synapse varies)
//   accuracy_vs_delay.png  best accuracy per D, one line per weight width  (delay_slots varies)
//   cost_vs_accuracy.png   cycles and energy per sample, each with its front  (a chip level)
//   accuracy_vs_mode_bits.png  accuracy per mode code width WM, L0 beside it  (mode_bits varies)
// Each PNG is written under a temporary name and renamed when gnuplot succeeded, so an
// empty or partial PNG is never left.
#pragma once

#include <string>
#include <vector>

#include "sweep/sweep_db.hpp"

namespace nmx {

struct PlotSet {
  std::vector<std::string> written;  // paths
  std::vector<std::string> skipped;  // "accuracy_vs_delay.png: the sweep does not vary delay_slots"
};

// Throws InputError when gnuplot is missing or fails, or `dir` cannot be written.
PlotSet report_plots(const std::vector<SweepRow>& rows, const std::string& dir);

// How one numeric axis is drawn so its tick labels never run together: at most
// max_ticks labels, and when the values span under 1% of their size they are drawn
// relative to `offset` (named in the label, with the span as a note:
// "energy − 8500 [nJ] (all points within 0.2%)").
struct AxisLayout {
  double offset = 0, step = 0;  // step: between ticks (0 = a single value, one tick)
  std::string label;            // with the offset and the note when there is one
  std::string commands;         // gnuplot: tics, format, range
};
AxisLayout axis_layout(const std::string& axis, const std::vector<double>& values, const std::string& label,
                       const std::string& unit, int max_ticks = 6);

}  // namespace nmx
