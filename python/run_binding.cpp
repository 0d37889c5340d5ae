// Runs and checks from Python: numpy input rasters in, numpy rasters and state out.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "check/check_run.hpp"
#include "core/error.hpp"
#include "l2/chip_l2.hpp"
#include "levels/timed_level.hpp"
#include "map/chip_image.hpp"
#include "map/target_hw.hpp"
#include "record/recording.hpp"
#include "run/runner.hpp"

namespace py = pybind11;

namespace nmx::python {
namespace {

using Rasters = std::vector<std::vector<std::vector<uint32_t>>>;  // [sample][step] active inputs

// spikes: [steps][inputs] (one sample) or [samples][steps][inputs] of 0/1.
Rasters rasters_from(const py::array& spikes, const Network& net) {
  const Population& in = net.populations[net.input_population()];
  const auto a = py::array_t<int64_t, py::array::c_style | py::array::forcecast>::ensure(spikes);
  if (!a || (a.ndim() != 2 && a.ndim() != 3))
    throw InputError("spikes: a [steps][inputs] or [samples][steps][inputs] array of 0/1 is needed");
  const size_t samples = a.ndim() == 3 ? a.shape(0) : 1, steps = a.shape(a.ndim() - 2), inputs = a.shape(a.ndim() - 1);
  if (inputs != in.size)
    throw InputError("spikes: " + std::to_string(inputs) + " inputs per step, the network's input population '" +
                     in.name + "' has " + std::to_string(in.size));
  if (samples == 0 || steps == 0) throw InputError("spikes: no sample or no step (allowed: at least 1 of each)");
  Rasters out(samples, std::vector<std::vector<uint32_t>>(steps));
  const int64_t* x = a.data();
  for (size_t s = 0; s < samples; ++s)
    for (size_t t = 0; t < steps; ++t)
      for (size_t i = 0; i < inputs; ++i, ++x) {
        if (*x != 0 && *x != 1)
          throw InputError("spikes[" + std::to_string(s) + "][" + std::to_string(t) + "][" + std::to_string(i) +
                           "] = " + std::to_string(*x) + " (allowed: 0 or 1)");
        if (*x) out[s][t].push_back(static_cast<uint32_t>(i));
      }
  return out;
}

py::object from_json(const nlohmann::json& j) { return py::module_::import("json").attr("loads")(j.dump()); }

template <typename T>
py::array_t<T> array(const std::vector<double>& v, size_t samples, size_t steps, size_t n) {
  py::array_t<T> a({samples, steps, n});
  T* out = a.mutable_data();
  for (size_t k = 0; k < v.size(); ++k) out[k] = static_cast<T>(v[k]);
  return a;
}

py::dict run(const Network& net, const py::array& spikes, const std::string& level_name,
             const std::vector<std::string>& record, const std::vector<int>& labels, const std::string& hw,
             unsigned threads, bool learning, bool compare_l0, const std::string& trace, uint32_t trace_sample,
             std::pair<uint32_t, uint32_t> trace_steps) {
  const Level level = parse_level(level_name);
  const Rasters rasters = rasters_from(spikes, net);
  const uint32_t steps = static_cast<uint32_t>(rasters[0].size());
  if (!labels.empty() && labels.size() != rasters.size())
    throw InputError("labels: " + std::to_string(labels.size()) + " labels for " + std::to_string(rasters.size()) +
                     " samples (allowed: none, or one per sample)");
  std::vector<InputRaster> samples(rasters.size());
  for (size_t s = 0; s < rasters.size(); ++s) samples[s].steps = rasters[s];

  std::optional<ChipImage> chip;
  if (is_chip_level(level)) {
    if (!net.quantised()) throw InputError(std::string("level ") + to_string(level) + ": the network is not quantised (nmx.quantize first)");
    chip = build_chip_image(net, target_hw(net, "network '" + net.name + "'", hw), "network '" + net.name + "'");
  }
  RunOptions opt;
  opt.level = level;
  opt.threads = threads;
  opt.learning = learning;
  opt.compare_with_l0 = compare_l0;
  TimedLevelOptions to;
  to.trace = trace;
  to.trace_sample = trace_sample;
  to.trace_first = trace_steps.first;
  to.trace_last = trace_steps.second;
  const TimedLevel timed = use_timed_level(level, chip ? &*chip : nullptr, to, opt);

  RecordSpec spec;
  for (const std::string& w : record) {
    if (w == "spikes") spec.spikes = true;
    else if (w == "v") spec.v = true;
    else if (w == "u") spec.u = true;
    else throw InputError("record: unknown quantity '" + w + "' (allowed: spikes, v, u)");
  }
  for (uint32_t p = 0; p < net.populations.size(); ++p) spec.populations.push_back(p);
  spec.first_step = 0;
  spec.last_step = steps - 1;
  spec.samples = rasters.size();
  Recorder recorder(net, spec, to_string(level), is_chip_level(level));
  opt.observe = [&](size_t sample, uint32_t t, const std::vector<uint32_t>& in, const LevelModel& m,
                    const PopulationSpikes& s) {
    if (t < steps) recorder.record(sample, t, in, m, s);
  };
  RunReport r;
  nlohmann::json timing;
  {
    py::gil_scoped_release free;
    r = run_rasters(net, chip ? &*chip : nullptr, samples, labels, opt);
    if (chip) timing = timed.finish(*chip);
  }
  py::dict out, pops;
  for (size_t k = 0; k < spec.populations.size(); ++k) {
    const Population& p = net.populations[spec.populations[k]];
    py::dict d;
    if (!recorder.spikes(k).empty()) d["spikes"] = array<uint8_t>(recorder.spikes(k), spec.samples, steps, p.size);
    if (!recorder.v(k).empty()) d["v"] = array<double>(recorder.v(k), spec.samples, steps, p.size);
    if (!recorder.u(k).empty()) d["u"] = array<double>(recorder.u(k), spec.samples, steps, p.size);
    pops[p.name.c_str()] = d;
  }
  out["level"] = to_string(level);
  out["populations"] = pops;
  out["predictions"] = py::array_t<int>(r.predictions.size(), r.predictions.data());
  nlohmann::json report = to_json(r);
  if (!timing.is_null()) report["l2"] = timing;
  out["report"] = from_json(report);
  return out;
}

py::dict check(const Network& net, const py::array& spikes, const std::vector<std::string>& levels, bool state,
               const std::string& hw, const std::string& trace, std::pair<uint32_t, uint32_t> trace_steps,
               unsigned threads) {
  CheckRunOptions o;
  o.threads = threads;
  o.systemc = o.rtl = false;
  for (const std::string& l : levels) {
    if (l == "systemc") o.systemc = true;
    else if (l == "rtl") o.rtl = true;
    else throw InputError("levels: unknown level '" + l + "' (allowed: systemc, rtl; L1 is always the reference)");
  }
  if (!o.systemc && !o.rtl) throw InputError("levels: name at least one of systemc, rtl");
  if (!trace.empty() && !o.rtl) throw InputError("trace writes an L3 waveform: add rtl to levels");
  if (!net.quantised()) throw InputError("check: the network is not quantised (nmx.quantize first)");
  o.state = state;
  o.fst_path = trace;
  o.trace_first = trace_steps.first;
  o.trace_last = trace_steps.second;
  const Rasters rasters = rasters_from(spikes, net);
  const ChipImage chip = build_chip_image(net, target_hw(net, "network '" + net.name + "'", hw), "network '" + net.name + "'");
  if (o.systemc) {
    l2::preflight(chip);
    claim_systemc("check with systemc");
  }
  CheckRunResult r;
  {
    py::gil_scoped_release free;
    r = run_check(chip, rasters, o);
  }
  py::dict out;
  out["samples"] = r.samples;
  out["steps"] = r.steps;
  out["spikes"] = r.spikes;
  out["words"] = r.words;
  out["l2_cycles"] = r.l2_cycles;
  out["l3_cycles"] = r.l3_cycles;
  out["ok"] = !r.failure.has_value();
  out["mismatch"] = r.failure ? py::cast(r.failure->line) : py::none();
  out["trace"] = r.trace;
  return out;
}

}  // namespace

void bind_run(py::module_& m) {
  m.def("run", &run, py::arg("net"), py::arg("spikes"), py::arg("level") = "fixed",
        py::arg("record") = std::vector<std::string>{"spikes", "v", "u"}, py::arg("labels") = std::vector<int>{},
        py::arg("hw") = "", py::arg("threads") = 0, py::arg("learning") = true, py::arg("compare_l0") = false,
        py::arg("trace") = "", py::arg("trace_sample") = 0, py::arg("trace_steps") = std::make_pair(0u, 9u),
        R"(Run `net` on input rasters at one level: float (L0), fixed (L1), systemc (L2) or rtl (L3).
spikes: [steps][inputs] or [samples][steps][inputs] of 0/1. Returns {level, populations:
{name: {spikes uint8, v, u float64: [samples][steps][neurons]}}, predictions, report} with v, u
in membrane units (as `nmx run --record`). systemc runs once per process (SystemC elaborates once).)");
  m.def("check", &check, py::arg("net"), py::arg("spikes"),
        py::arg("levels") = std::vector<std::string>{"systemc", "rtl"}, py::arg("state") = false, py::arg("hw") = "",
        py::arg("trace") = "", py::arg("trace_steps") = std::make_pair(0u, 4u), py::arg("threads") = 0,
        R"(Run L1 and the given levels (systemc, rtl) in lockstep, as `nmx check`, and stop at the first
divergence. Without systemc and learning, samples run on `threads` threads (0 = every core), one
L1 and L3 chip each, with the same result. Returns {ok, mismatch (None or the MISMATCH line),
samples, steps, spikes, words, l2_cycles, l3_cycles, trace}.)");
}

}  // namespace nmx::python
