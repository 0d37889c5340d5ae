// The SRM-alpha model (neuron/neuron_srm.hpp, neuron/srm_kernel.hpp): the L0 neuron against its
// defining kernel sums, the network file, validation, and its mapping onto the datapath
// (quant/datapath_map.hpp) on real images.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <random>

#include "core/error.hpp"
#include "data/dataset.hpp"
#include "encode/encoder.hpp"
#include "l0/network_l0.hpp"
#include "map/chip_image.hpp"
#include "net/network_io.hpp"
#include "ladder/quant_ladder.hpp"
#include "quant/quantize.hpp"
#include "delay/delay_trainer.hpp"
#include "readout/readout_fit.hpp"

using namespace nmx;

namespace {

// The definition: u(t) = sum_k eps(t - k) a(k) + theta sum_s nu(t - s), spike iff u >= theta.
std::vector<int> direct_spikes(const SrmParams& s, double theta, const std::vector<double>& a, std::vector<double>& u) {
  std::vector<int> spikes;
  u.assign(a.size(), 0.0);
  for (int t = 0; t < static_cast<int>(a.size()); ++t) {
    for (int k = 0; k <= t; ++k) u[t] += srm::psp(s, t - k) * a[k];
    for (int sp : spikes) u[t] += theta * srm::refractory(s, t - sp);
    if (u[t] >= theta) spikes.push_back(t);
  }
  return spikes;
}

// A small delay network whose hidden layer is SRM-alpha (weights scaled for its PSP).
Network srm_network(const SrmParams& s, uint32_t hidden, uint64_t seed) {
  DelayTrainOptions o;
  o.shape = {784, hidden, 10, 10};
  o.seed = seed;
  o.hidden_gain = 3.0;
  delay::Params p = init_delay_params(o);
  for (double& w : p.w1) w /= srm::datapath_weight_gain(s.tau);
  Network net = delay_network(p, o.neuron, o.latency_steps, seed, "srm test");
  Population& h = net.populations[1];
  h.model = NeuronModel::SrmAlpha;
  h.srm = s;
  validate(net, "test");
  return net;
}

// Per sample: the prediction and the hidden spike count, at L0.
std::vector<std::pair<int, size_t>> run_l0(const Network& net, const Dataset& d) {
  NetworkL0 l0(net);
  std::vector<std::pair<int, size_t>> out;
  std::vector<std::vector<uint32_t>> spikes;
  for (size_t i = 0; i < d.size(); ++i) {
    const InputRaster r = encode(net.encoder, d.image(i), 784, i);
    l0.reset();
    size_t hidden = 0;
    for (const auto& in : r.steps) {
      l0.step(in, spikes);
      hidden += spikes[1].size();
    }
    int best = 0;
    for (uint32_t k = 1; k < 10; ++k)
      if (l0.membrane(2, k) > l0.membrane(2, best)) best = static_cast<int>(k);
    out.push_back({best, hidden});
  }
  return out;
}

}  // namespace

TEST_CASE("SRM-alpha neuron: the recursive kernels equal the direct kernel sums", "[srm][l0]") {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> input(-0.5, 2.0);
  for (RefractoryKernel kernel : {RefractoryKernel::Alpha, RefractoryKernel::Exponential}) {
    for (double tau : {1.0, 4.0, 10.0}) {
      const SrmParams s{tau, kernel == RefractoryKernel::Alpha ? 1.0 : 3.0, kernel, 2.0};
      const double theta = 1.5;
      std::vector<double> a(80);
      for (double& x : a) x = input(rng);
      std::vector<double> u_direct;
      const std::vector<int> expected = direct_spikes(s, theta, a, u_direct);
      neuron_srm::State st;
      const neuron_srm::Params p = neuron_srm::Params::of(s, theta);
      std::vector<int> got;
      for (int t = 0; t < 80; ++t) {
        if (neuron_srm::step(st, p, a[t])) got.push_back(t);
        CHECK(st.u == Approx(u_direct[t]).margin(1e-10));
      }
      CHECK(got == expected);
      CHECK(expected.size() >= 5);  // the refractory kernel is exercised
    }
  }
}

