#include "check/check_run.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/error.hpp"
#include "core/interrupt.hpp"

namespace nmx {
namespace {

// The L3 chip every run of a check uses: the same fault hook and the same chip.
l3::L3Options l3_options(const CheckRunOptions& opt) {
  l3::L3Options o;
  o.fault = opt.fault;
  o.chip = opt.chip;
  return o;
}

// Runs `raster` on a fresh L3 chip up to `last` with the waveform on for [first, last].
void write_waveform(const ChipImage& chip, const std::vector<std::vector<uint32_t>>& raster, uint32_t first,
                    uint32_t last, const std::string& path, const CheckRunOptions& opt) {
  l3::L3Options o = l3_options(opt);
  o.fst_path = path;
  o.fst_first_step = first;
  o.fst_last_step = last;
  l3::ChipL3 l3(chip, o);
  static const std::vector<uint32_t> none;
  std::vector<CoreSpike> out;
  for (uint32_t t = 0; t <= last && t < raster.size(); ++t)
    l3.step(raster[t], t + 1 < raster.size() ? raster[t + 1] : none, out);
  l3.finish_trace();
}

}  // namespace

CheckRunResult run_check(const ChipImage& chip, const std::vector<std::vector<std::vector<uint32_t>>>& samples,
                         const CheckRunOptions& opt) {
  CheckOptions co;
  co.systemc = opt.systemc;
  co.rtl = opt.rtl;
  co.state = opt.state;
  co.l3 = l3_options(opt);
  const bool host = opt.signal.kind != SignalKind::None || opt.clamp_label;
  if (host && !opt.net) throw std::logic_error("run_check: a learning signal or clamp needs CheckRunOptions::net");
  if (opt.signal.kind == SignalKind::Neuron)
    throw InputError("--learning-signal neuron:...: nmx check writes l once per sample (allowed: none, reward:V, label:A)");
  const bool labelled = opt.signal.kind == SignalKind::Label || opt.clamp_label;
  if (labelled && opt.labels.size() != samples.size())
    throw InputError(std::string(opt.clamp_label ? "--clamp label" : "--learning-signal label:A") +
                     " needs a label per sample, and these inputs have none");
  int label = -1;
  std::optional<LearningSignalDriver> signal;
  if (host) signal.emplace(*opt.net, opt.signal);
  if (host)
    co.before_step = [&](uint32_t t, LevelModel& level) {
      if (t != 0) return;  // l and the clamps hold for the sample
      signal->start(level, label);
      if (opt.clamp_label) clamp_readout(level, *opt.net, label);
    };
  LevelCheck check(chip, co);
  CheckRunResult r;
  for (size_t s = 0; s < samples.size() && !r.failure; ++s) {
    throw_if_interrupted();
    label = labelled ? opt.labels[s] : -1;
    r.failure = check.run_sample(samples[s]);
    if (r.failure) r.failure->sample = static_cast<uint32_t>(s);
    ++r.samples;
    if (opt.progress) opt.progress(s + 1, samples.size());
  }
  r.steps = check.steps();
  r.spikes = check.spikes();
  r.words = check.words();
  r.l2_cycles = check.l2_cycles();
  r.l3_cycles = check.l3_cycles();
  if (!opt.fst_path.empty() && opt.rtl && !samples.empty()) {
    uint32_t sample = 0, first = opt.trace_first, last = opt.trace_last;
    if (r.failure) {
      sample = r.failure->sample;
      last = r.failure->mismatch.step;
      first = last >= 2 ? last - 2 : 0;
    }
    write_waveform(chip, samples[sample], first, last, opt.fst_path, opt);
    r.trace = opt.fst_path + " (L3, sample " + std::to_string(sample) + ", steps " + std::to_string(first) + ".." +
              std::to_string(last) + ")";
  }
  return r;
}

}  // namespace nmx
