// The plasticity rule language: text -> microcode, field by field, and every refusal.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "core/error.hpp"
#include "plastic/rule_compile.hpp"
#include "plastic/rule_parse.hpp"
#include "plastic/rule_params.hpp"

using Catch::Contains;
using namespace nmx::plastic;

namespace {

RuleParams traces(int32_t amp = 1000, uint32_t epoch = 0) {
  RuleParams p;
  p.x1 = p.x2 = p.y1 = p.y2 = TraceParams{200, amp};
  p.epoch = epoch;
  return p;
}

const Program& prog(const GroupMicrocode& g, Event e, Target t) {
  return g.program[static_cast<int>(e)][static_cast<int>(t)];
}

void check_factor(const Factor& f, Source s, bool test, int c) {
  CHECK(f.source == s);
  CHECK(f.test == test);
  CHECK(f.c == c);
}

// The message of the InputError compiling `text` throws.
std::string error_of(const std::string& text, const RuleParams& p = traces(1000, 10)) {
  try {
    compile_rule(text, p, "net.h5: projections[0] 'in_hid'");
  } catch (const nmx::InputError& e) {
    return e.what();
  }
  FAIL("no error for: " << text);
  return "";
}

}  // namespace

TEST_CASE("rule: pair STDP splits into a post and a pre program", "[plastic][rule]") {
  const GroupMicrocode g = compile_rule("dw = 2^-4*x1*post - 2^-5*y1*pre", traces(), "t");
  const Program& post = prog(g, Event::Post, Target::W);
  REQUIRE(post.terms == 1);
  CHECK_FALSE(post.term[0].negative);
  CHECK(post.term[0].shift == 4);
  CHECK_FALSE(post.term[0].needs_pre);
  REQUIRE(post.term[0].factors == 1);
  check_factor(post.term[0].factor[0], Source::X1, false, 0);
  const Program& pre = prog(g, Event::Pre, Target::W);
  REQUIRE(pre.terms == 1);
  CHECK(pre.term[0].negative);
  CHECK(pre.term[0].shift == 5);
  REQUIRE(pre.term[0].factors == 1);
  check_factor(pre.term[0].factor[0], Source::Y1, false, 0);
  for (int e = 0; e < kEvents; ++e)
    for (int t = 0; t < kTargets; ++t)
      if (!(t == 0 && e < 2)) CHECK(g.program[e][t].terms == 0);
  CHECK(g.x1.decay == 200);
  CHECK(g.x1.amp == 1000);
  CHECK(g.rounding == Rounding::Stochastic);
}

TEST_CASE("rule: pre and post together need the pre event, at the post event", "[plastic][rule]") {
  const GroupMicrocode g = compile_rule("dw = 3*pre*post*w", traces(), "t");
  const Program& post = prog(g, Event::Post, Target::W);
  REQUIRE(post.terms == 1);
  CHECK(post.term[0].needs_pre);
  REQUIRE(post.term[0].factors == 2);
  check_factor(post.term[0].factor[0], Source::W, false, 0);
  check_factor(post.term[0].factor[1], Source::Zero, false, 3);  // the constant, folded last
  CHECK(prog(g, Event::Pre, Target::W).terms == 0);
}

TEST_CASE("rule: GEM's eligibility (post - p) * x1 reads p, the post neuron's spike probability", "[plastic][rule][gem]") {
  const GroupMicrocode g = compile_rule("de = x1*post - 2^-16*p*x1 - 2^-3*e; dw = 2^-16*e*l", traces(1000, 1), "t");
  const Program& post = prog(g, Event::Post, Target::E);
  REQUIRE(post.terms == 1);
  check_factor(post.term[0].factor[0], Source::X1, false, 0);
  const Program& epoch = prog(g, Event::Epoch, Target::E);
  REQUIRE(epoch.terms == 2);
  CHECK(epoch.term[0].negative);
  CHECK(epoch.term[0].shift == 16);
  REQUIRE(epoch.term[0].factors == 2);
  check_factor(epoch.term[0].factor[0], Source::P, false, 0);
  check_factor(epoch.term[0].factor[1], Source::X1, false, 0);
  CHECK(prog(g, Event::Epoch, Target::W).terms == 1);
  CHECK(std::string(source_name(Source::P)) == "p");
  // p may be offset and tested like a trace
  const GroupMicrocode h = compile_rule("dw = (p - 32768)*[p >= 100]*pre", traces(), "t");
  check_factor(prog(h, Event::Pre, Target::W).term[0].factor[0], Source::P, false, -32768);
  check_factor(prog(h, Event::Pre, Target::W).term[0].factor[1], Source::P, true, 100);
}

