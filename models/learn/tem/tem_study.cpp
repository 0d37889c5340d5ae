#include "tem/tem_study.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/gnuplot.hpp"
#include "core/interrupt.hpp"

namespace nmx::tem {
namespace {

StudyRow point(const StudyOptions& opt, const std::string& curve, uint32_t examples, double noise) {
  StudyRow r{curve, examples, noise};
  double log_sum = 0;
  r.min_rank = static_cast<int>(opt.teacher.inputs);
  FitOptions fo;
  fo.allow_underdetermined = true;  // the curve shows what too few examples give
  for (uint32_t trial = 0; trial < opt.trials; ++trial) {
    TeacherSpec spec = opt.teacher;
    spec.seed = opt.seed * 7919 + trial;
    const Teacher teacher = make_teacher(spec);
    const Fit f = fit(observe(teacher, spec, examples, noise, spec.seed + 104729), fo);
    const double e = std::max(relative_error(f.w, teacher.w), 1e-16);
    log_sum += std::log10(e);
    r.error_max = std::max(r.error_max, e);
    for (const auto& n : f.neurons) r.min_rank = std::min(r.min_rank, n.rank);
  }
  r.error_mean = std::pow(10.0, log_sum / opt.trials);
  return r;
}

}  // namespace

std::vector<StudyRow> single_layer_study(const StudyOptions& opt) {
  std::vector<StudyRow> rows;
  const size_t total = opt.example_noise.size() * opt.examples.size() + opt.noise_examples.size() * opt.noise.size();
  auto tick = [&] {
    throw_if_interrupted();
    if (opt.progress) opt.progress(rows.size(), total);
  };
  for (double noise : opt.example_noise)
    for (uint32_t e : opt.examples) rows.push_back(point(opt, "examples", e, noise)), tick();
  for (uint32_t e : opt.noise_examples)
    for (double noise : opt.noise) rows.push_back(point(opt, "noise", e, noise)), tick();
  return rows;
}

std::vector<std::string> write_single_layer_plots(const std::vector<StudyRow>& rows, const StudyOptions& opt,
                                                  const std::string& dir) {
  require_gnuplot();
  std::filesystem::create_directories(dir);
  const std::string tsv = dir + "/tem-single-layer.tsv";
  {
    std::ofstream t(tsv);
    t << "# curve\texamples\tnoise\terror_geomean\terror_max\tmin_rank\n";
    // One gnuplot data block per curve (blank-line pairs separate them).
    std::string last;
    for (const auto& r : rows) {
      const std::string key = r.curve + (r.curve == "examples" ? std::to_string(r.noise) : std::to_string(r.examples));
      if (!last.empty() && key != last) t << "\n\n";
      last = key;
      t << r.curve << "\t" << r.examples << "\t" << r.noise << "\t" << r.error_mean << "\t" << r.error_max << "\t"
        << r.min_rank << "\n";
    }
  }
  std::ostringstream noises, counts;
  for (double n : opt.example_noise) noises << (noises.tellp() ? " " : "") << n;
  for (uint32_t e : opt.noise_examples) counts << (counts.tellp() ? " " : "") << e;
  const std::string ex_png = dir + "/tem-vs-examples.png", noise_png = dir + "/tem-vs-noise.png";
  const std::string gp = dir + "/tem-single-layer.gp";
  std::ofstream g(gp);
  g << "set terminal pngcairo size 900,600 font 'sans,12'\nset grid\nset logscale y\nset format y '10^{%L}'\n"
    << "set ylabel 'weight recovery error ||W_{est} - W|| / ||W||'\n"
    << "set output '" << ex_png << "'\n"
    << "set title \"TEM least squares, " << opt.teacher.inputs << " inputs -> " << opt.teacher.neurons
    << " neurons: error against examples\\n(" << opt.teacher.signal.steps
    << "-step examples, geometric mean over " << opt.trials << " random teachers)\"\n"
    << "set xlabel 'number of examples'\nset logscale x\nset autoscale xfix\nset key top right\n"
    << "noises = '" << noises.str() << "'\n"
    << "plot for [i=1:words(noises)] '" << tsv << "' index (i-1) using 2:4 with linespoints lw 2 pt 7 "
    << "title sprintf('input noise std %s', word(noises, i))\n"
    << "set output '" << noise_png << "'\n"
    << "set title \"TEM least squares: error against input noise\\n(additive Gaussian noise on the learner's copy of "
       "signals in [0.05, 0.95])\"\n"
    << "set xlabel 'input noise standard deviation'\nset format x '10^{%L}'\nset key top left\n"
    << "counts = '" << counts.str() << "'\n"
    << "plot for [i=1:words(counts)] '" << tsv << "' index (words(noises) + i - 1) using 3:4 with linespoints lw 2 pt 7 "
    << "title sprintf('%s examples', word(counts, i))\n";
  g.close();
  run_gnuplot(gp);
  return {ex_png, noise_png};
}

std::string markdown_table(const std::vector<StudyRow>& rows, uint32_t inputs) {
  std::ostringstream s;
  char buf[160];
  s << "| curve | examples | input noise std | error (geometric mean) | error (worst trial) | min rank (of " << inputs
    << ") |\n|---|---|---|---|---|---|\n";
  for (const auto& r : rows) {
    std::snprintf(buf, sizeof buf, "| %s | %u | %g | %.2e | %.2e | %d |\n", r.curve == "examples" ? "vs examples" : "vs noise",
                  r.examples, r.noise, r.error_mean, r.error_max, r.min_rank);
    s << buf;
  }
  return s.str();
}

}  // namespace nmx::tem
