#include "tem/tem_chip.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "encode/encoder.hpp"
#include "l0/network_l0.hpp"
#include "l1/chip_l1.hpp"
#include "map/chip_image.hpp"

namespace nmx::tem {

Network make_network(const Layer& layer, uint32_t steps, const std::string& name) {
  const auto m = static_cast<uint32_t>(layer.w.rows()), c = static_cast<uint32_t>(layer.w.cols());
  Network net;
  net.name = name;
  net.description = "time-encoding layer (docs/tem.md): perfect integrate-and-fire, du = 1, dv = 0, subtractive reset";
  Population in;
  in.name = "input";
  in.kind = PopulationKind::Input;
  in.size = c;
  Population tem;
  tem.name = "tem";
  tem.size = m;
  tem.refrac.assign(m, 0);
  tem.reset.assign(m, ResetMode::Subtract);
  tem.spike.assign(m, SpikeMode::Deterministic);
  for (uint32_t j = 0; j < m; ++j) tem.lfsr_seed.push_back(static_cast<uint16_t>(j + 1));
  tem.real.du.assign(m, 1.0);
  tem.real.dv.assign(m, 0.0);
  tem.real.theta = layer.theta;
  tem.real.bias = layer.bias;
  net.populations = {in, tem};
  Projection p;
  p.name = "input->tem";
  p.pre = 0;
  p.post = 1;
  p.layout = Layout::Dense;
  for (uint32_t i = 0; i < c; ++i)
    for (uint32_t j = 0; j < m; ++j) p.weight.push_back(layer.w(j, i));
  p.delay.assign(p.weight.size(), 0);
  net.projections = {p};
  net.encoder.kind = EncoderKind::Current;
  net.encoder.steps = steps;
  net.encoder.current_gain = 1.0;
  net.readout = {ReadoutKind::SpikeCount, 1};
  validate(net, name);
  return net;
}

Layer layer_of(const Network& net, const std::string& source) {
  const std::string what = ": not a time-encoding network (";
  if (net.populations.size() != 2 || !net.populations[0].is_input() || net.projections.size() != 1 ||
      net.projections[0].pre != 0 || net.projections[0].post != 1 || net.projections[0].layout != Layout::Dense)
    throw InputError(source + what + "need one input population feeding one neuron population through a dense projection)");
  if (net.encoder.kind != EncoderKind::Current || net.encoder.current_gain != 1.0)
    throw InputError(source + what + "encoder must be current with gain 1)");
  const Population& p = net.populations[1];
  for (uint32_t j = 0; j < p.size; ++j)
    if (p.real.du[j] != 1.0 || p.real.dv[j] != 0.0 || p.reset[j] != ResetMode::Subtract ||
        p.spike[j] != SpikeMode::Deterministic || p.refrac[j] != 0)
      throw InputError(source + what + "neuron " + std::to_string(j) +
                       " must have du = 1, dv = 0, refractory 0, deterministic spikes and subtractive reset)");
  Layer l;
  const uint32_t c = net.populations[0].size;
  l.w.resize(p.size, c);
  for (uint32_t i = 0; i < c; ++i)
    for (uint32_t j = 0; j < p.size; ++j) l.w(j, i) = net.projections[0].weight[static_cast<size_t>(i) * p.size + j];
  l.bias = p.real.bias;
  l.theta = p.real.theta;
  return l;
}

Signal test_signal(const Network& net, uint64_t seed, uint32_t example) {
  SignalSpec s;
  s.channels = net.populations.at(net.input_population()).size;
  s.steps = net.encoder.steps;
  return bandlimited_signal(s, example_seed(seed, example));
}

std::vector<std::vector<uint32_t>> chip_raster(const Network& net, const Signal& x) {
  std::vector<double> means(static_cast<size_t>(x.steps()) * x.channels());
  for (uint32_t t = 0; t < x.steps(); ++t)
    for (uint32_t c = 0; c < x.channels(); ++c) means[static_cast<size_t>(t) * x.channels() + c] = x.step_mean(t, c);
  return encode_current_series(net.encoder, means, x.channels()).steps;
}

namespace {

using Trains = std::vector<std::vector<double>>;  // [neuron] spike times

struct ErrorSums {
  size_t matched = 0, unmatched = 0;
  double abs = 0, sq = 0, max = 0, sign = 0;
  void add(const Trains& got, const Trains& ref) {
    for (size_t j = 0; j < ref.size(); ++j) {
      const size_t n = std::min(got[j].size(), ref[j].size());
      unmatched += std::max(got[j].size(), ref[j].size()) - n;
      for (size_t k = 0; k < n; ++k) {
        const double e = got[j][k] - ref[j][k];
        ++matched;
        abs += std::abs(e);
        sq += e * e;
        sign += e;
        max = std::max(max, std::abs(e));
      }
    }
  }
  TimeError result() const {
    TimeError t;
    t.matched = matched;
    t.unmatched = unmatched;
    if (matched) {
      t.mean_abs = abs / matched;
      t.rms = std::sqrt(sq / matched);
      t.mean_signed = sign / matched;
      t.max_abs = max;
    }
    return t;
  }
};

size_t count(const Trains& t) {
  size_t n = 0;
  for (const auto& v : t) n += v.size();
  return n;
}

}  // namespace

TimingReport compare_levels(const Network& quantised, const HwConfig& hw, uint32_t examples, uint64_t seed,
                            const std::string& source) {
  if (!quantised.quantised()) throw InputError(source + ": not quantised (run nmx quantize first)");
  const Layer layer = layer_of(quantised, source);
  const uint32_t m = quantised.populations[1].size, steps = quantised.encoder.steps;
  NetworkL0 l0(quantised);
  const ChipImage image = build_chip_image(quantised, hw, source);
  ChipL1 l1(image);
  TimingReport r;
  r.examples = examples;
  r.steps = steps;
  ErrorSums l0c, l1c, l10;
  const std::vector<uint32_t> none;
  for (uint32_t e = 0; e < examples; ++e) {
    const Signal x = test_signal(quantised, seed, e);
    Trains cont(m), d0(m), d1(m);
    for (uint32_t j = 0; j < m; ++j) cont[j] = spike_times(x, layer.neuron(j));
    const auto raster = chip_raster(quantised, x);
    l0.reset();
    l1.reset();
    std::vector<std::vector<uint32_t>> s0;
    std::vector<CoreSpike> s1;
    for (uint32_t t = 0; t < steps; ++t) {
      l0.step(raster[t], s0);
      for (uint32_t n : s0[1]) d0[n].push_back(t + 1.0);
      s1.clear();
      l1.step(raster[t], t + 1 < steps ? raster[t + 1] : none, s1);
      for (const CoreSpike& cs : s1) {
        const CoreImage& ci = image.cores[cs.core];
        d1[ci.first_neuron + cs.neuron].push_back(t + 1.0);
      }
    }
    r.spikes_continuous += count(cont);
    r.spikes_l0 += count(d0);
    r.spikes_l1 += count(d1);
    l0c.add(d0, cont);
    l1c.add(d1, cont);
    l10.add(d1, d0);
  }
  r.l0_vs_continuous = l0c.result();
  r.l1_vs_continuous = l1c.result();
  r.l1_vs_l0 = l10.result();
  return r;
}

}  // namespace nmx::tem
