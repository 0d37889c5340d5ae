#include "bench/paired_timing.hpp"

#include <ctime>
#include <random>

namespace nmx {
namespace {

// This thread's CPU time: on a shared machine, wall time also counts the time other
// processes hold the core.
double thread_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

}  // namespace

std::vector<std::vector<uint32_t>> random_input_steps(uint32_t inputs, double rate, uint64_t seed, size_t count) {
  std::mt19937_64 rng(seed);
  std::bernoulli_distribution fire(rate);
  std::vector<std::vector<uint32_t>> steps(count);
  for (auto& s : steps)
    for (uint32_t i = 0; i < inputs; ++i)
      if (fire(rng)) s.push_back(i);
  return steps;
}

PairedTiming time_in_turn(double min_seconds, const std::function<void(int k, uint64_t n)>& step) {
  PairedTiming t;
  while (t.seconds[0] < min_seconds || t.seconds[1] < min_seconds) {
    for (int k = 0; k < 2; ++k) {
      const double start = thread_seconds();
      for (int s = 0; s < 64; ++s, ++t.steps[k]) step(k, t.steps[k]);
      t.seconds[k] += thread_seconds() - start;
    }
  }
  return t;
}

}  // namespace nmx
