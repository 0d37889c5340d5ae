#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "commands.hpp"
#include "option_ranges.hpp"
#include "output_paths.hpp"
#include "core/error.hpp"
#include "gen/generate.hpp"
#include "hw/hw_config.hpp"
#include "net/network_io.hpp"
#include "ladder/quant_ladder.hpp"
#include "quant/quantize.hpp"
#include "data/dataset.hpp"
#include "map/chip_image.hpp"
#include "progress.hpp"
#include "readout/readout_fit.hpp"
#include "data/dataset.hpp"

namespace nmx::cli {
namespace {

void print_quantize_report(const Network& net, const QuantizeReport& rep) {
  for (size_t p = 0; p < net.populations.size(); ++p)
    if (!net.populations[p].is_input())
      std::printf("  population %-10s lsb = %.6g (theta = %d LSBs)\n", net.populations[p].name.c_str(), rep.lsb[p],
                  net.populations[p].fixed.theta.empty() ? 0 : net.populations[p].fixed.theta[0]);
  const DatapathMapReport& m = rep.datapath;
  for (const std::string& name : m.populations) {
    const Population& pop = *std::find_if(net.populations.begin(), net.populations.end(),
                                          [&](const Population& p) { return p.name == name; });
    std::printf("  population %-10s srm_alpha mapped onto the datapath: du = dv = %.6g, reset %s, refrac %u\n", name.c_str(),
                pop.real.du.empty() ? 0.0 : pop.real.du[0], pop.reset.empty() || pop.reset[0] == ResetMode::Subtract ? "subtract" : "zero",
                pop.refrac.empty() ? 0u : unsigned{pop.refrac[0]});
  }
  if (!m.populations.empty())
    std::printf("  datapath mapping: weights into it x e^(1-1/tau)/tau, %zu delays + 1 step (%zu clipped); %s\n",
                m.shifted_delays, m.clipped_delays, m.exact ? "exact" : ("approximate: " + m.approximation).c_str());
  for (const auto& pq : rep.projections)
    std::printf("  projection %-10s scale = %u * 2^%u, weight error %.3g (relative L2), %zu delays clipped\n",
                pq.name.c_str(), pq.scale.mant, pq.scale.exp, pq.weight_rel_error, pq.clipped_delays);
  for (const auto& mq : rep.modes)
    std::printf("  modes      %-10s shifts out/lambda/in = %d/%d/%d, matrix error %.3g (relative L2)\n", mq.name.c_str(),
                mq.shift_out, mq.shift_lambda, mq.shift_in, mq.rel_error);
  std::fflush(stdout);
  for (const std::string& w : rep.warnings) std::fprintf(stderr, "nmx: warning: %s\n", w.c_str());
}

Network quantize_and_map(const Network& net, const QuantizeOptions& q, const std::string& hw_path) {
  const HwConfig hw = hw_config_or_default(hw_path);
  QuantizeReport rep;
  Network out = quantize_for_chip(net, q, hw, &rep);
  print_quantize_report(out, rep);
  std::printf("  mapped onto %zu cores (N=%u, A=%u, D=%u, WB=%u)\n", out.mapping.size(), hw.core.neurons,
              hw.core.axons, hw.core.delay_slots, hw.core.weight_bits);
  return out;
}

}  // namespace

void add_generate(CLI::App& app) {
  static GenerateOptions g;
  static std::string out, encoder = "latency", hw;
  static bool gaussian = false, quant = false;
  static QuantizeOptions q;
  static size_t fit_samples = 0;
  static ReadoutFitOptions fit_opt;
  static std::string fit_data = "fashion-mnist", data_dir;
  static bool no_progress = false;
  auto* sub = app.add_subcommand("generate", "generate a random heterogeneous delay network");
  sub->add_option("-o,--output", out, "network file to write (.h5)")->required()->check(OutputFile);
  sub->add_option("--layers", g.layers, "layer sizes, input first")->delimiter(',')->check(CLI::Range(1u, 1000000u));
  sub->add_flag("--gaussian", gaussian, "Gaussian float weights instead of ternary");
  sub->add_option("--connectivity", g.connectivity, "synapse density (1 = dense)")->check(CLI::Range(0.0, 1.0));
  sub->add_option("--max-delay", g.max_delay, "delays uniform in [0, max]")->check(CLI::Range(0, 63));
  sub->add_option("--gain", g.weight_gain, "weight scale relative to theta/sqrt(active fan-in)")
      ->check(CLI::Range(0.0, 1e6));
  sub->add_option("--stochastic", g.stochastic_fraction, "fraction of stochastic neurons")->check(CLI::Range(0.0, 1.0));
  sub->add_option("--modes", g.modes, "a low-rank recurrence of P modes on the first neuron layer (0 = none)")
      ->check(CLI::Range(0, 16));
  sub->add_option("--mode-gain", g.mode_gain, "with --modes: feedback strength relative to theta")->check(CLI::Range(0.0, 1e6));
  sub->add_option("--rate-decay", g.rate_decay, "with --modes: the rate trace's decay per step")
      ->check(CLI::Range(1e-6, 1.0));
  sub->add_option("--encoder", encoder, "input encoder")->check(CLI::IsMember({"latency", "poisson", "current"}));
  sub->add_option("--steps", g.encoder.steps, "timesteps per sample")->check(CLI::Range(1, 100000));
  sub->add_option("--seed", g.seed, "random seed")->check(full_range<uint64_t>());
  sub->add_option("--fit-readout", fit_samples, "fit the readout by ridge regression on K training samples (0 = no)")
      ->check(CLI::Range(size_t{0}, size_t{60000}));
  sub->add_option("--ridge", fit_opt.ridge, "with --fit-readout: L2 penalty")->check(CLI::PositiveNumber);
  sub->add_option("--data", fit_data, "with --fit-readout: dataset")->check(CLI::IsMember({"fashion-mnist", "mnist"}));
  sub->add_option("--data-dir", data_dir, "with --fit-readout: dataset directory");
  sub->add_flag("--quantize", quant, "also quantise and map (writes the quantised twin)");
  sub->add_option("--weight-bits", q.weight_bits, "with --quantize: WB")->check(CLI::IsMember({2, 4, 8}));
  sub->add_option("--theta-bits", q.theta_bits, "with --quantize: threshold precision")->check(CLI::Range(2, 23));
  sub->add_option("--mode-bits", q.mode_bits, "with --quantize: WM, mode code bits")->check(CLI::Range(4, 12));
  sub->add_option("--hw", hw, "with --quantize: hardware configuration JSON");
  sub->add_flag("--no-progress", no_progress, "no progress bar");
  sub->callback([] {
    g.ternary = !gaussian;
    g.encoder.kind = encoder == "poisson" ? EncoderKind::Poisson
                     : encoder == "current" ? EncoderKind::Current : EncoderKind::Latency;
    g.encoder.latency_steps = std::min(g.encoder.latency_steps, g.encoder.steps);
    Network net = generate_network(g);
    if (fit_samples) {
      Progress progress("fit readout", !no_progress);
      fit_opt.progress = [&](size_t d, size_t t) { progress(d, t); };
      const Dataset train = load_dataset(fit_data, Split::Train, fit_samples, data_dir);
      const ReadoutFitReport fit = fit_readout(net, train, fit_opt);
      std::printf("  readout fitted on %zu %s training samples: float train accuracy %.2f%%\n", fit.samples,
                  fit_data.c_str(), 100 * fit.train_accuracy);
    }
    if (quant) net = quantize_and_map(net, q, hw);
    write_network(net, out);
    std::printf("wrote %s: %zu synapses, %s\n", out.c_str(), net.synapse_count(), net.quantised() ? "quantised" : "float");
  });
}

void add_quantize(CLI::App& app) {
  static std::string in, out, hw, data = "fashion-mnist", data_dir;
  static QuantizeOptions q;
  static size_t eval = 0;
  static bool no_progress = false;
  static std::string srm_reset = "subtract";
  static uint32_t srm_refrac = 0;  // not the uint8_t field itself: CLI11 reads a uint8_t as a character
  auto* sub = app.add_subcommand("quantize", "quantise a float network for the chip and map it onto cores");
  sub->add_option("network", in, "float network (.h5)")->required();
  sub->add_option("-o,--output", out, "quantised network to write (.h5)")->required()->check(OutputFile);
  sub->add_option("--weight-bits", q.weight_bits, "WB")->check(CLI::IsMember({2, 4, 8}));
  sub->add_option("--theta-bits", q.theta_bits, "threshold precision in bits")->check(CLI::Range(2, 23));
  sub->add_option("--decay-bits", q.decay_bits, "decay (du, dv) precision in fractional bits")->check(CLI::Range(1, 12));
  sub->add_option("--mode-bits", q.mode_bits, "WM: mode projections' code bits (xi, lambda)")->check(CLI::Range(4, 12));
  sub->add_option("--hw", hw, "hardware configuration JSON (default: built-in)");
  sub->add_option("--srm-reset", srm_reset, "SRM-alpha populations: the datapath reset standing in for the refractory kernel")
      ->check(CLI::IsMember({"subtract", "zero"}));
  sub->add_option("--srm-refrac", srm_refrac, "SRM-alpha populations: refractory period of the datapath twin, steps")
      ->check(CLI::Range(0, 15));
  sub->add_option("--eval", eval, "report what each quantisation step costs in accuracy on K test samples (0 = no)")
      ->check(CLI::Range(size_t{0}, size_t{10000}));
  sub->add_option("--data", data, "with --eval: dataset")->check(CLI::IsMember({"fashion-mnist", "mnist"}));
  sub->add_option("--data-dir", data_dir, "with --eval: dataset directory");
  sub->add_flag("--no-progress", no_progress, "no progress bar");
  sub->callback([sub] {
    q.datapath.reset = srm_reset == "zero" ? ResetMode::Zero : ResetMode::Subtract;
    q.datapath.refrac = static_cast<uint8_t>(srm_refrac);
    const Network source = read_network(in);
    for (const char* opt : {"--srm-reset", "--srm-refrac"})
      if (sub->count(opt) && !has_srm(source))
        throw InputError(in + ": " + opt + " applies to SRM-alpha populations, and this network has none");
    const Network net = quantize_and_map(source, q, hw);
    write_network(net, out);
    std::printf("wrote %s\n", out.c_str());
    if (eval) {
      const Dataset d = load_dataset(data, Split::Test, eval, data_dir);
      const ChipImage chip = build_chip_image(net, *net.hw, out);
      std::printf("accuracy on %s test[0:%zu], step by step:\n", d.name.c_str(), d.size());
      std::fflush(stdout);
      Progress progress("eval", !no_progress);
      quantization_ladder(
          source, net, chip, d, 0,
          [](const QuantStage& s) {
            std::printf("  %-52s %7.2f%%\n", s.name.c_str(), 100 * s.accuracy);
            std::fflush(stdout);
          },
          q.datapath, [&](size_t done, size_t total) { progress(done, total); });
    }
  });
}

}  // namespace nmx::cli