TEST_CASE("rule: offsets, tests, constants folded, statements on several lines", "[plastic][rule]") {
  const std::string text =
      "dw = -(w - 2)*(e + 7)*pre\n"
      "   + 2^-0*[v >= -3]*[y2 >= 100]*pre\n"
      "de = 2*3*l*post;  dd = 2^-16*[d >= 1]*1 - 5*7\n";
  const GroupMicrocode g = compile_rule(text, traces(1000, 50), "t");
  const Program& pw = prog(g, Event::Pre, Target::W);
  REQUIRE(pw.terms == 2);
  CHECK(pw.term[0].negative);
  CHECK(pw.term[0].shift == 0);
  REQUIRE(pw.term[0].factors == 2);
  check_factor(pw.term[0].factor[0], Source::W, false, -2);
  check_factor(pw.term[0].factor[1], Source::E, false, 7);
  CHECK_FALSE(pw.term[1].negative);
  REQUIRE(pw.term[1].factors == 2);
  check_factor(pw.term[1].factor[0], Source::V, true, -3);
  check_factor(pw.term[1].factor[1], Source::Y2, true, 100);
  const Program& pe = prog(g, Event::Post, Target::E);
  REQUIRE(pe.terms == 1);
  REQUIRE(pe.term[0].factors == 2);
  check_factor(pe.term[0].factor[0], Source::L, false, 0);
  check_factor(pe.term[0].factor[1], Source::Zero, false, 6);  // 2*3
  const Program& ed = prog(g, Event::Epoch, Target::D);
  REQUIRE(ed.terms == 2);
  CHECK(ed.term[0].shift == 16);
  REQUIRE(ed.term[0].factors == 1);  // the constant 1 is dropped
  check_factor(ed.term[0].factor[0], Source::D, true, 1);
  CHECK(ed.term[1].negative);
  REQUIRE(ed.term[1].factors == 1);
  check_factor(ed.term[1].factor[0], Source::Zero, false, 35);
  CHECK(g.epoch == 50);
}

TEST_CASE("rule: a constant term has no factor", "[plastic][rule]") {
  const GroupMicrocode g = compile_rule("dw = 2*[w >= 0] - 1", traces(1000, 7), "t");
  const Program& p = prog(g, Event::Epoch, Target::W);
  REQUIRE(p.terms == 2);
  CHECK(p.term[1].negative);
  CHECK(p.term[1].factors == 0);
}

TEST_CASE("rule: microcode written back as text compiles to the same microcode", "[plastic][rule]") {
  for (const std::string text :
       {"dw = 2^-4*x1*post - 2^-5*y1*pre", "dw = -(w - 2)*(e + 7)*pre + [v >= -3]*[y2 >= 100]*pre; de = 6*l*post",
        "de = x1*post - y1*pre - e; dw = 2^-8*l*e; dd = [d >= 1]*post*pre - 1",
        "dw = 2*[v >= 64]*[y1 >= 512]*pre - 2*[v >= 64]*[y1 >= 3072]*pre - [y1 >= 512]*pre + [y1 >= 3072]*pre"}) {
    const GroupMicrocode g = compile_rule(text, traces(1000, 10), "t");
    const std::string back = rule_text_of(g);
    INFO(text << " -> " << back);
    CHECK(same_microcode(compile_rule(back, traces(1000, 10), "t"), g));
  }
  CHECK(rule_text_of(compile_rule("dw = 2^-4*x1*post - 2^-5*y1*pre", traces(), "t")) ==
        "dw = -2^-5*y1*pre + 2^-4*x1*post");
  CHECK_FALSE(same_microcode(compile_rule("dw = x1*post", traces(), "t"), compile_rule("dw = x2*post", traces(), "t")));
  CHECK_FALSE(same_microcode(compile_rule("dw = x1*post", traces(), "t"), compile_rule("dw = x1*post", traces(999), "t")));
}