TEST_CASE("SRM-alpha kernels: peak 1 at tau, nothing in the arrival step, the datapath identity", "[srm]") {
  const SrmParams s{10, 1, RefractoryKernel::Alpha, 2};
  CHECK(srm::psp(s, 0) == 0.0);
  CHECK(srm::psp(s, 10) == Approx(1.0));
  CHECK(srm::psp(s, 9) < 1.0);
  CHECK(srm::refractory(s, 0) == 0.0);
  CHECK(srm::refractory(s, 1) == Approx(-2.0));  // SLAYER's -2 theta at tau_ref
  // eps(n + 1) = gain (n + 1) q^n: the datapath's alpha response (du = dv = 1 - q) one step later.
  const double q = 1 - srm::datapath_decay(10), g = srm::datapath_weight_gain(10);
  for (int n = 0; n < 40; ++n) CHECK(srm::psp(s, n + 1) == Approx(g * (n + 1) * std::pow(q, n)).epsilon(1e-13));
}

TEST_CASE("network file: an SRM-alpha population round-trips with its kernel parameters", "[srm][network][io]") {
  const Network net = srm_network({7.5, 2.5, RefractoryKernel::Exponential, 1.25}, 20, 1);
  const std::string path = (std::filesystem::temp_directory_path() / "nmx_srm_roundtrip.h5").string();
  write_network(net, path);
  const Network back = read_network(path);
  std::filesystem::remove(path);
  CHECK(back.version == kNetworkFormatVersion);
  CHECK(back.file_version == kNetworkFormatVersion);
  CHECK(back.populations[1].model == NeuronModel::SrmAlpha);
  CHECK(back.populations[1].srm.tau == 7.5);
  CHECK(back.populations[1].srm.tau_ref == 2.5);
  CHECK(back.populations[1].srm.ref_kernel == RefractoryKernel::Exponential);
  CHECK(back.populations[1].srm.ref_scale == 1.25);
  CHECK(back.populations[2].model == NeuronModel::Datapath);
}

TEST_CASE("network file: a version-1 file reads as all-datapath", "[srm][network][io]") {
  const Network net = read_network(NMX_SOURCE_DIR "/examples/fmnist-delay-ternary.h5");
  for (const Population& p : net.populations) CHECK(p.model == NeuronModel::Datapath);
  CHECK(net.version == kNetworkFormatVersion);
  CHECK(net.file_version == 1);  // what nmx info shows
}

TEST_CASE("network IR: an SRM-alpha population has no bias, no stochastic spikes, no fixed-point twin", "[srm][network]") {
  const Network good = srm_network({}, 10, 2);
  Network bias = good;
  bias.populations[1].real.bias[3] = 0.5;
  REQUIRE_THROWS_WITH(validate(bias, "f.h5"), Catch::Contains("f.h5") && Catch::Contains("real.bias[3]") &&
                                                  Catch::Contains("srm_alpha has no bias"));
  Network tau = good;
  tau.populations[1].srm.tau = 0;
  REQUIRE_THROWS_WITH(validate(tau, "f.h5"), Catch::Contains("srm.tau") && Catch::Contains("> 0"));
  Network fixed = quantize(good, QuantizeOptions{});
  fixed.populations[1].model = NeuronModel::SrmAlpha;
  REQUIRE_THROWS_WITH(validate(fixed, "f.h5"), Catch::Contains("no fixed-point twin"));
}

TEST_CASE("network IR: an input population is never SRM-alpha", "[srm][network]") {
  Network net = srm_network({}, 10, 2);
  net.populations[0].model = NeuronModel::SrmAlpha;
  REQUIRE_THROWS_WITH(validate(net, "f.h5"), Catch::Contains("populations[0] 'input' .model = srm_alpha") &&
                                                 Catch::Contains("datapath (an input population has no neurons)"));
}

TEST_CASE("datapath mapping: the reset stand-in, its refractory period, and a membrane readout", "[srm][quant]") {
  const SrmParams exp_kernel{10, 10, RefractoryKernel::Exponential, 1};
  Network net = srm_network(exp_kernel, 12, 3);
  DatapathMapOptions m;
  m.reset = ResetMode::Zero;
  m.refrac = 3;
  DatapathMapReport rep;
  Network mapped = map_to_datapath(net, m, &rep);
  CHECK(mapped.populations[1].reset == std::vector<ResetMode>(12, ResetMode::Zero));
  CHECK(mapped.populations[1].refrac == std::vector<uint8_t>(12, 3));
  CHECK(mapped.populations[2].reset == net.populations[2].reset);  // the datapath output is left alone
  CHECK_FALSE(rep.exact);
  CHECK_THAT(rep.approximation, Catch::Contains("reset to zero + 3 refractory steps"));
  // Subtractive, no refractory period: exact, unless the readout reads the SRM membrane.
  map_to_datapath(net, {}, &rep);
  CHECK(rep.exact);
  net.readout = {ReadoutKind::MaxMembrane, 1};
  map_to_datapath(net, {}, &rep);
  CHECK_FALSE(rep.exact);
  CHECK_THAT(rep.approximation, Catch::Contains("readout reads an SRM membrane"));
  m.refrac = 16;
  REQUIRE_THROWS_WITH(map_to_datapath(net, m), Catch::Contains("16") && Catch::Contains("0..15"));
}

