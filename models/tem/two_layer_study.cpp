#include "tem/two_layer_study.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "core/error.hpp"
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
      if (!r.layer1.full_rank(ns.inputs)) ++row.underdetermined_runs;
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

std::string two_layer_gnuplot(const std::string& tsv_path, const std::string& png_path) {
  std::ostringstream g;
  g << "set terminal pngcairo size 800,500 noenhanced\n"
    << "set output '" << png_path << "'\n"
    << "set title 'Two-layer TEM recovery (2 -> 2 -> 4)'\n"
    << "set xlabel 'examples'\nset ylabel 'relative error / spike-time error (steps)'\n"
    << "set logscale xy\nset format y '%.0e'\nset key outside bottom center horizontal\nset grid\n"
    << "plot '" << tsv_path << "' using 1:5 skip 1 with linespoints title 'layer 1 |W1 est - W1|/|W1|', \\\n"
    << "     '' using 1:7 skip 1 with linespoints title 'layer 2 |W2 est - W2|/|W2|', \\\n"
    << "     '' using 1:9 skip 1 with linespoints title 'hidden spike time RMS, steps'\n";
  return g.str();
}

}  // namespace nmx::tem
