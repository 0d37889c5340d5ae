// Presets: their rule text, the microcode it compiles to, and what that microcode computes.
#include <catch2/catch.hpp>

#include <array>
#include <cmath>

#include "core/error.hpp"
#include "plastic/presets.hpp"
#include "plastic/rule_compile.hpp"

using Catch::Contains;
using namespace nmx::plastic;

namespace {

const Program& prog(const GroupMicrocode& g, Event e, Target t) {
  return g.program[static_cast<int>(e)][static_cast<int>(t)];
}

GroupMicrocode compiled(const RuleSpec& r) { return compile_rule(r.rule, r.params, "preset"); }

// A program's exact change before rounding (docs/plasticity.md, Arithmetic), from the
// values of the sources (indexed by Source) and the membrane v.
double evaluate(const Program& p, const std::array<double, 10>& value) {
  double sum = 0;
  for (int i = 0; i < p.terms; ++i) {
    const Term& t = p.term[i];
    double prod = std::ldexp(1.0, -t.shift);
    for (int j = 0; j < t.factors; ++j) {
      const Factor& f = t.factor[j];
      const double x = value[static_cast<int>(f.source)];
      prod *= f.test ? (x >= (f.source == Source::V ? f.c * 256.0 : f.c) ? 1 : 0) : x + f.c;
    }
    sum += t.negative ? -prod : prod;
  }
  return sum;
}

}  // namespace

TEST_CASE("preset: pair STDP", "[plastic][preset]") {
  const RuleSpec r = stdp(StdpParams{});
  CHECK(r.rule == "dw = 2^-11*x1*post - 2^-11*y1*pre");
  const GroupMicrocode g = compiled(r);
  CHECK(g.x1.decay == 200);  // round(4096 (1 - e^(-1/20)))
  CHECK(g.x1.amp == 2048);   // A+ = 1 code = 2048 * 2^-11
  CHECK(g.y1.decay == 200);
  CHECK(g.y1.amp == 2048);
  CHECK(g.x2.amp == 0);
  CHECK(g.epoch == 0);
  CHECK(g.rounding == Rounding::Stochastic);
  const Program& post = prog(g, Event::Post, Target::W);
  REQUIRE(post.terms == 1);
  CHECK_FALSE(post.term[0].negative);
  CHECK(post.term[0].shift == 11);
  CHECK(post.term[0].factors == 1);
  CHECK(post.term[0].factor[0].source == Source::X1);
  const Program& pre = prog(g, Event::Pre, Target::W);
  REQUIRE(pre.terms == 1);
  CHECK(pre.term[0].negative);
  CHECK(pre.term[0].shift == 11);
  CHECK(pre.term[0].factor[0].source == Source::Y1);
  CHECK(prog(g, Event::Epoch, Target::W).terms == 0);
  // At zero lag the pair changes w by A+ and A-: x1 = y1 = amp.
  std::array<double, 10> v{};
  v[static_cast<int>(Source::X1)] = g.x1.amp;
  v[static_cast<int>(Source::Y1)] = g.y1.amp;
  CHECK(evaluate(post, v) == 1.0);
  CHECK(evaluate(pre, v) == -1.0);
}

TEST_CASE("preset: heterogeneous STDP, each group its own amplitudes and time constants", "[plastic][preset]") {
  const GroupMicrocode a = compiled(stdp(StdpParams{0.25, 0.5, 10, 40}));
  const GroupMicrocode b = compiled(stdp(StdpParams{3, 0.01, 5, std::numeric_limits<double>::infinity()}));
  // 0.25 = 4096 * 2^-14 would saturate headroom: 2048 * 2^-13.
  CHECK(a.x1.amp == 2048);
  CHECK(prog(a, Event::Post, Target::W).term[0].shift == 13);
  CHECK(a.y1.amp == 2048);
  CHECK(prog(a, Event::Pre, Target::W).term[0].shift == 12);
  CHECK(a.x1.decay == std::lround(4096 * (1 - std::exp(-1.0 / 10))));
  CHECK(a.y1.decay == std::lround(4096 * (1 - std::exp(-1.0 / 40))));
  CHECK(b.x1.amp == 3072);  // 3 = 3072 * 2^-10
  CHECK(prog(b, Event::Post, Target::W).term[0].shift == 10);
  CHECK(b.y1.amp == std::lround(0.01 * 65536));  // 655 * 2^-16
  CHECK(prog(b, Event::Pre, Target::W).term[0].shift == 16);
  CHECK(b.y1.decay == 0);  // tau = inf: never decays
  CHECK_FALSE(same_microcode(a, b));
  CHECK_THROWS_WITH(stdp(StdpParams{0, 1, 20, 20}),
                    Contains("stdp: a_plus = 0 is out of range (allowed: 7.62939453125e-06..4095"));
  CHECK_THROWS_WITH(stdp(StdpParams{5000, 1, 20, 20}), Contains("stdp: a_plus = 5000 is out of range"));
  CHECK_THROWS_WITH(stdp(StdpParams{1, 1, 20, -3}), Contains("stdp: tau_minus = -3 is out of range"));
}

