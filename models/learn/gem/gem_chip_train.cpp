#include "gem/gem_chip_train.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>

#include "core/error.hpp"
#include "fixed/fixed_point.hpp"
#include "l1/chip_l1.hpp"
#include "map/chip_image.hpp"
#include "net/plasticity_edit.hpp"
#include "quant/quantize.hpp"

namespace nmx {
namespace {

constexpr uint32_t kInput = 0, kHidden = 1, kVisible = 2, kBias = 3;  // base populations of gem_chip_network
constexpr uint64_t kLfsrSeedStream = 0x6E6D78;               // the neurons' LFSR seeds: drawn from (--seed, this)

Population glm_population(const std::string& name, uint32_t size, double du, std::mt19937_64& rng) {
  Population p;
  p.name = name;
  p.size = size;
  std::uniform_int_distribution<int> seed16(1, fx::kLfsrMax);
  for (uint32_t n = 0; n < size; ++n) {
    p.real.du.push_back(du);
    p.real.dv.push_back(1.0);  // v = u + bias: no membrane memory (a GLM)
    p.real.theta.push_back(1.0);  // unused by stochastic neurons; sets the membrane LSB
    p.real.bias.push_back(0.0);  // set after quantisation (gem_chip_network)
    p.refrac.push_back(0);
    p.reset.push_back(ResetMode::Zero);
    p.spike.push_back(SpikeMode::Stochastic);
    p.lfsr_seed.push_back(static_cast<uint16_t>(seed16(rng)));
  }
  return p;
}

// Dense pre -> post with weight(i, j) from the model's flat vector (basis kernel 0).
template <typename Weight>
Projection glm_projection(const std::string& name, uint32_t pre, uint32_t post, uint32_t pre_size, uint32_t post_size,
                          Weight weight) {
  Projection pr;
  pr.name = name;
  pr.pre = pre;
  pr.post = post;
  for (uint32_t i = 0; i < pre_size; ++i)
    for (uint32_t j = 0; j < post_size; ++j) pr.weight.push_back(weight(i, j)), pr.delay.push_back(0);
  return pr;
}

}  // namespace

void check_gem_chip_options(const GemTrainOptions& opt, const GemChipOptions& c) {
  auto range = [](const std::string& field, int64_t v, int64_t lo, int64_t hi) {
    if (v < lo || v > hi) throw_field_error("train gem", field, std::to_string(v), std::to_string(lo) + ".." + std::to_string(hi));
  };
  if (c.weight_bits != 4 && c.weight_bits != 8)
    throw_field_error("train gem", "--weight-bits", std::to_string(c.weight_bits), "4 or 8");
  range("--sigma-shift", c.sigma_shift, 0, fx::kGemExpFracBits);
  range("--trace-amp", c.trace_amp, 1, fx::kGemTraceOne);
  range("--headroom-bits", c.headroom_bits, 0, 6);
  range("--tie-every", c.tie_every, 1, 100000);
  if (opt.basis != 1)
    throw_field_error("train gem", "--basis", std::to_string(opt.basis), "1 with --level fixed (the chip's synaptic current is one kernel)");
  if (opt.learn.feedback)
    throw_field_error("train gem", "--feedback", "on", "off with --level fixed (the chip's network has no feedback kernel)");
  if (opt.learn.update_every != 1)
    throw_field_error("train gem", "--update-every", std::to_string(opt.learn.update_every),
                      "1 with --level fixed (the plasticity unit updates every step)");
}

int gem_chip_kappa_shift(double kappa) {
  if (kappa >= 1.0) return fx::kRuleShiftMax;
  return std::clamp(static_cast<int>(std::lround(-std::log2(1.0 - kappa))), 1, fx::kRuleShiftMax);
}

Network gem_chip_network(const gem::Params& p, const GemChipOptions& c, const gem::LearnOptions& learn, uint64_t seed,
                         std::vector<GemChipRate>* rates) {
  const gem::Shape& s = p.shape;
  const gem::Layout lay(s);
  const uint32_t B = s.basis;
  const double du = p.kernels.basis_decay[0] / double(fx::kDecayOne);
  std::mt19937_64 rng(seed * 1000003u + kLfsrSeedStream);
  Network net;
  Population in;
  in.name = "input";
  in.kind = PopulationKind::Input;
  in.size = s.inputs;
  net.populations.push_back(in);
  net.populations.push_back(glm_population("hidden", s.hidden, du, rng));
  net.populations.push_back(glm_population("visible", s.visible, du, rng));
  // The bias neuron: deterministic, v = bias = theta, so it spikes every step.
  Population bias = glm_population("bias", 1, 0.0, rng);
  bias.spike[0] = SpikeMode::Deterministic;
  bias.real.bias[0] = bias.real.theta[0];
  net.populations.push_back(bias);
  const double* wh = p.v.data() + lay.w_h;
  const double* wv = p.v.data() + lay.w_v;
  net.projections.push_back(glm_projection("input_hidden", kInput, kHidden, s.inputs, s.hidden,
                                           [&](uint32_t i, uint32_t j) { return wh[size_t{j} * s.input_dim() + i * B]; }));
  net.projections.push_back(glm_projection("input_visible", kInput, kVisible, s.inputs, s.visible,
                                           [&](uint32_t i, uint32_t j) { return wv[size_t{j} * s.visible_dim() + i * B]; }));
  net.projections.push_back(glm_projection("hidden_visible", kHidden, kVisible, s.hidden, s.visible, [&](uint32_t i, uint32_t j) {
    return wv[size_t{j} * s.visible_dim() + (s.inputs + i) * B];
  }));
  // A synapse fed every step settles u at w / du: w = b du is a bias b (quantize sizes
  // the bias projections' scales from these; the initial bias then moves to the neurons).
  const double* bh = p.v.data() + lay.b_h;
  const double* bv = p.v.data() + lay.b_v;
  net.projections.push_back(glm_projection("bias_hidden", kBias, kHidden, 1, s.hidden, [&](uint32_t, uint32_t j) { return bh[j] * du; }));
  net.projections.push_back(glm_projection("bias_visible", kBias, kVisible, 1, s.visible, [&](uint32_t, uint32_t j) { return bv[j] * du; }));
  net.readout = {ReadoutKind::SpikeCount, kVisible};
  net.encoder.steps = s.steps;
  QuantizeOptions q;
  q.weight_bits = c.weight_bits;
  net = quantize(net, q);
  // The initial bias is the neuron's own (exact from step 0); the bias neuron's synapses
  // start at 0 and learn the change (their scale was chosen for weights of b du).
  for (Projection& pr : net.projections) {
    if (pr.pre != kBias) continue;
    Population& post = net.populations[pr.post];
    for (uint32_t j = 0; j < post.size; ++j) {
      post.real.bias[j] = pr.weight[j] / du;
      post.fixed.bias[j] = fx::sat(std::llround(post.real.bias[j] / post.lsb));
    }
    std::fill(pr.weight.begin(), pr.weight.end(), 0.0);
    std::fill(pr.code.begin(), pr.code.end(), int8_t{0});
  }
  // Learning needs room above the initial weights: a coarser scale, the codes requantised.
  for (Projection& pr : net.projections) {
    const int h = std::min<int>(c.headroom_bits, fx::kScaleExpMax - pr.scale.exp);
    pr.scale.exp = static_cast<uint8_t>(pr.scale.exp + h);
    const double unit = fx::effective_weight(1, pr.scale) * net.populations[pr.post].lsb;
    for (size_t s = 0; s < pr.code.size(); ++s) {
      pr.code[s] = static_cast<int8_t>(std::clamp<long>(std::lround(pr.weight[s] / unit), fx::weight_code_min(c.weight_bits),
                                                        fx::weight_code_max(c.weight_bits)));
      pr.weight[s] = pr.code[s] * unit;
    }
  }
  const int32_t d = p.kernels.basis_decay[0];
  const double dx = d / double(fx::kDecayOne);
  const int kappa_shift = gem_chip_kappa_shift(learn.kappa);
  for (size_t j = 0; j < net.projections.size(); ++j) {
    const Projection& pr = net.projections[j];
    // Model units per code: a weight's for a synapse, a bias's (u settles at w / du, fed an
    // x1 that settles at amp / dx) for the bias neuron's.
    double unit = fx::effective_weight(1, pr.scale) * net.populations[pr.post].lsb;
    if (pr.pre == kBias) unit /= du * dx;
    GemChipRate r{pr.name, c.trace_amp, 0, 0};
    auto shift_for = [&] { return std::lround(15 - c.sigma_shift + std::log2(r.amp * unit / learn.lr)); };
    while (r.amp > 1 && learn.lr > 0 && shift_for() > fx::kRuleShiftMax) r.amp = std::max(1, r.amp / 2);
    r.lr_shift = learn.lr > 0 ? static_cast<int>(std::clamp<long>(shift_for(), 0, fx::kRuleShiftMax)) : fx::kRuleShiftMax;
    r.lr = r.amp * unit * std::ldexp(1.0, 15 - c.sigma_shift - r.lr_shift);
    plastic::RuleParams rp;
    rp.x1 = {d, r.amp};
    rp.epoch = 1;
    const std::string rule = "de = x1*post - 2^-16*p*x1 - 2^-" + std::to_string(kappa_shift) + "*e; dw = 2^-" +
                             std::to_string(r.lr_shift) + "*e*l";
    const std::string name = pr.name;  // set_plasticity rewrites the projection pr refers to
    set_plasticity(net, name, rule, rp, "train gem");
    if (rates) rates->push_back(r);
  }
  return net;
}

std::vector<GemChipRate> gem_chip_rates(const GemTrainOptions& opt, const GemChipOptions& c) {
  std::vector<GemChipRate> rates;
  gem_chip_network(gem::init_params(gem_shape(opt), gem_kernels(opt), opt.seed, opt.gain, opt.hidden_bias, opt.visible_bias), c,
                   opt.learn, opt.seed, &rates);
  return rates;
}

HwConfig gem_chip_hw(const Network& net, int weight_bits) {
  HwConfig hw = default_hw_config();
  hw.core.weight_bits = static_cast<uint32_t>(weight_bits);
  hw.core.plasticity = true;
  uint32_t axons = 0, cores = 0;
  for (const Population& p : net.populations) {
    axons += p.size;
    if (!p.is_input()) cores += (p.size + hw.core.neurons - 1) / hw.core.neurons;
  }
  hw.core.axons = std::clamp(axons, hw.core.axons, kMaxCoreAxons);
  hw.mesh_x = std::min<uint32_t>(8, std::max<uint32_t>(cores, 1));
  hw.mesh_y = (cores + hw.mesh_x - 1) / hw.mesh_x;
  return hw;
}

GemSampleScores gem_chip_scores(LevelModel& level, const gem::Compartments& c, uint32_t visible, const InputRaster& in) {
  const Population& vis = c.net.populations[c.population[visible][0]];
  const uint32_t V = vis.size, K = c.K;
  std::vector<double> lam(size_t{K} * V, 0.0), diff(V);
  std::vector<uint32_t> count(size_t{K} * V, 0);
  PopulationSpikes spikes;
  static const std::vector<uint32_t> kNone;
  constexpr double kOne = 1 << 16;  // the sigmoid table's 1
  level.reset();
  for (size_t t = 0; t < in.steps.size(); ++t) {
    level.step_populations(in.steps[t], t + 1 < in.steps.size() ? in.steps[t + 1] : kNone, spikes);
    for (uint32_t k = 0; k < K; ++k) {
      const uint32_t pop = c.population[visible][k];
      double silent = 0;
      for (uint32_t i = 0; i < V; ++i) {
        const auto v = static_cast<int32_t>(std::lround(level.membrane(pop, i)));
        const double p = std::clamp(vis.sigmoid_lut[fx::sigmoid_index(v, vis.sigmoid_shift)] / kOne, 1 / kOne, 1 - 1 / kOne);
        silent += std::log1p(-p);
        diff[i] = std::log(p) - std::log1p(-p);
      }
      for (uint32_t cls = 0; cls < V; ++cls) lam[size_t{k} * V + cls] += silent + diff[cls];
      for (const uint32_t n : spikes[pop]) ++count[size_t{k} * V + n];
    }
  }
  GemSampleScores s;
  s.score.resize(V);
  s.votes.assign(V, 0.0);
  std::vector<double> per_k(K);
  for (uint32_t cls = 0; cls < V; ++cls) {
    for (uint32_t k = 0; k < K; ++k) per_k[k] = lam[size_t{k} * V + cls];
    s.score[cls] = gem::log_mean_exp(per_k);
  }
  for (uint32_t k = 0; k < K; ++k) {
    const auto first = count.begin() + size_t{k} * V;
    const uint32_t best = *std::max_element(first, first + V);
    const auto ties = static_cast<double>(std::count(first, first + V, best));
    for (uint32_t i = 0; i < V; ++i)
      if (first[i] == best) s.votes[i] += 1.0 / (K * ties);
  }
  return s;
}

std::vector<GemEpochReport> train_gem_chip(const GemTrainOptions& opt, const GemChipOptions& c,
                                           const std::function<void(const GemEpochReport&)>& on_epoch) {
  const gem::Shape shape = gem_shape(opt);
  const gem::Kernels kernels = gem_kernels(opt);
  check_gem_chip_options(opt, c);
  const GemData data = load_gem_data(opt);
  Network base =
      gem_chip_network(gem::init_params(shape, kernels, opt.seed, opt.gain, opt.hidden_bias, opt.visible_bias), c, opt.learn,
                       opt.seed);
  const gem::Compartments comp = gem::replicate_compartments(base, opt.compartments, "train gem");
  const ChipImage image = build_chip_image(comp.net, gem_chip_hw(comp.net, c.weight_bits), "train gem");
  ChipL1 l1(image);
  l1.set_learning(opt.learn.lr > 0);  // --lr 0: the figures of the initial network
  gem::ChipLearnerOptions lo;
  lo.visible = kVisible;
  lo.signal_decay = static_cast<int32_t>(std::lround(fx::kDecayOne * (1.0 - opt.learn.kappa_v)));
  lo.tie_every = c.tie_every;
  lo.sigma_shift = c.sigma_shift;
  gem::ChipLearner host(comp, lo);
  const std::vector<uint32_t> eval_k =
      opt.eval_compartments.empty() ? std::vector<uint32_t>{opt.compartments} : opt.eval_compartments;
  std::vector<GemEpochReport> reports;
  PopulationSpikes spikes;
  static const std::vector<uint32_t> kNone;
  std::vector<double> ll(opt.compartments);
  for (uint32_t epoch = 1; epoch <= opt.epochs; ++epoch) {
    GemEpochReport rep;
    rep.epoch = epoch;
    run_gem_epoch(opt, epoch, data.train_in.size(), shape.steps, rep, [&](size_t i, uint64_t) {
      const InputRaster& in = data.train_in[i];
      GemSampleFigures f;
      l1.reset();
      for (size_t t = 0; t < in.steps.size(); ++t) {
        host.before_step(static_cast<uint32_t>(t), data.train_y[i], l1);
        l1.step_populations(in.steps[t], t + 1 < in.steps.size() ? in.steps[t + 1] : kNone, spikes);
        for (uint32_t k = 0; k < opt.compartments; ++k) f.hidden_spikes += spikes[comp.population[kHidden][k]].size();
      }
      host.finish_sample(l1);
      for (uint32_t k = 0; k < opt.compartments; ++k) ll[k] = host.loglik()[k] / double(1 << fx::kGemNatFracBits);
      f.bound = gem::log_mean_exp(ll);
      return f;
    });
    // The learned weights: tie what the last steps learned, take compartment 0's.
    host.tie_now(l1);
    for (size_t j = 0; j < base.projections.size(); ++j) {
      const Projection& learned = host.tied().projections[comp.projection[j][0]];
      base.projections[j].code = learned.code;
      base.projections[j].weight = learned.weight;
    }
    for (const uint32_t k : eval_k) {
      const gem::Compartments ce = gem::replicate_compartments(base, k, "train gem");
      const ChipImage ie = build_chip_image(ce.net, gem_chip_hw(ce.net, c.weight_bits), "train gem");
      rep.eval.push_back(evaluate_gem_samples(data.test_y, k, opt.threads, [&] {
        auto chip = std::make_shared<ChipL1>(ie);
        chip->set_learning(false);
        return [&, chip](size_t i) { return gem_chip_scores(*chip, ce, kVisible, data.test_in[i]); };
      }));
    }
    if (on_epoch) on_epoch(rep);
    reports.push_back(std::move(rep));
  }
  return reports;
}

}  // namespace nmx