TEST_CASE("rule errors name the rule, the column and what is allowed", "[plastic][rule]") {
  const std::string where = "net.h5: projections[0] 'in_hid': rule '";
  std::string m = error_of("dw = 2^-4*x3*post");
  CHECK_THAT(m, Contains(where + "dw = 2^-4*x3*post': column 11: unknown factor 'x3' (allowed: x1, x2, y1, y2, e, "
                                 "l, w, d, p, pre, post, an integer, (f + c), (f - c), [f >= c], 2^-s)"));
  CHECK_THAT(error_of("dx = x1*post"), Contains("column 1: unknown target 'dx', expected a statement dw = ..., de = "
                                                "... or dd = ... (allowed targets: dw, de, dd)"));
  CHECK_THAT(error_of("dw x1*post"), Contains("column 4: expected '=' after dw"));
  CHECK_THAT(error_of("dw = x1*post + y1*post + x2*post + y2*post + w*post + y1*pre"),
             Contains("column 46: dw has more than 4 terms at the post event (allowed: at most 4 per target and event)"));
  CHECK_THAT(error_of("dw = x1*x2*y1*y2*post"),
             Contains("column 6: term has 4 factors (allowed: at most 3, constants multiplied into one, pre and post "
                      "not counted)"));
  CHECK_THAT(error_of("dw = 2^-17*x1*post"), Contains("column 9: shift 2^-17 is out of range (allowed: s in 0..16)"));
  CHECK_THAT(error_of("dw = 2^4*x1*post"), Contains("column 8: expected '-' after '2^'"));
  CHECK_THAT(error_of("dw = 3^-4*x1*post"), Contains("column 6: only a power of two scales a term"));
  CHECK_THAT(error_of("dw = 2^-1*2^-2*x1*post"), Contains("column 11: a term takes one 2^-s (this one has two)"));
  CHECK_THAT(error_of("dw = 40000*x1*post"),
             Contains("column 6: constant 40000 is out of range (allowed: -32768..32767, 16-bit signed)"));
  CHECK_THAT(error_of("dw = (x1 - 32769)*post"), Contains("column 12: constant -32769 is out of range"));
  CHECK_THAT(error_of("dw = 300*300*x1*post"), Contains("column 6: constants multiply to 90000, out of range"));
  CHECK_THAT(error_of("dw = [e >= 40000]*pre"), Contains("column 12: constant 40000 is out of range"));
  CHECK_THAT(error_of("dw = v*pre"),
             Contains("column 6: v (the post membrane) may only be tested: [v >= c], compared with c * 2^8"));
  CHECK_THAT(error_of("dw = (v + 1)*pre"), Contains("column 7: v (the post membrane) may only be tested"));
  CHECK_THAT(error_of("dw = [pre >= 1]*w"),
             Contains("column 7: 'pre' cannot be tested in [f >= c] (allowed: x1, x2, y1, y2, e, l, w, d, p, v)"));
  CHECK_THAT(error_of("dw = [w > 1]*pre"), Contains("column 9: expected '>=' in a test [f >= c]"));
  CHECK_THAT(error_of("dw = [w >= 1*pre"), Contains("column 13: expected ']' closing [f >= c]"));
  CHECK_THAT(error_of("dw = (w * 2)*pre"), Contains("column 9: expected + or - in (f + c)"));
  CHECK_THAT(error_of("dw = x1*post -"), Contains("column 15: expected a factor at the end of the term"));
  CHECK_THAT(error_of("dw = x1 post"), Contains("column 9: expected *, + or -, or the end of the statement"));
  CHECK_THAT(error_of("dw = x1*post; dw = y1*pre"),
             Contains("column 15: dw is assigned twice (write all its terms in one statement)"));
  CHECK_THAT(error_of(" ; \n"), Contains("column 1: empty rule"));
  CHECK_THAT(error_of("dw = x1*post\nde = x1*post*q"), Contains("rule 'dw = x1*post\\nde = x1*post*q': line 2, column 14"));
  CHECK_THAT(error_of("dw = x1*post - e", traces(1000, 0)),
             Contains("column 16: a term with neither pre nor post runs at the learning epoch, but epoch = 0 "
                      "(allowed: 1..65535 steps for a rule with epoch terms)"));
  RuleParams no_x2 = traces();
  no_x2.x2.amp = 0;
  CHECK_THAT(error_of("dw = x1*post + [x2 >= 5]*post", no_x2),
             Contains("column 16: the term reads x2, but x2.amp = 0, so it is always 0 (allowed: x2.amp in 1..65535)"));
  RuleParams bad = traces();
  bad.y1.decay = 5000;
  CHECK_THAT(error_of("dw = x1*post", bad), Contains("net.h5: projections[0] 'in_hid': y1.decay = 5000 is out of range (allowed: 0..4096)"));
  bad = traces();
  bad.x2.amp = 70000;
  CHECK_THAT(error_of("dw = x1*post", bad), Contains("x2.amp = 70000 is out of range (allowed: 0..65535)"));
  bad = traces();
  bad.epoch = 70000;
  CHECK_THAT(error_of("dw = x1*post", bad), Contains("epoch = 70000 is out of range (allowed: 0..65535)"));
}