TEST_CASE("quantize: an SRM network's delays past D - 1 after the mapping's extra step are clipped and counted once", "[srm][quant]") {
  const Network net = srm_network({}, 20, 4);
  QuantizeOptions q;
  q.delay_slots = 3;  // every input delay of 2 or more lands past D - 1 = 2 once shifted
  QuantizeReport rep;
  const Network out = quantize(net, q, &rep);
  size_t expected = 0;
  for (uint8_t d : net.projections[0].delay) expected += d + 1 > 2;
  for (uint8_t d : net.projections[1].delay) expected += d > 2;
  CHECK(rep.datapath.clipped_delays == 0);
  CHECK(rep.clipped_delays == expected);
  CHECK(expected > 100);
  CHECK(out.max_delay() == 2);
}

TEST_CASE("datapath mapping: exact for the exponential refractory kernel on real images", "[srm][quant][levels]") {
  const Dataset d = load_dataset("fashion-mnist", Split::Test, 300);
  const SrmParams s{10, 10, RefractoryKernel::Exponential, 1};
  const Network net = srm_network(s, 100, 5);
  DatapathMapReport rep;
  const Network mapped = map_to_datapath(net, {}, &rep);
  CHECK(rep.exact);
  CHECK(rep.populations == std::vector<std::string>{"hidden"});
  CHECK(rep.shifted_delays == 784 * 100);
  CHECK(mapped.populations[1].model == NeuronModel::Datapath);
  CHECK(mapped.populations[1].real.du[0] == Approx(1 - std::exp(-0.1)));
  CHECK(mapped.projections[0].delay[7] == net.projections[0].delay[7] + 1);
  CHECK(mapped.projections[1].delay == net.projections[1].delay);
  const auto a = run_l0(net, d), b = run_l0(mapped, d);
  size_t spikes = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i] == b[i]);
    spikes += a[i].second;
  }
  CHECK(spikes > 300 * 20);  // the hidden layer is active
}

TEST_CASE("datapath mapping: the alpha refractory kernel is an approximation, reported with its cost", "[srm][quant][levels]") {
  Network net = srm_network({}, 100, 6);  // SLAYER's defaults: alpha, tau_ref 1, 2 theta
  fit_readout(net, load_dataset("fashion-mnist", Split::Train, 2000), {});  // a readout worth measuring
  DatapathMapOptions m;
  m.max_delay = 2;  // every input->hidden delay of 2 or more is pushed past it
  DatapathMapReport rep;
  const Network mapped = map_to_datapath(net, m, &rep);
  CHECK_FALSE(rep.exact);
  CHECK_THAT(rep.approximation, Catch::Contains("alpha refractory kernel") && Catch::Contains("subtractive reset") &&
                                    Catch::Contains("clipped"));
  size_t expected = 0;
  for (uint8_t x : net.projections[0].delay) expected += x >= 2;
  CHECK(rep.clipped_delays == expected);
  CHECK(expected > 0);

  // The ladder reports the mapping as its own step, then quantises the datapath twin.
  const Dataset d = load_dataset("fashion-mnist", Split::Test, 100);
  const HwConfig hw = default_hw_config();
  const Network q = quantize_for_chip(net, QuantizeOptions{}, hw);
  CHECK(q.populations[1].model == NeuronModel::Datapath);
  const ChipImage chip = build_chip_image(q, hw, "test");
  const auto stages = quantization_ladder(net, q, chip, d, 2);
  REQUIRE(stages.size() == 5);
  CHECK_THAT(stages[0].name, Catch::Contains("SRM-alpha"));
  CHECK_THAT(stages[1].name, Catch::Contains("mapped onto the datapath"));
  // Measured: 71% SRM, 75% mapped, 75% clipped; the fitted real-valued readout loses most
  // in ternary codes (54%), which is the readout's doing, not the mapping's.
  CHECK(stages[0].accuracy > 0.6);
  CHECK(stages[1].accuracy > 0.6);
  CHECK(stages[4].accuracy > 0.4);
}
