// What the paired L1 benchmarks (bench_modes: mode unit against dense W; bench_plasticity:
// learning on against off) share: random input steps, and two runs timed in turn by this
// thread's CPU time, so a shared machine's load falls on both alike.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace nmx {

// `count` steps of active inputs, each of `inputs` firing with probability `rate`.
std::vector<std::vector<uint32_t>> random_input_steps(uint32_t inputs, double rate, uint64_t seed, size_t count = 512);

struct PairedTiming {
  uint64_t steps[2] = {0, 0};
  double seconds[2] = {0, 0};
  double steps_per_second(int k) const { return steps[k] / seconds[k]; }
};

// Rounds of 64 steps of run 0, then of run 1, until each has had `min_seconds` of CPU time;
// step(k, n) runs step n (from 0) of run k.
PairedTiming time_in_turn(double min_seconds, const std::function<void(int k, uint64_t n)>& step);

}  // namespace nmx
