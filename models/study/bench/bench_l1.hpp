// L1 throughput on a reference projection, dense 784 -> 800 ternary weights, D = 16, one
// thread, against L0, against a plain loop (bench/plain_loop.hpp) and against itself with
// the clamp-free path off: all measured in the same run, interleaved, on the same events.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

#include <nlohmann/json.hpp>

namespace nmx {

struct BenchL1Options {
  uint32_t pre = 784, post = 800, delay_slots = 16;
  double input_rate = 0.1;   // fraction of inputs spiking per step
  double min_seconds = 1.0;  // per level
  uint64_t seed = 1;
  std::function<void(size_t done, size_t total)> progress;  // called once the interleaved run is done
};

struct BenchL1Result {
  double l1_events_per_second = 0, l0_events_per_second = 0, plain_events_per_second = 0;
  double l1_clamped_events_per_second = 0;  // L1 with the clamp-free path off
  double ratio_l1_over_l0 = 0, ratio_l1_over_plain = 0;
  double l1_fast_fraction = 0;  // synaptic phases L1 ran without the clamp
  int64_t plain_checksum = 0;
  double packed_bytes_per_synapse = 0;  // L1 synapse memory as stored
  double hardware_bits_per_synapse = 0; // 2 + log2(D)
  uint64_t l1_events = 0, l0_events = 0, plain_events = 0;
};

BenchL1Result bench_l1(const BenchL1Options& opt);
nlohmann::json to_json(const BenchL1Result& r, const BenchL1Options& opt);

}  // namespace nmx
