// A whole `nmx check` run: samples through LevelCheck until the first divergence; on a
// divergence (or on request) the failing sample is run again on a fresh L3 chip with an
// FST waveform around the step.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "check/level_check.hpp"
#include "net/network.hpp"
#include "run/learning_signal.hpp"

namespace nmx {

struct CheckRunOptions {
  bool systemc = true, rtl = true, state = false;
  l3::Fault fault = l3::Fault::None;       // test-only RTL hook: shows the checker catching a fault
  l3::RtlChipFactory chip;                 // L3's chip; empty: the built-in one (L3Options::chip)
  std::string fst_path;                    // waveform (needs rtl); empty = none
  uint32_t trace_first = 0, trace_last = 4;  // window when nothing diverges (sample 0)
  // Without systemc (one SystemC chip per process), without learning (the weights a sample
  // leaves are the next one's) and without the host's per-sample writes (signal, clamp_label),
  // samples run on this many threads, each with its own L1 and L3 chip; 0 = every core. The
  // result (totals, the first divergence or exception) does not depend on it.
  unsigned threads = 0;
  std::function<void(size_t done, size_t total)> progress;
  // The host's writes at each sample's start, at every level: the learning signal (none,
  // reward or label kinds; docs/plasticity.md) and the readout clamped to the sample's label
  // (docs/chip-spec.md §2). `net` is the network the chip image was built from; `labels`
  // one per sample, needed by the label kinds.
  const Network* net = nullptr;
  LearningSignal signal;
  bool clamp_label = false;
  std::vector<int> labels;
};

struct CheckRunResult {
  uint64_t samples = 0, steps = 0, spikes = 0, words = 0, l2_cycles = 0, l3_cycles = 0;
  unsigned threads = 1;  // the threads the samples ran on
  std::optional<CheckFailure> failure;
  std::string trace;  // what was written, for the user ("" = nothing)
};

CheckRunResult run_check(const ChipImage& chip, const std::vector<std::vector<std::vector<uint32_t>>>& samples,
                         const CheckRunOptions& options);

}  // namespace nmx
