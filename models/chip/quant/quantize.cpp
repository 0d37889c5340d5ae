#include "quant/quantize.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/error.hpp"
#include "fixed/fixed_point.hpp"
#include "map/chip_image.hpp"
#include "map/mapping.hpp"
#include "net/network.hpp"

namespace nmx {
namespace {

// A readout threshold this large (in membrane units) means "never spikes".
constexpr double kNeverSpikes = 1e300;

int32_t round_state(double x, const std::string& what) {
  const double r = std::round(x);
  if (r > fx::kStateMax || r < fx::kStateMin)
    throw InputError("quantize: " + what + " = " + std::to_string(r) + " LSBs does not fit " + std::to_string(fx::kStateBits) + " bits; lower --theta-bits");
  return static_cast<int32_t>(r);
}

// mant * 2^exp closest to x (x > 0, in LSBs), mant 8-bit; with round_up, the smallest
// such scale >= x.
fx::Scale scale_for(double x, const std::string& what, bool round_up = false) {
  for (int e = 0; e <= fx::kScaleExpMax; ++e) {
    const double q = x / std::ldexp(1.0, e);
    const double m = round_up ? std::ceil(q) : std::round(q);
    if (m <= 255) return {static_cast<uint8_t>(std::max(1.0, m)), static_cast<uint8_t>(e)};
  }
  throw InputError("quantize: " + what + " weight scale " + std::to_string(x) +
                   " LSBs exceeds 255 * 2^15; lower --theta-bits");
}

// A decay fraction on the chip's 12-bit grid, rounded to `bits` fractional bits first (a
// narrower decay register, still held in the 12-bit field).
int32_t decay_code(double d, int bits) {
  return static_cast<int32_t>(std::lround(std::ldexp(d, bits))) << (fx::kDecayBits - bits);
}

// The membrane LSB of a spiking population: max theta / (2^theta_bits - 1). A membrane
// readout (read by max or final membrane) is quantised for its inputs instead: its
// threshold only keeps it from spiking, so its LSB is 1/16 of the smallest incoming
// weight step (`readout_unit` > 0). Never so fine that theta leaves 24 bits, except for a
// readout whose threshold is out of reach anyway (the SMNN trainer's readouts have the
// largest double): its threshold becomes the largest state instead.
void quantize_population(Population& p, const QuantizeOptions& opt, double readout_unit) {
  const double theta_max = *std::max_element(p.real.theta.begin(), p.real.theta.end());
  p.lsb = readout_unit > 0 ? readout_unit / 16.0 : theta_max / (std::ldexp(1.0, opt.theta_bits) - 1);
  const bool never_spikes = readout_unit > 0 && theta_max >= kNeverSpikes;
  if (!never_spikes) p.lsb = std::max(p.lsb, theta_max / static_cast<double>(fx::kStateMax));
  p.fixed = {};
  for (uint32_t n = 0; n < p.size; ++n) {
    p.fixed.du.push_back(decay_code(p.real.du[n], opt.decay_bits));
    p.fixed.dv.push_back(decay_code(p.real.dv[n], opt.decay_bits));
    const double theta = never_spikes ? std::min(p.real.theta[n] / p.lsb, double{fx::kStateMax}) : p.real.theta[n] / p.lsb;
    p.fixed.theta.push_back(std::max(1, round_state(theta, p.name + ".theta")));
    p.fixed.bias.push_back(round_state(p.real.bias[n] / p.lsb, p.name + ".bias"));
  }
  p.sigmoid_lut.clear();
  if (p.has_stochastic()) {
    p.sigmoid_shift = sigmoid_shift_for(p.lsb);
    p.sigmoid_lut = make_sigmoid_lut(p.lsb, p.sigmoid_shift);
  }
}

// The real value of one weight code step. Ternary: threshold at 0.7 mean|w| and scale =
// mean of the kept |w| (ternary weight networks), so an already-ternary projection is
// reproduced exactly. Wider: a uniform grid over max|w|.
double weight_unit(const Projection& pr, int wb) {
  double unit = 0;
  if (wb == 2) {
    double mean_abs = 0;
    for (double w : pr.weight) mean_abs += std::abs(w);
    mean_abs /= std::max<size_t>(1, pr.weight.size());
    const double delta = 0.7 * mean_abs;
    double kept = 0;
    size_t count = 0;
    for (double w : pr.weight)
      if (std::abs(w) > delta) kept += std::abs(w), ++count;
    unit = count ? kept / count : 0;
  } else {
    double max_abs = 0;
    for (double w : pr.weight) max_abs = std::max(max_abs, std::abs(w));
    unit = max_abs / fx::weight_code_max(wb);
  }
  return unit;
}

// Codes for one scale; returns the squared error sum(code * step - w)^2.
double assign_codes(Projection& pr, fx::Scale scale, double lsb_post, int wb) {
  const double step = (static_cast<double>(scale.mant) * std::ldexp(1.0, scale.exp)) * lsb_post;
  pr.code.resize(pr.weight.size());
  double err = 0;
  for (size_t s = 0; s < pr.weight.size(); ++s) {
    const double c = std::clamp<double>(std::round(pr.weight[s] / step), fx::weight_code_min(wb), fx::weight_code_max(wb));
    pr.code[s] = static_cast<int8_t>(c);
    err += (c * step - pr.weight[s]) * (c * step - pr.weight[s]);
  }
  return err;
}

// Wider codes: the nearest scale can fall below max|w| / code_max (the 8-bit mantissa is
// coarse when the step is a few LSBs), and then the largest weights clip; the scale rounded
// up never clips but is coarser. Whichever of the two errs less is kept. Ternary keeps the
// nearest scale (its unit is the mean kept |w|: clipping is part of the ternary rule).
void quantize_weights(Projection& pr, double lsb_post, int wb, ProjectionQuantReport& rep) {
  const double unit = weight_unit(pr, wb);
  pr.weight_bits = wb;
  pr.scale = unit > 0 ? scale_for(unit / lsb_post, pr.name) : fx::Scale{1, 0};
  double err = assign_codes(pr, pr.scale, lsb_post, wb);
  if (wb > 2 && unit > 0) {
    const fx::Scale up = scale_for(unit / lsb_post, pr.name, true);
    if (up.mant != pr.scale.mant || up.exp != pr.scale.exp) {
      Projection trial = pr;
      const double err_up = assign_codes(trial, up, lsb_post, wb);
      if (err_up < err) pr.code = std::move(trial.code), pr.scale = up, err = err_up;
    }
  }
  double norm = 0;
  for (double w : pr.weight) norm += w * w;
  rep.weight_rel_error = norm > 0 ? std::sqrt(err / norm) : 0;
  rep.scale = pr.scale;
}

std::string weight_error_warning(const ProjectionQuantReport& pq, int wb) {
  std::string help = wb < 8 ? fmt::format("more weight bits help: --weight-bits {} (a chip with core.weight_bits >= {})",
                                          wb * 2, wb * 2)
                            : "a few weights far larger than the rest set the scale: clip or retrain them";
  return fmt::format("projection '{}': relative weight error {:.3g} at {}-bit codes (over {}); L1 will disagree with L0 "
                     "more often; {}",
                     pq.name, pq.weight_rel_error, wb, kWeightErrorWarning, help);
}

}  // namespace

int sigmoid_shift_for(double lsb) {
  const double span = 8.0 / (128.0 * lsb);  // LSBs per bin for +-8
  return std::clamp(static_cast<int>(std::ceil(std::log2(std::max(1.0, span)))), 0, fx::kStateBits - 1);
}

std::vector<uint16_t> make_sigmoid_lut(double lsb, int shift) {
  std::vector<uint16_t> lut(fx::kSigmoidLutSize);
  for (int i = 0; i < fx::kSigmoidLutSize; ++i) {
    const double v = ((i - 128) + 0.5) * std::ldexp(1.0, shift) * lsb;
    lut[i] = static_cast<uint16_t>(std::min<double>(fx::kLfsrMax, std::round(fx::kProbabilityOne / (1.0 + std::exp(-v)))));
  }
  return lut;
}

// The chip's D - 1 is not applied here: quantize() clips and counts every delay past it,
// the ones the mapping's extra step pushed there included, once.
Network datapath_twin(const Network& net, const QuantizeOptions& opt, DatapathMapReport* report) {
  DatapathMapOptions m = opt.datapath;
  m.max_delay = fx::kMaxDelaySlots - 1;
  return map_to_datapath(net, m, report);
}

Network quantize(const Network& in, const QuantizeOptions& opt, QuantizeReport* report) {
  if (!fx::weight_bits_supported(opt.weight_bits))
    throw_field_error("quantize", "--weight-bits", std::to_string(opt.weight_bits), "2, 4 or 8");
  if (opt.theta_bits < 2 || opt.theta_bits > fx::kStateBits - 1)
    throw_field_error("quantize", "--theta-bits", std::to_string(opt.theta_bits), "2.." + std::to_string(fx::kStateBits - 1));
  if (opt.decay_bits < 1 || opt.decay_bits > fx::kDecayBits)
    throw_field_error("quantize", "--decay-bits", std::to_string(opt.decay_bits), "1.." + std::to_string(fx::kDecayBits));
  if (!fx::mode_bits_supported(opt.mode_bits))
    throw_field_error("quantize", "--mode-bits", std::to_string(opt.mode_bits),
                      std::to_string(fx::kModeCodeBitsMin) + ".." + std::to_string(fx::kModeCodeBits));
  QuantizeReport rep;
  Network net = datapath_twin(in, opt, &rep.datapath);
  const bool membrane_readout = net.readout.kind != ReadoutKind::SpikeCount;
  for (uint32_t k = 0; k < net.populations.size(); ++k) {
    Population& p = net.populations[k];
    double unit_in = 0;  // smallest weight step into a membrane readout
    for (const Projection& pr : net.projections) {
      if (pr.post != k || !membrane_readout || k != net.readout.population) continue;
      const double u = weight_unit(pr, opt.weight_bits);
      if (u > 0) unit_in = unit_in > 0 ? std::min(unit_in, u) : u;
    }
    if (!p.is_input()) quantize_population(p, opt, unit_in);
    rep.lsb.push_back(p.lsb);
  }
  for (Projection& pr : net.projections) {
    ProjectionQuantReport pq;
    pq.name = pr.name;
    quantize_weights(pr, net.populations[pr.post].lsb, opt.weight_bits, pq);
    if (opt.delay_slots) {
      for (uint8_t& d : pr.delay) {
        if (d >= opt.delay_slots) d = static_cast<uint8_t>(opt.delay_slots - 1), ++pq.clipped_delays;
      }
    }
    rep.clipped_delays += pq.clipped_delays;
    if (pq.weight_rel_error > kWeightErrorWarning)
      rep.warnings.push_back(weight_error_warning(pq, opt.weight_bits));
    rep.projections.push_back(pq);
  }
  for (size_t k = 0; k < net.mode_projections.size(); ++k) {
    ModeProjection& mp = net.mode_projections[k];
    validate_mode_projection(net, k, "quantize");
    ModeQuantReport mq;
    const Population& pop = net.populations.at(mp.population);
    quantize_mode_projection(mp, pop.size, pop.lsb, opt.mode_bits, mq);
    rep.modes.push_back(mq);
  }
  net.mapping.clear();  // a new twin needs a new placement, for its own chip
  net.hw.reset();
  validate(net, "quantize");
  if (report) *report = rep;
  return net;
}

Network quantize_for_chip(const Network& net, const QuantizeOptions& opt, const HwConfig& hw, QuantizeReport* report) {
  QuantizeOptions chip_opt = opt;
  chip_opt.delay_slots = hw.core.delay_slots;
  Network out = quantize(net, chip_opt, report);
  out.mapping = map_network(out, hw, "quantize");
  out.hw = hw;
  // Every limit the chip is built with (axons per core, weight bits, delays, stochastic
  // unit), checked by building it: a network that maps here runs everywhere.
  build_chip_image(out, hw, "quantize");
  return out;
}

}  // namespace nmx
