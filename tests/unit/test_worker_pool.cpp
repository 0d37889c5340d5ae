// The one thread pool behind the per-sample loops (models/chip/core/worker_pool.hpp): every
// worker runs, a worker's exception reaches the caller only after all have stopped, the
// others see `failed` and stop taking items, and the caller's poll runs while they work.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/worker_pool.hpp"

using namespace nmx;

TEST_CASE("worker pool: every worker runs once and the items are shared out", "[pool]") {
  std::vector<int> seen(3, 0);
  std::atomic<size_t> next{0};
  std::vector<int> items(100, 0);
  run_workers(3, [&](unsigned w, const std::atomic<bool>&) {
    ++seen[w];
    for (size_t i; (i = next.fetch_add(1)) < items.size();) ++items[i];
  });
  CHECK(seen == std::vector<int>{1, 1, 1});
  for (int n : items) CHECK(n == 1);
}

TEST_CASE("worker pool: the first exception is rethrown after the others stop", "[pool]") {
  std::atomic<int> stopped{0}, taken{0};
  std::atomic<size_t> next{0};
  auto body = [&](unsigned w, const std::atomic<bool>& failed) {
    if (w == 0) throw std::runtime_error("worker 0 failed");
    for (size_t i; !failed && (i = next.fetch_add(1)) < 1000000;) {
      ++taken;
      std::this_thread::sleep_for(std::chrono::microseconds(50));
    }
    ++stopped;
  };
  CHECK_THROWS_WITH(run_workers(3, body), "worker 0 failed");
  CHECK(stopped == 2);     // both others ran to their end before the throw reached the caller
  CHECK(taken < 1000000);  // and they stopped early, on `failed`
}

TEST_CASE("worker pool: the caller polls while the workers run", "[pool]") {
  std::atomic<bool> release{false};
  int polls = 0;
  run_workers(
      2, [&](unsigned, const std::atomic<bool>&) { while (!release) std::this_thread::yield(); },
      [&] {
        if (++polls == 3) release = true;
        return polls < 3;
      });
  CHECK(polls == 3);
}

TEST_CASE("worker pool: thread counts", "[pool]") {
  CHECK(worker_count(4, 10) == 4);
  CHECK(worker_count(4, 2) == 2);   // at most one per item
  CHECK(worker_count(4, 0) == 1);   // at least one
  CHECK(worker_count(0, 1000) >= 1);  // every core
}

TEST_CASE("worker pool: a throwing poll stops the workers and reaches the caller after the join", "[pool]") {
  std::atomic<int> stopped{0};
  auto body = [&](unsigned, const std::atomic<bool>& failed) {
    while (!failed) std::this_thread::yield();  // runs until told to stop
    ++stopped;
  };
  CHECK_THROWS_WITH(run_workers(2, body, []() -> bool { throw std::runtime_error("progress failed"); }),
                    "progress failed");
  CHECK(stopped == 2);
}
