#include "tem/two_layer_study.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "core/gnuplot.hpp"
#include "tem/tem_fit.hpp"

namespace nmx::tem {
namespace {

using Trains = std::vector<std::vector<double>>;  // [h] spike times

TwoLayerObservations first_examples(const TwoLayerObservations& all, uint32_t n) {
  TwoLayerObservations o = all;
  o.signals.resize(n);
  o.output_spikes.resize(n);
  return o;
}

struct RunScore {
  double e1 = 0, e2 = 0;
  std::vector<double> dt;  // per matched hidden spike, steps
  uint32_t mismatches = 0, misassigned = 0;
};

RunScore score(const Recovery& r, const TwoLayerNet& net, const std::vector<Trains>& truth) {
  RunScore s;
  // Hidden neurons are only known up to order: keep the better of the two permutations.
  Eigen::MatrixXd p = Eigen::MatrixXd::Identity(2, 2);
  int swap = 0;
  double best = std::numeric_limits<double>::infinity();
  for (int sw = 0; sw < 2; ++sw) {
    const Eigen::MatrixXd q = sw ? Eigen::MatrixXd{{0, 1}, {1, 0}} : Eigen::MatrixXd::Identity(2, 2);
    const double e1 = relative_error(q * r.w1, net.w1), e2 = relative_error(r.w2 * q, net.w2);
    if (e1 + e2 < best) best = e1 + e2, s.e1 = e1, s.e2 = e2, swap = sw, p = q;
  }
  const double T = net.kernel.period;
  for (size_t e = 0; e < truth.size(); ++e) {
    if (!r.rejected[e].empty()) continue;
    size_t count = 0;
    for (const auto& tr : truth[e]) count += tr.size();
    if (count != r.spike_times[e].size()) {
      ++s.mismatches;
      continue;
    }
    for (size_t h = 0; h < truth[e].size(); ++h)
      for (double tau : truth[e][h]) {
        size_t nearest = 0;
        double d = std::numeric_limits<double>::infinity();
        for (size_t n = 0; n < r.spike_times[e].size(); ++n) {
          const double a = std::abs(r.spike_times[e][n] - tau), circ = std::min(a, T - a);
          if (circ < d) d = circ, nearest = n;
        }
        s.dt.push_back(d);
        if ((r.spike_neuron[e][nearest] ^ swap) != static_cast<int>(h)) ++s.misassigned;
      }
  }
  return s;
}

}  // namespace

std::vector<TwoLayerStudyRow> two_layer_study(const TwoLayerStudySpec& spec) {
  if (spec.examples.empty() || spec.teachers == 0) throw InputError("two-layer study: need example counts and >= 1 teacher");
  const uint32_t most = *std::max_element(spec.examples.begin(), spec.examples.end());
  std::vector<TwoLayerStudyRow> rows(spec.examples.size());
  std::vector<std::vector<double>> dts(spec.examples.size());
  for (uint32_t s = 0; s < spec.teachers; ++s) {
    TwoLayerSpec ns = spec.net;
    ns.seed = spec.seed + s;
    const TwoLayerNet net = make_two_layer_teacher(ns);
    std::vector<TwoLayerTrace> traces;
    const TwoLayerObservations all = observe_two_layer(net, ns, most, spec.seed * 7919 + s, spec.time_noise, &traces);
    std::vector<Trains> truth;
    for (const auto& tr : traces) truth.push_back(tr.hidden);
    for (size_t i = 0; i < spec.examples.size(); ++i) {
      const uint32_t n = spec.examples[i];
      TwoLayerStudyRow& row = rows[i];
      row.examples = n;
      for (uint32_t e = 0; e < n; ++e) {
        row.min_output_drive = std::min(row.min_output_drive, traces[e].min_drive);
        size_t fewest = traces[e].output[0].size();
        for (const auto& o : traces[e].output) fewest = std::min(fewest, o.size());
        row.min_output_spikes = std::min<uint32_t>(row.min_output_spikes, static_cast<uint32_t>(fewest));
        size_t k = 0;
        for (const auto& h : traces[e].hidden) k += h.size();
        row.max_hidden_spikes = std::max<uint32_t>(row.max_hidden_spikes, static_cast<uint32_t>(k));
      }
      RecoveryOptions opt;
      opt.skip_failed_examples = true;
      opt.consistency_tol = spec.consistency_tol;
      opt.min_separation = spec.min_separation;
      if (spec.known_count)
        for (uint32_t e = 0; e < n; ++e) opt.counts.push_back(static_cast<int>(truth[e][0].size() + truth[e][1].size()));
      Recovery r;
      try {
        r = recover(first_examples(all, n), opt);
      } catch (const InputError& err) {
        if (row.first_failure.empty()) row.first_failure = err.what();
        ++row.failed_runs;
        row.rejected_examples += n;
        continue;
      }
      for (const auto& why : r.rejected)
        if (row.first_failure.empty() && !why.empty()) row.first_failure = why;
      const std::vector<Trains> t(truth.begin(), truth.begin() + n);
      const RunScore sc = score(r, net, t);
      ++row.runs;
      if (!r.layer1.full_rank()) ++row.underdetermined_runs;
      row.layer1_error += sc.e1;
      row.layer2_error += sc.e2;
      row.layer1_error_max = std::max(row.layer1_error_max, sc.e1);
      row.layer2_error_max = std::max(row.layer2_error_max, sc.e2);
      row.used_examples += static_cast<uint32_t>(r.used_examples);
      row.rejected_examples += n - static_cast<uint32_t>(r.used_examples);
      row.count_mismatches += sc.mismatches;
      row.misassigned_spikes += sc.misassigned;
      dts[i].insert(dts[i].end(), sc.dt.begin(), sc.dt.end());
    }
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    TwoLayerStudyRow& row = rows[i];
    if (row.runs > 0) row.layer1_error /= row.runs, row.layer2_error /= row.runs;
    double ss = 0;
    for (double d : dts[i]) ss += d * d, row.spike_time_error_max = std::max(row.spike_time_error_max, d);
    row.spike_time_error = dts[i].empty() ? 0 : std::sqrt(ss / static_cast<double>(dts[i].size()));
  }
  return rows;
}

void write_two_layer_tsv(std::ostream& out, const std::vector<TwoLayerStudyRow>& rows) {
  out << "examples\truns\tfailed_runs\tunderdetermined_runs\tlayer1_error\tlayer1_error_max\tlayer2_error\tlayer2_error_max\t"
         "spike_time_error\tspike_time_error_max\tused_examples\trejected_examples\tcount_mismatches\t"
         "misassigned_spikes\tmin_output_drive\tmin_output_spikes\tmax_hidden_spikes\n";
  const auto flags = out.flags();
  const auto prec = out.precision(6);
  out << std::scientific;
  for (const auto& r : rows)
    out << r.examples << '\t' << r.runs << '\t' << r.failed_runs << '\t' << r.underdetermined_runs << '\t' << r.layer1_error << '\t' << r.layer1_error_max
        << '\t' << r.layer2_error << '\t' << r.layer2_error_max << '\t' << r.spike_time_error << '\t'
        << r.spike_time_error_max << '\t' << r.used_examples << '\t' << r.rejected_examples << '\t'
        << r.count_mismatches << '\t' << r.misassigned_spikes << '\t' << r.min_output_drive << '\t'
        << r.min_output_spikes << '\t' << r.max_hidden_spikes << '\n';
  out.flags(flags);
  out.precision(prec);
}

std::vector<std::string> write_two_layer_plots(const std::vector<double>& noises,
                                               const std::vector<std::vector<TwoLayerStudyRow>>& rows,
                                               const std::string& dir) {
  require_gnuplot();
  std::filesystem::create_directories(dir);
  std::ostringstream files, names;
  for (size_t i = 0; i < noises.size(); ++i) {
    char name[64];
    std::snprintf(name, sizeof name, "tem-two-layer-noise%g.tsv", noises[i]);
    const std::string path = dir + "/" + name;
    std::ofstream out(path);
    write_two_layer_tsv(out, rows[i]);
    files << (i ? " " : "") << path;
    names << (i ? " " : "") << noises[i];
  }
  const std::string png = dir + "/tem-two-layer.png", gp = dir + "/tem-two-layer.gp";
  std::ofstream g(gp);
  // Columns of write_two_layer_tsv: 1 examples, 5 layer-1 error, 7 layer-2 error.
  g << "set terminal pngcairo size 1200,520 font 'sans,12'\nset output '" << png << "'\n"
    << "files = '" << files.str() << "'\nnoises = '" << names.str() << "'\n"
    << "set grid\nset logscale xy\nset format y '10^{%L}'\nset key left center box opaque\nset autoscale xfix\n"
    << "set xlabel 'number of examples'\n"
    << "set multiplot layout 1,2 title \"Two-layer TEM recovery (2 -> 2 -> 4), mean of "
    << (rows.empty() || rows[0].empty() ? 0 : rows[0][0].runs + rows[0][0].failed_runs)
    << " teachers; noise = std of jitter on the observed output spike times [steps]\"\n"
    << "set title 'layer 1 (inputs -> hidden)'\nset ylabel 'relative error ||W1_{est} - W1|| / ||W1||'\n"
    << "plot for [i=1:words(files)] word(files, i) using 1:5 skip 1 with linespoints lw 2 pt 7 "
    << "title sprintf('noise %s', word(noises, i))\n"
    << "set title 'layer 2 (hidden -> outputs)'\nset ylabel 'relative error ||W2_{est} - W2|| / ||W2||'\n"
    << "plot for [i=1:words(files)] word(files, i) using 1:7 skip 1 with linespoints lw 2 pt 7 "
    << "title sprintf('noise %s', word(noises, i))\n"
    << "unset multiplot\n";
  g.close();
  run_gnuplot(gp);
  return {png};
}

std::string two_layer_markdown(const std::vector<double>& noises, const std::vector<std::vector<TwoLayerStudyRow>>& rows) {
  std::ostringstream s;
  s << "| output-time noise [steps] | examples | layer-1 error | layer-2 error | hidden spike time RMS [steps] | "
       "failed runs | rejected examples |\n|---|---|---|---|---|---|---|\n";
  char buf[200];
  for (size_t i = 0; i < noises.size(); ++i)
    for (const auto& r : rows[i]) {
      std::snprintf(buf, sizeof buf, "| %g | %u | %.2e | %.2e | %.2e | %u | %u |\n", noises[i], r.examples,
                    r.layer1_error, r.layer2_error, r.spike_time_error, r.failed_runs, r.rejected_examples);
      s << buf;
    }
  return s.str();
}

}  // namespace nmx::tem
