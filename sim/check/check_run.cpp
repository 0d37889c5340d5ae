#include "check/check_run.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <stdexcept>

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/worker_pool.hpp"

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

// What one sample adds to a run's totals, or the exception it threw.
struct SampleTally {
  std::optional<CheckFailure> failure;
  std::exception_ptr error;
  uint64_t steps = 0, spikes = 0, words = 0, l2_cycles = 0, l3_cycles = 0;
};

SampleTally run_one(LevelCheck& check, const std::vector<std::vector<uint32_t>>& raster) {
  const uint64_t steps = check.steps(), spikes = check.spikes(), words = check.words(), c2 = check.l2_cycles(),
                 c3 = check.l3_cycles();
  SampleTally t;
  t.failure = check.run_sample(raster);
  t.steps = check.steps() - steps;
  t.spikes = check.spikes() - spikes;
  t.words = check.words() - words;
  t.l2_cycles = check.l2_cycles() - c2;
  t.l3_cycles = check.l3_cycles() - c3;
  return t;
}

// Samples on `threads` threads, each with its own LevelCheck (L1 and L3 chips). A worker takes
// the next sample unless an earlier one has diverged or thrown, so every sample before the
// first of those runs; the totals then add up those samples only, and the first one's
// divergence (or exception) is the result: the sequential run's, whatever the thread count.
CheckRunResult run_parallel(const ChipImage& chip, const std::vector<std::vector<std::vector<uint32_t>>>& samples,
                            const CheckOptions& co, unsigned threads, const CheckRunOptions& opt) {
  const size_t total = samples.size();
  std::vector<SampleTally> tallies(total);
  std::atomic<size_t> next{0}, done{0}, first_failure{total};
  run_workers(
      threads,
      [&](unsigned, const std::atomic<bool>& failed) {
        LevelCheck check(chip, co);
        for (size_t i; !interrupted() && !failed && (i = next.fetch_add(1)) < total && i < first_failure.load();) {
          try {
            tallies[i] = run_one(check, samples[i]);
          } catch (...) {  // this sample's, reported only if no earlier sample stops the run
            tallies[i].error = std::current_exception();
          }
          if (tallies[i].failure || tallies[i].error) {
            size_t seen = first_failure.load();
            while (i < seen && !first_failure.compare_exchange_weak(seen, i)) {
            }
          }
          done.fetch_add(1);
          if (tallies[i].error) break;  // this worker's chips are in an unknown state
        }
      },
      [&] {
        if (!opt.progress || done.load() >= total || first_failure.load() < total || interrupted()) return false;
        opt.progress(done.load(), total);
        return true;
      });
  throw_if_interrupted();
  CheckRunResult r;
  r.threads = threads;
  const size_t last = std::min(first_failure.load(), total - 1);
  for (size_t s = 0; s <= last; ++s) {
    const SampleTally& t = tallies[s];
    if (t.error) std::rethrow_exception(t.error);
    r.steps += t.steps;
    r.spikes += t.spikes;
    r.words += t.words;
    r.l2_cycles += t.l2_cycles;
    r.l3_cycles += t.l3_cycles;
    ++r.samples;
    if (t.failure) {
      r.failure = t.failure;
      r.failure->sample = static_cast<uint32_t>(s);
    }
  }
  if (opt.progress) opt.progress(r.samples, total);
  return r;
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
  // One thread with SystemC (it elaborates once per process), with learning (a sample starts
  // from the weights the previous one left) and with the host's per-sample writes.
  unsigned threads = worker_count(opt.threads, samples.size());
  if (opt.systemc || has_plastic_cores(chip) || host) threads = 1;
  CheckRunResult r;
  if (threads > 1) {
    r = run_parallel(chip, samples, co, threads, opt);
  } else {
    LevelCheck check(chip, co);
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
  }
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
