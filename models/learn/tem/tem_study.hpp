// The paper's synthetic experiment as curves (docs/tem.md): weight-recovery error
// ||Ŵ − W|| / ||W|| of a 20 -> 5 TEM layer against the number of examples (one curve per
// input-noise level) and against input noise (one curve per example count), averaged over
// independent teachers. Written as a TSV, a markdown table and gnuplot PNGs.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "tem/tem_teacher.hpp"

namespace nmx::tem {

struct StudyOptions {
  TeacherSpec teacher;  // 20 inputs, 5 neurons, 200-step examples, ~8 spikes per example
  std::vector<uint32_t> examples{1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 50, 100, 200};
  std::vector<double> example_noise{0, 1e-3, 1e-2};       // one error-vs-examples curve each
  std::vector<double> noise{1e-5, 1e-4, 1e-3, 1e-2, 1e-1};  // error-vs-noise x axis
  std::vector<uint32_t> noise_examples{10, 100};          // one error-vs-noise curve each
  uint32_t trials = 5;                                     // teachers per point
  uint64_t seed = 1;
  std::function<void(size_t done, size_t total)> progress;
};

struct StudyRow {
  std::string curve;  // "examples" or "noise"
  uint32_t examples = 0;
  double noise = 0;
  double error_mean = 0, error_max = 0;  // over the trials (geometric mean for error_mean)
  int min_rank = 0;                      // smallest constraint rank of any neuron and trial
};

std::vector<StudyRow> single_layer_study(const StudyOptions& opt);

// DIR/tem-single-layer.tsv, DIR/tem-vs-examples.png, DIR/tem-vs-noise.png; returns the PNGs.
std::vector<std::string> write_single_layer_plots(const std::vector<StudyRow>& rows, const StudyOptions& opt,
                                                  const std::string& dir);
// The rows as a markdown table (error against examples, then against noise).
std::string markdown_table(const std::vector<StudyRow>& rows, uint32_t inputs);

}  // namespace nmx::tem
