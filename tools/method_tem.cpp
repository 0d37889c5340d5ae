// Time-encoding machines (docs/tem.md): `nmx train tem` (least-squares recovery),
// `nmx tem study` (the curves of K. Adam, ICASSP 2022), `nmx tem compare` (spike times, continuous vs chip).
#include <cstdio>
#include <fstream>
#include <string>

#include "commands.hpp"
#include "option_ranges.hpp"
#include "output_paths.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "hw/hw_config.hpp"
#include "net/network_io.hpp"
#include "map/target_hw.hpp"
#include "progress.hpp"
#include "tem/observations_io.hpp"
#include "tem/tem_chip.hpp"
#include "tem/tem_study.hpp"
#include "tem/tem_teacher.hpp"
#include "tem/two_layer_study.hpp"

namespace nmx::cli {
namespace {

struct TrainTemArgs {
  std::string output, observations, write_observations;
  tem::TeacherSpec teacher;
  uint32_t examples = 20, steps = 0;
  double noise = 0;
  bool allow_underdetermined = false, fit_bias = false;
};

void print_fit(const tem::Fit& f, const tem::Observations& obs) {
  for (uint32_t j = 0; j < obs.neurons; ++j) {
    const tem::NeuronFit& n = f.neurons[j];
    std::printf("  neuron %u: %zu spike intervals, rank %d of %d, residual rms %.3g", j, n.constraints, n.rank,
                f.unknowns, n.residual_rms);
    if (f.unknowns > static_cast<int>(obs.inputs)) std::printf(", bias %.6g", f.bias[j]);
    std::printf("\n");
  }
}

void train_tem(const TrainTemArgs& a) {
  tem::Observations obs;
  const bool synthetic = a.observations.empty();
  tem::Teacher teacher;
  if (synthetic) {
    tem::TeacherSpec spec = a.teacher;
    spec.signal.channels = spec.inputs;
    teacher = tem::make_teacher(spec);
    obs = tem::observe(teacher, spec, a.examples, a.noise, spec.seed + 104729);
    std::printf("nmx train tem: synthetic teacher (seed %llu), %u inputs -> %u neurons, %u examples of %u steps, "
                "input noise std %g\n",
                static_cast<unsigned long long>(spec.seed), spec.inputs, spec.neurons, a.examples, spec.signal.steps,
                a.noise);
    if (!a.write_observations.empty()) {
      tem::write_observations(obs, a.write_observations);
      std::printf("wrote %s\n", a.write_observations.c_str());
    }
  } else {
    obs = tem::read_observations(a.observations);
    std::printf("nmx train tem: %s, %u inputs -> %u neurons, %zu examples\n", a.observations.c_str(), obs.inputs,
                obs.neurons, obs.signals.size());
  }
  tem::FitOptions fo;
  fo.allow_underdetermined = a.allow_underdetermined;
  fo.fit_bias = a.fit_bias;
  const tem::Fit f = tem::fit(obs, fo);
  print_fit(f, obs);
  if (synthetic) {
    std::printf("recovery error ||W_est - W|| / ||W|| = %.3e\n", tem::relative_error(f.w, teacher.w));
    if (a.fit_bias) {
      const Eigen::Map<const Eigen::VectorXd> est(f.bias.data(), f.bias.size()), truth(teacher.bias.data(), teacher.bias.size());
      std::printf("bias recovery error ||b_est - b|| / ||b|| = %.3e\n", (est - truth).norm() / truth.norm());
    }
  }
  if (!f.full_rank()) std::printf("warning: under-determined; the minimum-norm solution was written\n");
  const uint32_t steps = a.steps ? a.steps : obs.signals.front().steps();
  const Network net = tem::make_network({f.w, f.bias, obs.theta}, steps, "tem");
  write_network(net, a.output);
  std::printf("wrote %s (%u steps per sample)\n", a.output.c_str(), steps);
}

void print_error(const char* what, const tem::TimeError& e) {
  std::printf("  %-26s %9zu %10zu %9.3f %9.3f %9.3f %+9.3f\n", what, e.matched, e.unmatched, e.mean_abs, e.rms, e.max_abs,
              e.mean_signed);
}

}  // namespace

void add_train_tem(CLI::App& train) {
  static TrainTemArgs a;
  auto* sub = train.add_subcommand("tem", "time-encoding neurons: recover input weights from spike times by least squares");
  sub->add_option("-o,--output", a.output, "float network file to write (.h5)")->required()->check(OutputFile);
  sub->add_option("--observations", a.observations, "signals and spike times (JSON, docs/formats.md); default: a "
                                                    "synthetic teacher");
  sub->add_option("--write-observations", a.write_observations, "with the synthetic teacher: also write its observations")
      ->check(OutputFile);
  sub->add_option("--inputs", a.teacher.inputs, "synthetic: input channels")->check(CLI::Range(1u, 4096u));
  sub->add_option("--neurons", a.teacher.neurons, "synthetic: TEM neurons")->check(CLI::Range(1u, 4096u));
  sub->add_option("--examples", a.examples, "synthetic: examples")->check(CLI::Range(1u, 1000000u));
  sub->add_option("--example-steps", a.teacher.signal.steps, "synthetic: timesteps per example")
      ->check(CLI::Range(2u, 100000u));
  sub->add_option("--spikes-per-example", a.teacher.spikes_per_example, "synthetic: sets theta so a neuron fires about "
                                                                         "this often per example")
      ->check(CLI::PositiveNumber);
  sub->add_option("--noise", a.noise, "synthetic: std of Gaussian noise on the signals the learner sees")
      ->check(CLI::Range(0.0, 10.0));
  sub->add_option("--seed", a.teacher.seed, "synthetic: teacher and signal seed")->check(full_range<uint64_t>());
  sub->add_option("--steps", a.steps, "timesteps per sample of the written network (default: the first example's)")
      ->check(CLI::Range(1u, 100000u));
  sub->add_flag("--fit-bias", a.fit_bias, "estimate each neuron's bias too (then the observations need none)");
  sub->add_flag("--allow-underdetermined", a.allow_underdetermined, "write the minimum-norm solution when the "
                                                                    "constraints do not determine the weights");
  sub->callback([] { train_tem(a); });
}

void add_tem(CLI::App& app) {
  auto* tem = app.add_subcommand("tem", "time-encoding machines: recovery study, spike-time error on the chip");
  tem->require_subcommand(1);

  static tem::StudyOptions so;
  static std::string out_dir;
  static bool no_progress = false;
  auto* study = tem->add_subcommand("study", "the synthetic experiment of K. Adam, \"Training spiking neurons as "
                                             "time-encoding machines\", ICASSP 2022 (arXiv 2110.06735): recovery "
                                             "error against examples and input noise (TSV, markdown, PNG)");
  study->add_option("--out", out_dir, "output directory")->required()->check(OutputDir);
  study->add_option("--trials", so.trials, "teachers per point")->check(CLI::Range(1u, 1000u));
  study->add_option("--seed", so.seed, "seed")->check(full_range<uint64_t>());
  study->add_flag("--no-progress", no_progress, "no progress bar");
  study->callback([] {
    Progress progress("points", !no_progress);
    so.progress = [&](size_t d, size_t t) { progress(d, t); };
    const auto rows = tem::single_layer_study(so);
    auto pngs = tem::write_single_layer_plots(rows, so, out_dir);
    const std::string table = tem::markdown_table(rows, so.teacher.inputs);
    write_atomically(out_dir + "/tem-single-layer.md", [&](const std::string& tmp) { std::ofstream(tmp) << table; });
    std::printf("Single layer (%u -> %u):\n%s", so.teacher.inputs, so.teacher.neurons, table.c_str());
    // Two layers (2 -> 2 -> 4): noise-free, and with jitter on the observed output times.
    const std::vector<double> noises{0, 1e-5, 1e-4, 1e-3};
    std::vector<std::vector<tem::TwoLayerStudyRow>> two;
    for (double noise : noises) {
      tem::TwoLayerStudySpec ts;
      ts.teachers = so.trials;
      ts.seed = so.seed;
      ts.time_noise = noise;
      if (noise > 0) ts.consistency_tol = 1e-2;  // docs/tem-two-layer.md
      two.push_back(tem::two_layer_study(ts));
    }
    const auto two_pngs = tem::write_two_layer_plots(noises, two, out_dir);
    pngs.insert(pngs.end(), two_pngs.begin(), two_pngs.end());
    const std::string two_table = tem::two_layer_markdown(noises, two);
    write_atomically(out_dir + "/tem-two-layer.md", [&](const std::string& tmp) { std::ofstream(tmp) << two_table; });
    std::printf("\nTwo layers (2 -> 2 -> 4):\n%s", two_table.c_str());
    for (const auto& p : pngs) std::printf("wrote %s\n", p.c_str());
  });

  static std::string network, hw;
  static uint32_t examples = 20;
  static uint64_t seed = 2;
  auto* cmp = tem->add_subcommand("compare", "spike times of a quantised TEM network: continuous encoder vs L0 vs L1");
  cmp->add_option("network", network, "quantised TEM network (.h5)")->required();
  cmp->add_option("--hw", hw, "hardware configuration JSON (default: the one the network was quantised for, else built-in)");
  cmp->add_option("--examples", examples, "test signals")->check(CLI::Range(1u, 1000000u));
  cmp->add_option("--seed", seed, "test-signal seed")->check(full_range<uint64_t>());
  cmp->callback([] {
    const Network net = read_network(network);
    const tem::TimingReport r = tem::compare_levels(net, target_hw(net, network, hw), examples, seed, network);
    std::printf("nmx tem compare %s: %u test signals of %u steps; spikes: continuous %zu, L0 %zu, L1 %zu\n",
                network.c_str(), r.examples, r.steps, r.spikes_continuous, r.spikes_l0, r.spikes_l1);
    std::printf("  spike-time error in timesteps (dt); a discrete spike in step t counts at t + 1\n");
    std::printf("  %-26s %9s %10s %9s %9s %9s %9s\n", "", "matched", "unmatched", "mean|e|", "rms", "max|e|", "mean e");
    print_error("L0 vs continuous", r.l0_vs_continuous);
    print_error("L1 vs continuous", r.l1_vs_continuous);
    print_error("L1 vs L0", r.l1_vs_l0);
  });
}

}  // namespace nmx::cli
