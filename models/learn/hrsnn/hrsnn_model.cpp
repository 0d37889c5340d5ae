#include "hrsnn/hrsnn_model.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <sstream>

#include "core/error.hpp"
#include "fixed/fixed_point.hpp"
#include "net/plasticity_edit.hpp"
#include "plastic/presets.hpp"
#include "quant/quantize.hpp"

namespace nmx::hrsnn {

const char* const kRecurrentNames[4] = {"EE", "EI", "IE", "II"};

namespace {

// Membrane time constants are clamped to this range (steps): below it dv rounds to 1
// anyway, above it the 12-bit decay rounds to 0 (no leak).
constexpr double kTauMin = 0.5, kTauMax = 10000;

void in_range(const std::string& where, const char* option, double v, double lo, double hi, bool open_lo = false) {
  const bool ok = std::isfinite(v) && (open_lo ? v > lo : v >= lo) && v <= hi;
  if (ok) return;
  std::ostringstream s;
  s << where << ": " << option << " = " << v << " is out of range (allowed: " << (open_lo ? "(" : "[") << lo << ", "
    << hi << "])";
  throw InputError(s.str());
}

Population make_population(const std::string& name, uint32_t size, const ReservoirOptions& o, std::mt19937_64& rng,
                           ReservoirReport& rep) {
  Population p;
  p.name = name;
  p.size = size;
  std::gamma_distribution<double> gamma(o.gamma_shape, o.gamma_scale);
  std::uniform_int_distribution<int> seed16(1, fx::kLfsrMax);
  const double du = 1 - std::exp(-1 / o.tau_syn);
  for (uint32_t n = 0; n < size; ++n) {
    double tau = o.hetero_neurons ? gamma(rng) : o.gamma_shape * o.gamma_scale;
    if (tau < kTauMin || tau > kTauMax) ++rep.tau_clamped, tau = std::clamp(tau, kTauMin, kTauMax);
    rep.tau_min = std::min(rep.tau_min, tau), rep.tau_max = std::max(rep.tau_max, tau), rep.tau_mean += tau;
    p.real.du.push_back(du);
    p.real.dv.push_back(1 - std::exp(-1 / tau));
    p.real.theta.push_back(1.0);
    p.real.bias.push_back(o.bias * p.real.dv.back());  // rests at o.bias thresholds, whatever tau
    p.refrac.push_back(static_cast<uint8_t>(o.refrac));
    p.reset.push_back(ResetMode::Zero);
    p.spike.push_back(SpikeMode::Deterministic);
    p.lfsr_seed.push_back(static_cast<uint16_t>(seed16(rng)));
  }
  return p;
}

// Sparse projection pre -> post, each pair with probability p, weight sign * mag * U(0.5, 1.5).
Projection sparse_projection(const std::string& name, uint32_t pre, uint32_t pre_size, uint32_t post,
                             uint32_t post_size, double p, double mag, uint32_t max_delay, std::mt19937_64& rng) {
  Projection pr;
  pr.name = name;
  pr.pre = pre, pr.post = post;
  pr.layout = Layout::Sparse;
  std::uniform_real_distribution<double> unit(0.0, 1.0), spread(0.5, 1.5);
  std::uniform_int_distribution<int> delay(0, static_cast<int>(max_delay));
  pr.row_ptr.push_back(0);
  for (uint32_t i = 0; i < pre_size; ++i) {
    for (uint32_t j = 0; j < post_size; ++j) {
      if (pre == post && i == j) continue;  // no autapses
      if (unit(rng) >= p) continue;
      pr.post_index.push_back(j);
      pr.weight.push_back(mag * spread(rng));
      pr.delay.push_back(static_cast<uint8_t>(delay(rng)));
    }
    pr.row_ptr.push_back(static_cast<uint32_t>(pr.post_index.size()));
  }
  return pr;
}

// Input (2L thermometer neurons) onto a population, dense: neuron j gets sign s_j and share
// c_j ~ U(0, 1); level i of the positive half weighs s_j c_j scale k / L, of the negative
// half the opposite, so the drive is s_j c_j scale k u quantised to L levels. k = du * dv at
// the mean time constant: a constant u then holds the membrane near s_j c_j scale u thresholds.
Projection input_projection(const std::string& name, uint32_t post, uint32_t post_size, const ReservoirOptions& o,
                            std::mt19937_64& rng) {
  Projection pr;
  pr.name = name;
  pr.pre = 0, pr.post = post;
  pr.layout = Layout::Dense;
  const uint32_t inputs = 2 * o.input_levels;
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<double> w(post_size);
  const double k = (1 - std::exp(-1 / o.tau_syn)) * (1 - std::exp(-1 / (o.gamma_shape * o.gamma_scale)));
  for (double& x : w) x = (unit(rng) < 0.5 ? -1 : 1) * unit(rng) * o.input_scale * k / o.input_levels;
  pr.weight.resize(size_t{inputs} * post_size);
  pr.delay.assign(pr.weight.size(), 0);
  for (uint32_t i = 0; i < inputs; ++i)
    for (uint32_t j = 0; j < post_size; ++j) pr.weight[size_t{i} * post_size + j] = i < o.input_levels ? w[j] : -w[j];
  return pr;
}

}  // namespace

void check_options(const ReservoirOptions& o, const std::string& w) {
  in_range(w, "--neurons", o.neurons, 8, 100000);
  in_range(w, "--exc-fraction", o.exc_fraction, 0, 1, true);
  if (o.exc_fraction >= 1) in_range(w, "--exc-fraction", o.exc_fraction, 0, 0.999);
  in_range(w, "--connectivity", o.connectivity, 0, 1, true);
  in_range(w, "--input-levels", o.input_levels, 1, 128);
  in_range(w, "--input-scale", o.input_scale, 0, 100, true);
  in_range(w, "--rec-gain", o.rec_gain, 0, 100);
  in_range(w, "--inh-gain", o.inh_gain, 0, 100);
  in_range(w, "--gamma-shape", o.gamma_shape, 0, 100, true);
  in_range(w, "--gamma-scale", o.gamma_scale, 0, 1000, true);
  in_range(w, "--tau-syn", o.tau_syn, 0.1, 1000);
  in_range(w, "--bias", o.bias, 0, 2);
  in_range(w, "--refrac", o.refrac, 0, 15);
  in_range(w, "--max-delay", o.max_delay, 0, 63);
  in_range(w, "--a-plus", o.a_plus, std::ldexp(1.0, -12), 64);
  in_range(w, "--a-ratio", o.a_ratio, 0, 10, true);
  in_range(w, "--tau-stdp", o.tau_stdp, 1, 1000);
  in_range(w, "--stdp-spread", o.stdp_spread, 0, 0.95);
  if (o.weight_bits != 2 && o.weight_bits != 4 && o.weight_bits != 8)
    throw InputError(w + ": --weight-bits = " + std::to_string(o.weight_bits) + " is out of range (allowed: 2, 4, 8)");
  const uint32_t e = static_cast<uint32_t>(std::lround(o.neurons * o.exc_fraction));
  if (e == 0 || e == o.neurons)
    throw InputError(w + ": --exc-fraction = " + std::to_string(o.exc_fraction) + " leaves no " +
                     (e == 0 ? "excitatory" : "inhibitory") + " neuron among " + std::to_string(o.neurons));
}

HwConfig reservoir_hw(const ReservoirOptions& o) {
  HwConfig hw = default_hw_config();
  hw.source = "the reservoir's chip (hrsnn)";
  hw.core.neurons = 256;
  // Every core may receive every input and reservoir neuron: 2L + N axons, at least the
  // default 1,024 (the RTL's build, sim/l3, so a reservoir of up to 1,008 neurons runs at L3).
  hw.core.axons = 1024;
  while (hw.core.axons < 2 * o.input_levels + o.neurons && hw.core.axons < kMaxCoreAxons) hw.core.axons *= 2;
  hw.core.weight_bits = static_cast<uint32_t>(o.weight_bits);
  hw.core.plasticity = true;
  hw.core.delay_slots = 1;
  while (hw.core.delay_slots <= o.max_delay) hw.core.delay_slots *= 2;
  const uint32_t e = static_cast<uint32_t>(std::lround(o.neurons * o.exc_fraction));
  const uint32_t cores = (e + 255) / 256 + (o.neurons - e + 255) / 256;
  uint32_t side = 1;
  while (side * side < cores) ++side;
  hw.mesh_x = hw.mesh_y = std::min<uint32_t>(side, 64);
  return hw;
}

Network build_reservoir(const ReservoirOptions& o, const HwConfig& hw, ReservoirReport* report) {
  check_options(o, "hrsnn");
  // Refused before any synapse is drawn (a large reservoir has billions).
  const uint32_t e_ = static_cast<uint32_t>(std::lround(o.neurons * o.exc_fraction)), per = hw.core.neurons;
  const uint32_t cores = (e_ + per - 1) / per + (o.neurons - e_ + per - 1) / per;
  if (cores > hw.cores())
    throw InputError("hrsnn: the reservoir does not fit the chip: its " + std::to_string(o.neurons) + " neurons need " +
                     std::to_string(cores) + " cores of " + std::to_string(per) + ", the chip (" + hw.source + ") has " +
                     std::to_string(hw.cores()));
  const uint64_t axons = uint64_t{2} * o.input_levels + o.neurons;
  if (axons > hw.core.axons)
    throw InputError("hrsnn: the reservoir does not fit the chip: a core receives up to 2L + N = " + std::to_string(axons) +
                     " axons, the chip's core.axons is " + std::to_string(hw.core.axons) + " (at most " +
                     std::to_string(kMaxCoreAxons) + ")");
  ReservoirReport rep;
  rep.tau_min = kTauMax, rep.tau_max = 0;
  std::mt19937_64 rng(o.seed);
  const uint32_t ne = static_cast<uint32_t>(std::lround(o.neurons * o.exc_fraction)), ni = o.neurons - ne;
  rep.excitatory = ne, rep.inhibitory = ni, rep.inputs = 2 * o.input_levels;

  Network net;
  net.name = "hrsnn";
  net.description = std::string("heterogeneous recurrent spiking reservoir (") +
                    (o.hetero_neurons ? "Gamma membrane time constants" : "equal membrane time constants") + ", " +
                    (o.plastic ? (o.hetero_stdp ? "heterogeneous STDP" : "homogeneous STDP") : "no plasticity") + ")";
  Population in;
  in.name = "input";
  in.kind = PopulationKind::Input;
  in.size = rep.inputs;
  net.populations.push_back(in);
  net.populations.push_back(make_population("E", ne, o, rng, rep));
  net.populations.push_back(make_population("I", ni, o, rng, rep));
  rep.tau_mean /= o.neurons;

  net.projections.push_back(input_projection("in_E", 1, ne, o, rng));
  net.projections.push_back(input_projection("in_I", 2, ni, o, rng));
  // A spike's charge reaches the membrane over the synaptic time constant (1 / du steps):
  // the excitatory weight is theta * gain * du / sqrt(E fan-in).
  const double we = o.rec_gain * (1 - std::exp(-1 / o.tau_syn)) / std::sqrt(std::max(1.0, o.connectivity * ne));
  // Balanced: at equal rates the inhibition a neuron receives is inh_gain times its excitation.
  const double wi = -o.inh_gain * we * ne / std::max<uint32_t>(ni, 1);
  const uint32_t pops[4][2] = {{1, 1}, {1, 2}, {2, 1}, {2, 2}};
  for (int k = 0; k < 4; ++k) {
    const uint32_t pre = pops[k][0], post = pops[k][1];
    net.projections.push_back(sparse_projection(kRecurrentNames[k], pre, net.populations[pre].size, post,
                                                net.populations[post].size, o.connectivity, pre == 1 ? we : wi,
                                                o.max_delay, rng));
  }
  // The tasks drive the input population with the thermometer code (reservoir_run.hpp);
  // the encoder is what `nmx run` and `nmx check` use on a dataset or a random raster.
  net.encoder.kind = EncoderKind::Poisson;
  net.encoder.steps = 500;
  net.encoder.max_rate = 0.2;
  net.readout.population = 1;

  QuantizeOptions q;
  q.weight_bits = o.weight_bits;
  q.theta_bits = 12;
  Network out = quantize_for_chip(net, q, hw);
  for (const Projection& pr : out.projections) rep.synapses += pr.synapse_count();

  if (o.plastic) {
    std::uniform_real_distribution<double> spread(1 - o.stdp_spread, 1 + o.stdp_spread);
    std::ostringstream groups;
    for (int k = 0; k < 4; ++k) {
      plastic::StdpParams p;
      p.a_plus = o.a_plus, p.a_minus = o.a_plus * o.a_ratio, p.tau_plus = p.tau_minus = o.tau_stdp;
      if (o.hetero_stdp) {
        p.a_plus *= spread(rng), p.a_minus *= spread(rng);
        p.tau_plus *= spread(rng), p.tau_minus *= spread(rng);
      }
      // Independent draws let a group's potentiation outweigh its depression and run away;
      // balanced, every group's depression area A- tau- is at least a_ratio times A+ tau+.
      if (o.stdp_balance) p.a_minus = std::max(p.a_minus, o.a_ratio * p.a_plus * p.tau_plus / p.tau_minus);
      const plastic::RuleSpec spec = plastic::stdp(p);
      set_plasticity(out, kRecurrentNames[k], spec.rule, spec.params, "hrsnn");
      char line[160];
      std::snprintf(line, sizeof line, "%s%s A+ %.3g A- %.3g tau+ %.3g tau- %.3g", k ? "; " : "", kRecurrentNames[k],
                    p.a_plus, p.a_minus, p.tau_plus, p.tau_minus);
      groups << line;
    }
    rep.groups = groups.str();
  }
  validate(out, "hrsnn");
  if (report) *report = rep;
  return out;
}

}  // namespace nmx::hrsnn
