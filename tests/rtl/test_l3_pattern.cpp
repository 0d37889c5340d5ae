// The worked example of docs/plasticity.md (models/study/plasticity/pattern_task): the
// pattern-finding network learning with its STDP rule, L1 = L2 = L3 bit for bit after
// every step (spikes, neuron state, traces, every plastic synapse) over its first 100 steps.
#include <catch2/catch.hpp>

#include "check/level_check.hpp"
#include "plasticity/pattern_task.hpp"
#include "plasticity/probe_net.hpp"

using namespace nmx;
using namespace nmx::plastic_study;

TEST_CASE("L3 plasticity: the pattern example learns identically at L1, L2 and L3", "[l3][plasticity]") {
  PatternOptions o;
  o.segments = 2;
  const Network net = pattern_network(o);
  const PatternInput in = pattern_input(o);  // 2 segments: 100 steps
  const ChipImage chip = build_chip_image(net, probe_hw(o.afferents), "pattern");
  CheckOptions opt;
  opt.state = true;
  LevelCheck check(chip, opt);
  const auto failure = check.run_sample(in.raster);
  if (failure) FAIL(failure->line << " (last agreeing step " << failure->last_agreeing_step << ")");
  CHECK(check.steps() == 100);
  CHECK(check.spikes() >= 2);  // the neuron fired, so potentiation ran too
  Network learned = net;
  check.l1().write_learned(learned);
  uint32_t changed = 0;
  for (const int8_t c : learned.projections[0].code) changed += c != o.w_init;
  CHECK(changed > 20);
}
