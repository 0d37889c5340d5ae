// The timed chip levels behind the runner (run/runner.hpp): L2 (the SystemC chip, checked
// against L1 every step) and L3 (the Verilated RTL). One place builds them, so `nmx run`,
// the Python module and a library user get the same wiring.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "l2/chip_model_l2.hpp"
#include "l3/chip_l3.hpp"
#include "run/runner.hpp"

namespace nmx {

struct TimedLevelOptions {
  bool state = false;    // systemc: also compare u, v, ref, lfsr with L1 every step
  std::string trace;     // waveform: VCD at systemc, FST at rtl; empty = none
  uint32_t trace_sample = 0, trace_first = 0, trace_last = 9;  // which sample, steps FIRST..LAST
  l3::RtlChipFactory rtl_chip;  // rtl: the chip (l3/rtl_chip.hpp); empty = the built-in one
};

// What a timed run built, to read its figures (and close its waveform) afterwards. Shared
// with the RunOptions::make_chip it set, so copies of either see the model once built.
struct TimedLevel {
  struct Built {
    std::shared_ptr<l2::ChipModelL2> l2;
    std::shared_ptr<l3::ChipL3> l3;  // only with a waveform (the one chip that writes it)
  };
  std::shared_ptr<Built> built = std::make_shared<Built>();
  // Closes the waveform, if any; L2's timing figures as JSON (docs/formats.md), else null.
  nlohmann::json finish(const ChipImage& chip) const;
};

// SystemC elaborates once per process: the first caller gets the SystemC chip, a later one an
// InputError (`who` names it). Every builder of an L2 chip in a long-lived process (the
// Python module) calls it first.
void claim_systemc(const std::string& who);

// For level systemc or rtl: checks the image (InputError naming the field), sets
// opt.make_chip and returns where the model will be. systemc: one instance, one thread.
// rtl: one chip per worker thread (samples split, results independent of the count),
// except with a waveform: then one chip, one thread. SystemC
// elaborates once per process, so a second systemc level in one process is an InputError.
// Other levels: nothing to do (state and trace options are then an InputError).
TimedLevel use_timed_level(Level level, const ChipImage* chip, const TimedLevelOptions& o, RunOptions& opt);

}  // namespace nmx
