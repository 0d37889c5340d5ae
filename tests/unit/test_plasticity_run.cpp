// Learning inside run_dataset: one thread, deterministic, learned weights kept, and the
// learning signal's sources (run/learning_signal).
#include <catch2/catch.hpp>

#include <random>

#include "core/error.hpp"
#include "plastic_rules.hpp"
#include "run/runner.hpp"

using namespace nmx;
using namespace nmx::test;
using plastic::Event, plastic::Source, plastic::Target, plastic::Rounding;

namespace {

Dataset random_dataset(size_t n, uint32_t side, uint64_t seed) {
  Dataset d;
  d.name = "random";
  d.split = "test";
  d.rows = d.cols = side;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> u(0, 1);
  for (size_t i = 0; i < n * side * side; ++i) d.pixels.push_back(u(rng));
  for (size_t i = 0; i < n; ++i) d.labels.push_back(static_cast<uint8_t>(i % 10));
  return d;
}

Network learning_network(const plastic::GroupMicrocode& g) {
  Network net = recurrent_network(64, 96, 0.2, 8, 7, 3.0);
  net.encoder.steps = 20;
  for (Projection& pr : net.projections) make_plastic(pr, g);
  net.hw = plastic_hw(48);
  return net;
}

}  // namespace

TEST_CASE("plasticity run: learning runs on one thread, deterministically, and keeps the learned network", "[plasticity]") {
  const Network net = learning_network(pair_stdp(2, 3, {1024, 2000}, {1024, 2000}, Rounding::Stochastic));
  const ChipImage img = build_chip_image(net, *net.hw, "test");
  const Dataset data = random_dataset(6, 8, 3);
  for (const Level level : {Level::Fixed, Level::Float}) {
    RunOptions opt;
    opt.level = level;
    opt.threads = 2;
    opt.keep_learned = true;
    const RunReport a = run_dataset(net, &img, data, opt), b = run_dataset(net, &img, data, opt);
    CHECK(a.threads == 1);
    CHECK(a.learned_run);
    REQUIRE(a.learned);
    CHECK(a.weights_changed > 0);
    for (size_t k = 0; k < net.projections.size(); ++k) {
      CHECK(a.learned->projections[k].code == b.learned->projections[k].code);
      CHECK(a.learned->projections[k].weight == b.learned->projections[k].weight);
    }
    CHECK(a.predictions == b.predictions);
    opt.learning = false;
    const RunReport c = run_dataset(net, &img, data, opt);
    CHECK_FALSE(c.learned_run);
    CHECK_FALSE(c.learned);
    CHECK(c.threads == 2);
  }
}

TEST_CASE("plasticity run: a reward signal drives a rule that reads l, none leaves it still", "[plasticity]") {
  // Every 5 steps: w += l (nearest), so with reward:2 each code rises 2 per epoch.
  plastic::GroupMicrocode g;
  g.rounding = Rounding::Nearest;
  g.epoch = 5;
  add_term(g, Event::Epoch, Target::W, term(false, 0, {factor(Source::L)}));
  const Network net = learning_network(g);
  const ChipImage img = build_chip_image(net, *net.hw, "test");
  const Dataset data = random_dataset(1, 8, 5);
  RunOptions opt;
  opt.keep_learned = true;
  opt.signal = parse_learning_signal("reward:2", net, "--learning-signal");
  const RunReport r = run_dataset(net, &img, data, opt);
  REQUIRE(r.learned);
  const Projection& before = net.projections[0];
  const Projection& after = r.learned->projections[0];
  for (size_t s = 0; s < before.code.size(); ++s)
    CHECK(after.code[s] == std::min<int>(before.code[s] + 2 * 4, fx::weight_code_max(8)));  // 20 steps: 4 epochs
  opt.signal = parse_learning_signal("none", net, "--learning-signal");
  const RunReport q = run_dataset(net, &img, data, opt);
  CHECK(q.weights_changed == 0);
}

TEST_CASE("plasticity run: learning signals parse, bad ones name the option and the range", "[plasticity]") {
  const Network net = learning_network(pair_stdp(4, 4, {1024, 1000}, {1024, 1000}));
  const LearningSignal n = parse_learning_signal("neuron:output:5:100", net, "--learning-signal");
  CHECK(n.kind == SignalKind::Neuron);
  CHECK(n.population == 1);
  CHECK(n.neuron == 5);
  CHECK(n.value == 100);
  CHECK(parse_learning_signal("label:-7", net, "--learning-signal").value == -7);
  CHECK_THROWS_WITH(parse_learning_signal("reward:40000", net, "--learning-signal"),
                    Catch::Contains("--learning-signal") && Catch::Contains("-32768..32767"));
  CHECK_THROWS_WITH(parse_learning_signal("neuron:nope:1:1", net, "--learning-signal"), Catch::Contains("'nope'"));
  CHECK_THROWS_WITH(parse_learning_signal("neuron:output:96:1", net, "--learning-signal"), Catch::Contains("0..95"));
  CHECK_THROWS_AS(parse_learning_signal("sometimes", net, "--learning-signal"), InputError);
}