TEST_CASE("rule parameters: JSON with tau or decay, strict keys and ranges", "[plastic][rule]") {
  const RuleParams p = parse_rule_params(
      R"({"x1": {"tau": 20, "amp": 4096}, "y1": {"decay": 300, "amp": 100}, "y2": {"tau": "inf", "amp": 1},
          "rounding": "nearest", "epoch": 250})",
      "p.json");
  CHECK(p.x1.decay == std::lround(4096 * (1 - std::exp(-1.0 / 20))));
  CHECK(p.x1.decay == 200);
  CHECK(p.x1.amp == 4096);
  CHECK(p.y1.decay == 300);
  CHECK(p.y1.amp == 100);
  CHECK(p.y2.decay == 0);
  CHECK(p.x2.amp == 0);
  CHECK(p.rounding == Rounding::Nearest);
  CHECK(p.epoch == 250);
  // A partial object edits a group: only the keys given change.
  const RuleParams q = parse_rule_params(R"({"x1": {"amp": 7}, "epoch": 3})", "q", p);
  CHECK(q.x1.decay == 200);
  CHECK(q.x1.amp == 7);
  CHECK(q.y1.amp == 100);
  CHECK(q.epoch == 3);
  CHECK(q.rounding == Rounding::Nearest);
  // Canonical JSON reads back to the same parameters.
  const RuleParams r = parse_rule_params(rule_params_to_json(p), "canonical");
  CHECK(rule_params_to_json(r) == rule_params_to_json(p));
  CHECK(rule_params_to_json(p) ==
        R"({"epoch":250,"rounding":"nearest","x1":{"amp":4096,"decay":200},"x2":{"amp":0,"decay":0},)"
        R"("y1":{"amp":100,"decay":300},"y2":{"amp":1,"decay":0}})");

  const auto error = [](const std::string& text) {
    try {
      parse_rule_params(text, "p.json");
    } catch (const nmx::InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(error(R"({"x1": {"tua": 3}})") == "p.json:1:9: unknown key 'x1.tua' (allowed: amp, decay, tau)");
  CHECK(error(R"({"z1": {}})") == "p.json:1:2: unknown key 'z1' (allowed: comment, epoch, rounding, x1, x2, y1, y2)");
  CHECK(error(R"({"x1": {"amp": 65536}})") == "p.json:1:9: x1.amp = 65536 is out of range (allowed: 0..65535 (16-bit unsigned))");
  CHECK(error(R"({"x1": {"amp": 1.5}})") ==
        "p.json:1:9: x1.amp = 1.5 is out of range (allowed: 0..65535 (16-bit unsigned), a whole number)");
  CHECK(error(R"({"x1": {"decay": 4097}})") ==
        "p.json:1:9: x1.decay = 4097 is out of range (allowed: 0..4096 (a fraction of 4096 per step; 0 = never decays))");
  CHECK(error(R"({"y1": {"tau": 0}})") ==
        "p.json:1:9: y1.tau = 0 is out of range (allowed: 0 < tau <= 8191.4 steps, or \"inf\" (a longer one rounds to "
        "no decay in the 12-bit fraction))");
  CHECK_THAT(error(R"({"y1": {"tau": 9000}})"), Contains("y1.tau = 9000 is out of range (allowed: 0 < tau <= 8191.4"));
  CHECK(error(R"({"y1": {"tau": 5, "decay": 3}})") ==
        "p.json:1:9: y1 has both decay and tau (give one: tau in steps, or decay as a 12-bit fraction)");
  CHECK(error(R"({"rounding": "up"})") == "p.json:1:2: rounding = \"up\" is out of range (allowed: \"stochastic\", \"nearest\")");
  CHECK(error(R"({"epoch": 65536})") == "p.json:1:2: epoch = 65536 is out of range (allowed: 0..65535 steps (0 = no epoch))");
  CHECK(error(R"([1])") == "p.json: plasticity parameters must be a JSON object (keys: x1, x2, y1, y2, rounding, epoch)");
  // The longest finite tau still decays; just past it the fraction would round to 0.
  CHECK(decay_from_tau(max_finite_tau() * 0.999, "t", "tau") == 1);
  CHECK(decay_from_tau(1e-3, "t", "tau") == 4096);
}
