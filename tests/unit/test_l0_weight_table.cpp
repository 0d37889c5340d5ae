// L0 adds a dense projection's weights through a table of its distinct values when it has
// at most 256 of them (l0/network_l0.cpp), by a byte index or, when few, by one byte for
// delay and weight: the sums must be the plain ones, bit for bit, on every path.
#include <catch2/catch.hpp>

#include <random>

#include "l0/network_l0.hpp"
#include "test_networks.hpp"

using namespace nmx;

namespace {

// input(pre) -> `post` probes with du = dv = 1 (so v = this step's dendritic input) and a
// threshold never reached; weights: `distinct` random values (pre * post >= distinct),
// delays 0..3.
Network table_network(uint32_t pre, uint32_t post, uint32_t distinct, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> value(-1.0, 1.0);
  std::vector<double> values(distinct);
  for (double& v : values) v = value(rng);
  values[0] = -0.0;
  Network net;
  net.populations.push_back(test::input_population(pre));
  net.populations.push_back(test::uniform_population("probe", post, 4096, 4096, 1 << 20));
  Projection pr = test::dense_projection(0, 1, pre, post, 1, {1, 0}, [](uint32_t) { return 0; });
  std::uniform_int_distribution<uint32_t> pick(0, distinct - 1), delay(0, 3);
  for (size_t s = 0; s < pr.weight.size(); ++s) {
    pr.weight[s] = values[s < distinct ? s : pick(rng)];  // every value used
    pr.delay[s] = static_cast<uint8_t>(delay(rng));
  }
  net.projections.push_back(pr);
  net.readout = {ReadoutKind::MaxMembrane, 1};
  return net;
}

// Steps L0 and a naive ring (one double per slot and probe, inputs in ascending order) on
// the same random inputs; v of every probe must equal the naive slot sum exactly.
void expect_naive_sums(const Network& net) {
  const Projection& pr = net.projections[0];
  const uint32_t pre = net.populations[0].size, post = net.populations[1].size, slots = 4;
  NetworkL0 l0(net);
  std::vector<double> ring(size_t{slots} * post, 0.0);
  std::mt19937_64 rng(5);
  std::bernoulli_distribution fire(0.4);
  std::vector<std::vector<uint32_t>> spikes;
  for (uint32_t t = 0; t < 12; ++t) {
    std::vector<uint32_t> in;
    for (uint32_t i = 0; i < pre; ++i)
      if (fire(rng)) in.push_back(i);
    for (const uint32_t i : in)
      for (uint32_t j = 0; j < post; ++j) {
        const size_t s = size_t{i} * post + j;
        ring[size_t{(t + pr.delay[s]) % slots} * post + j] += pr.weight[s];
      }
    l0.step(in, spikes);
    for (uint32_t j = 0; j < post; ++j) {
      double& a = ring[size_t{t % slots} * post + j];
      REQUIRE(l0.membrane(1, j) == a);
      a = 0.0;
    }
  }
}

}  // namespace

TEST_CASE("L0 sums of a projection with 3 distinct weights (delay and weight in one byte) equal the plain sums bit for bit",
          "[l0]") {
  expect_naive_sums(table_network(30, 12, 3, 2));
}

TEST_CASE("L0 sums of a projection with 256 distinct weights (byte index) equal the plain sums bit for bit", "[l0]") {
  expect_naive_sums(table_network(30, 12, 256, 3));
}

TEST_CASE("L0 sums of a projection with 257 distinct weights (no table) equal the plain sums bit for bit", "[l0]") {
  expect_naive_sums(table_network(30, 12, 257, 4));
}
