// The dense twin of a mode projection (net/mode_dense.hpp): its weights are the product
// xi_in diag(lambda) xi_out^T, and at rate_decay 1 it runs the same network at L0.
#include <catch2/catch.hpp>

#include <Eigen/Dense>
#include <random>

#include "core/error.hpp"
#include "gen/generate.hpp"
#include "l0/network_l0.hpp"
#include "net/mode_dense.hpp"
#include "quant/quantize.hpp"

using namespace nmx;

namespace {

Network low_rank_net(double rate_decay) {
  GenerateOptions g;
  g.layers = {24, 16};
  g.ternary = false;
  g.connectivity = 0.5;
  g.max_delay = 3;
  g.modes = 2;
  g.mode_gain = 4.0;
  g.rate_decay = rate_decay;
  g.seed = 3;
  g.encoder.kind = EncoderKind::Poisson;
  return generate_network(g);
}

// Spikes of every neuron population over `steps` steps of the same random inputs.
std::vector<std::vector<uint32_t>> run_l0(const Network& net, uint32_t steps) {
  NetworkL0 l0(net);
  std::mt19937_64 rng(7);
  std::bernoulli_distribution fire(0.3);
  std::vector<std::vector<uint32_t>> raster;
  for (uint32_t t = 0; t < steps; ++t) {
    std::vector<uint32_t> in;
    for (uint32_t i = 0; i < 24; ++i)
      if (fire(rng)) in.push_back(i);
    PopulationSpikes s;
    l0.step(in, s);
    raster.push_back(s[1]);
  }
  return raster;
}

}  // namespace

TEST_CASE("mode dense twin: the weights are xi_in diag(lambda) xi_out^T, delay 0", "[mode][dense]") {
  const Network net = low_rank_net(1.0);
  const ModeProjection& mp = net.mode_projections[0];
  const Projection pr = dense_recurrence(net, 0);
  const Eigen::Index n = 16, p = 2;
  const Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> xi_in(
      mp.xi_in.data(), n, p), xi_out(mp.xi_out.data(), n, p);
  const Eigen::MatrixXd w = xi_in * Eigen::Map<const Eigen::VectorXd>(mp.lambda.data(), p).asDiagonal() *
                            xi_out.transpose();  // w(j, i): post j, pre i
  REQUIRE(pr.pre == 1);
  REQUIRE(pr.post == 1);
  REQUIRE(pr.weight.size() == 256);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) CHECK(pr.weight[i * n + j] == Approx(w(j, i)).margin(1e-12));
  CHECK(std::all_of(pr.delay.begin(), pr.delay.end(), [](uint8_t d) { return d == 0; }));
  CHECK(w.norm() > 0.1);
  const Network twin = with_dense_recurrences(net);
  CHECK(twin.mode_projections.empty());
  CHECK(twin.projections.size() == net.projections.size() + 1);
}

TEST_CASE("mode dense twin: at rate_decay 1 L0 fires the same spikes as the mode projection", "[mode][dense]") {
  const Network net = low_rank_net(1.0);
  const auto mode = run_l0(net, 80);
  const auto dense = run_l0(with_dense_recurrences(net), 80);
  size_t spikes = 0;
  for (const auto& s : mode) spikes += s.size();
  CHECK(spikes > 50);
  CHECK(mode == dense);
  // The recurrence shapes the raster: without it the spikes differ.
  Network none = net;
  none.mode_projections.clear();
  CHECK(run_l0(none, 80) != mode);
  // With a slower trace the mode unit sees r, the dense twin only the spikes.
  const Network slow = low_rank_net(0.25);
  CHECK(run_l0(slow, 80) != run_l0(with_dense_recurrences(slow), 80));
}

TEST_CASE("mode dense twin: a quantised mode projection is refused", "[mode][dense][errors]") {
  QuantizeOptions q;
  q.weight_bits = 8;
  const Network quantised = quantize(low_rank_net(1.0), q);
  CHECK_THROWS_WITH(dense_recurrence(quantised, 0), Catch::Contains("mode_projections[0]") &&
                                                        Catch::Contains("is quantised (code_bits 8)"));
}
