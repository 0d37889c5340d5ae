#include "levels/timed_level.hpp"

#include <atomic>

#include "core/error.hpp"
#include "l3/rtl_image.hpp"

namespace nmx {

nlohmann::json TimedLevel::finish(const ChipImage& chip) const {
  if (built->l3) built->l3->finish_trace();
  if (!built->l2) return nullptr;
  built->l2->chip().finish_trace();
  return l2::to_json(built->l2->totals(), chip.hw, built->l2->chip().period_ns());
}

void claim_systemc(const std::string& who) {
  static std::atomic<bool> claimed{false};
  if (claimed.exchange(true))
    throw InputError(who + ": SystemC elaborates once per process and this process has used it already (start a new one)");
}

TimedLevel use_timed_level(Level level, const ChipImage* chip, const TimedLevelOptions& o, RunOptions& opt) {
  TimedLevel out;
  if (level != Level::SystemC && level != Level::Rtl) {
    if (o.state || !o.trace.empty()) throw InputError("--state and --trace need --level systemc or rtl");
    return out;
  }
  if (!chip) throw InputError(std::string("the ") + to_string(level) + " level needs a chip image (quantised network)");
  if (level == Level::Rtl && o.state)
    throw InputError("--state compares L2 with L1: it needs --level systemc (nmx check compares L3's state)");
  if (level == Level::SystemC) {
    opt.single_instance = true;  // SystemC elaborates once per process
    l2::preflight(*chip);  // bad configurations fail here, before SystemC elaborates
    claim_systemc("the systemc level");
    l2::L2Options l2o;
    l2o.compare_state = o.state;
    l2o.trace.path = o.trace;
    l2o.trace.sample = o.trace_sample;
    l2o.trace.first_step = o.trace_first;
    l2o.trace.last_step = o.trace_last;
    opt.make_chip = [l2o, built = out.built](const ChipImage& image) {
      built->l2 = std::make_shared<l2::ChipModelL2>(image, l2o);
      return built->l2;
    };
  } else {
    // A network that does not fit the built-in chip fails here, naming the limit (a run-time
    // chip checks its own limits when it is made).
    if (!o.rtl_chip) l3::build_rtl_image(*chip, l3::rtl_limits());
    l3::L3Options l3o;
    l3o.chip = o.rtl_chip;
    l3o.fst_path = o.trace;
    l3o.fst_sample = o.trace_sample;
    l3o.fst_first_step = o.trace_first;
    l3o.fst_last_step = o.trace_last;
    // Verilated chips are independent objects (each has its own VerilatedContext), so the
    // runner gives every worker thread its own chip and splits the samples, as at L1. A
    // waveform follows one sample through one chip: then there is a single instance, kept
    // here so finish() can close the waveform.
    const bool trace = !o.trace.empty();
    opt.single_instance = trace;
    opt.make_chip = [l3o, trace, built = out.built](const ChipImage& image) {
      auto chip = std::make_shared<l3::ChipL3>(image, l3o);
      if (trace) built->l3 = chip;
      return chip;
    };
  }
  return out;
}

}  // namespace nmx
