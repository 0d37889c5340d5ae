// `nmx train delay` (models/learn/delay, docs/delay.md).
#include <cstdio>
#include <string>

#include "commands.hpp"
#include "option_ranges.hpp"
#include "output_paths.hpp"
#include "core/error.hpp"
#include "net/network_io.hpp"
#include "progress.hpp"
#include "train_loop_options.hpp"
#include "delay/delay_trainer.hpp"

namespace nmx::cli {
namespace {

struct TrainArgs {
  DelayTrainOptions o;
  std::string output, hidden = "800", weights = "ternary", learn = "delays", schedule = "constant";
  std::string neuron = "datapath", ref_kernel = "alpha";
  bool no_progress = false;
};

}  // namespace

void add_train_delay(CLI::App& train) {
  static TrainArgs a;
  auto* sub = train.add_subcommand("delay", "delay-only training: frozen random weights, trained per-synapse delays");
  DelayTrainOptions& o = a.o;
  sub->add_option("-o,--output", a.output, "float network file to write (.h5)")->required()->check(OutputFile);
  sub->add_option("--data", o.dataset, "dataset")->check(CLI::IsMember({"fashion-mnist", "mnist"}));
  sub->add_option("--data-dir", o.data_dir, "dataset directory (default: the installed one)");
  sub->add_option("--limit", o.train_limit, "first K training samples (0 = all)")
      ->check(CLI::Range(size_t{0}, size_t{60000}));
  sub->add_option("--eval", o.eval_limit, "test samples evaluated after each epoch (0 = all)")
      ->check(CLI::Range(size_t{0}, size_t{10000}));
  sub->add_option("--hidden", o.shape.hidden, "hidden neurons")->check(CLI::Range(1u, 100000u));
  sub->add_option("--weights", a.weights, "frozen weights: ternary codes x scale, or gaussian")
      ->check(CLI::IsMember({"ternary", "gaussian"}));
  sub->add_option("--learn", a.learn, "what is trained: delays (weights frozen), or weights (delays zero: the baseline)")
      ->check(CLI::IsMember({"delays", "weights"}));
  sub->add_option("--gain", o.hidden_gain, "hidden weight scale relative to theta / sqrt(active fan-in)")
      ->check(CLI::Range(0.0, 1e6));
  sub->add_option("--theta", o.neuron.theta, "hidden threshold")->check(CLI::PositiveNumber);
  sub->add_option("--neuron", a.neuron, "hidden neuron model: the chip's datapath, or SRM-alpha (docs/delay.md)")
      ->check(CLI::IsMember({"datapath", "srm-alpha"}));
  sub->add_option("--tau", o.neuron.du, "datapath: hidden decay per step du = dv (alpha response)")
      ->check(CLI::Range(0.0, 1.0));
  // SRM-alpha's kernels (defaults: SLAYER's SRMALPHA, net/network.hpp SrmParams).
  sub->add_option("--srm-tau", o.neuron.srm.tau, "srm-alpha: PSP time constant, steps")->check(CLI::PositiveNumber);
  sub->add_option("--tau-ref", o.neuron.srm.tau_ref, "srm-alpha: refractory time constant, steps")
      ->check(CLI::PositiveNumber);
  sub->add_option("--ref-kernel", a.ref_kernel, "srm-alpha: refractory kernel shape")
      ->check(CLI::IsMember({"alpha", "exponential"}));
  sub->add_option("--ref-scale", o.neuron.srm.ref_scale, "srm-alpha: refractory amplitude, thresholds")
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--logit-scale", o.neuron.logit_scale, "logits = scale x output membrane")->check(CLI::Range(0.0, 1e6));
  sub->add_option("--max-delay", o.max_delay, "delays in [0, max] (D - 1 of the target chip)")->check(CLI::Range(0u, 63u));
  sub->add_option("--init-delay", o.init_delay, "initial delays uniform in (0, x]")->check(CLI::PositiveNumber);
  sub->add_option("--lr", o.lr, "Adam learning rate")->check(CLI::PositiveNumber);
  sub->add_option("--lr-schedule", a.schedule, "learning rate: constant, or cosine (decayed to 0 over --epochs)")
      ->check(CLI::IsMember({"constant", "cosine"}));
  sub->add_option("--weight-decay", o.weight_decay, "decoupled weight decay (AdamW), --learn weights only")
      ->check(CLI::Range(0.0, 1.0));
  sub->add_option("--augment-shift", o.augment_shift, "shift training samples by up to N pixels (0 = none)")
      ->check(CLI::Range(0u, 4u));
  sub->add_option("--seed", o.seed, "random seed (frozen weights, initial delays, sample order)")
      ->check(full_range<uint64_t>());
  add_train_loop_options(sub, o, a.no_progress);
  sub->callback([sub] {
    DelayTrainOptions& o = a.o;
    // Each model's own options are refused with the other model.
    const bool srm = a.neuron == "srm-alpha";
    for (const char* opt : {"--srm-tau", "--tau-ref", "--ref-kernel", "--ref-scale"})
      if (!srm && sub->count(opt))
        throw InputError(std::string("train delay: ") + opt +
                         " applies to --neuron srm-alpha only (this run: datapath)");
    if (srm && sub->count("--tau"))
      throw InputError("train delay: --tau is the datapath's decay; --neuron srm-alpha takes --srm-tau (steps)");
    o.neuron.model = srm ? NeuronModel::SrmAlpha : NeuronModel::Datapath;
    o.neuron.srm.ref_kernel = a.ref_kernel == "exponential" ? RefractoryKernel::Exponential : RefractoryKernel::Alpha;
    o.ternary = a.weights == "ternary";
    o.train_weights = a.learn == "weights";
    o.cosine_lr = a.schedule == "cosine";
    o.neuron.dv = o.neuron.du;
    Progress progress("epoch", !a.no_progress);
    o.progress = epoch_progress(progress, o.epochs);
    std::printf("nmx train delay: %s, %u-%u-%u, learning %s (%s initial weights), delays in [0, %u], Adam lr %g (%s), "
                "batch %u, weight decay %g, shifts up to %u px\n",
                o.dataset.c_str(), o.shape.inputs, o.shape.hidden, o.shape.outputs, a.learn.c_str(), a.weights.c_str(),
                o.max_delay, o.lr, a.schedule.c_str(), o.batch, o.weight_decay, o.augment_shift);
    if (srm)
      std::printf("  hidden neurons srm-alpha: tau %g, %s refractory kernel, tau_ref %g, scale %g; input->hidden "
                  "delays in [0, %u]\n",
                  o.neuron.srm.tau, a.ref_kernel.c_str(), o.neuron.srm.tau_ref, o.neuron.srm.ref_scale,
                  input_delay_limit(o));
    const DelayTrainResult r = train_delays(o, [](const EpochReport& e) {
      std::printf("  epoch %3u  loss %.4f  train acc %6.2f%%  test acc %6.2f%%  hidden spikes/sample %7.1f  %.1f s\n",
                  e.epoch, e.train_loss, 100 * e.train_accuracy, 100 * e.eval_accuracy, e.hidden_spikes_per_sample,
                  e.seconds);
      std::fflush(stdout);
    });
    if (r.resumed_from_epoch) std::printf("  (resumed from epoch %u of %s)\n", r.resumed_from_epoch, o.checkpoint.c_str());
    write_network(r.network, a.output);
    std::printf("wrote %s\n", a.output.c_str());
  });
}

}  // namespace nmx::cli