TEST_CASE("preset: three-factor learning", "[plastic][preset]") {
  ThreeFactorParams p;
  p.eta = 3.0 / 1024;
  p.epoch = 50;
  const RuleSpec r = three_factor(p);
  CHECK(r.rule == "de = 2^-11*x1*post - 2^-11*y1*pre - e; dw = 2^-10*3*l*e");
  const GroupMicrocode g = compiled(r);
  CHECK(g.epoch == 50);
  CHECK(prog(g, Event::Post, Target::E).terms == 1);
  CHECK(prog(g, Event::Pre, Target::E).terms == 1);
  CHECK(prog(g, Event::Post, Target::W).terms == 0);
  const Program& reset = prog(g, Event::Epoch, Target::E);
  REQUIRE(reset.terms == 1);
  CHECK(reset.term[0].negative);
  CHECK(reset.term[0].shift == 0);
  REQUIRE(reset.term[0].factors == 1);
  CHECK(reset.term[0].factor[0].source == Source::E);
  const Program& learn = prog(g, Event::Epoch, Target::W);
  REQUIRE(learn.terms == 1);
  CHECK(learn.term[0].shift == 10);
  REQUIRE(learn.term[0].factors == 3);
  CHECK(learn.term[0].factor[0].source == Source::L);
  CHECK(learn.term[0].factor[1].source == Source::E);
  CHECK(learn.term[0].factor[2].source == Source::Zero);
  CHECK(learn.term[0].factor[2].c == 3);
  // At the epoch: dw = eta * l * e, and e goes to exactly 0.
  std::array<double, 10> v{};
  v[static_cast<int>(Source::L)] = 100;
  v[static_cast<int>(Source::E)] = -512;
  CHECK(evaluate(learn, v) == -150.0);
  CHECK(evaluate(reset, v) == 512.0);
  p.eta = 1.0 / 256;
  CHECK(three_factor(p).rule == "de = 2^-11*x1*post - 2^-11*y1*pre - e; dw = 2^-8*l*e");
  p.epoch = 0;
  CHECK_THROWS_WITH(three_factor(p), "three-factor: epoch = 0 is out of range (allowed: 1..65535 steps)");
}

TEST_CASE("preset: ODIN SDSP, the calcium window and the bistable drift", "[plastic][preset]") {
  const RuleSpec r = sdsp(SdspParams{});
  CHECK(r.rule ==
        "dw = 2*[v >= 64]*[y1 >= 512]*pre - 2*[v >= 64]*[y1 >= 3072]*pre - [y1 >= 512]*pre + [y1 >= 3072]*pre + "
        "2*[w >= 0] - 1");
  const GroupMicrocode g = compiled(r);
  CHECK(g.rounding == Rounding::Nearest);
  CHECK(g.epoch == 100);
  CHECK(g.y1.amp == 1024);
  CHECK(g.y1.decay == 200);
  const Program& pre = prog(g, Event::Pre, Target::W);
  REQUIRE(pre.terms == 4);
  REQUIRE(pre.term[0].factors == 3);
  CHECK(pre.term[0].factor[0].source == Source::V);
  CHECK(pre.term[0].factor[0].test);
  CHECK(pre.term[0].factor[0].c == 64);
  CHECK(pre.term[0].factor[1].source == Source::Y1);
  CHECK(pre.term[0].factor[1].c == 512);
  CHECK(pre.term[0].factor[2].source == Source::Zero);
  CHECK(pre.term[0].factor[2].c == 2);
  CHECK(pre.term[1].negative);
  CHECK(pre.term[2].negative);
  CHECK_FALSE(pre.term[3].negative);
  REQUIRE(pre.term[3].factors == 1);
  CHECK(pre.term[3].factor[0].c == 3072);
  // Up iff v >= theta_m inside the window, down iff v < theta_m inside it, else nothing.
  const int v = static_cast<int>(Source::V), y1 = static_cast<int>(Source::Y1), w = static_cast<int>(Source::W);
  for (double ca : {0.0, 511.0, 512.0, 3071.0, 3072.0, 9000.0}) {
    for (double mem : {64.0 * 256 - 1, 64.0 * 256}) {
      std::array<double, 10> x{};
      x[v] = mem;
      x[y1] = ca;
      const bool window = ca >= 512 && ca < 3072;
      INFO("calcium " << ca << ", membrane " << mem);
      CHECK(evaluate(pre, x) == (window ? (mem >= 64 * 256 ? 1.0 : -1.0) : 0.0));
    }
  }
  const Program& drift = prog(g, Event::Epoch, Target::W);
  REQUIRE(drift.terms == 2);
  std::array<double, 10> x{};
  for (double code : {-1.0, 0.0, 1.0}) {
    x[w] = code;
    CHECK(evaluate(drift, x) == (code >= 0 ? 1.0 : -1.0));
  }
  SdspParams bad;
  bad.ca_high = 100;
  CHECK_THROWS_WITH(sdsp(bad), "sdsp: ca_high = 100 is out of range (allowed: 513..32767)");
}
