#include "record/recording.hpp"

#include <algorithm>
#include <sstream>

#include "core/error.hpp"
#include "h5/h5_tree.hpp"

namespace nmx {
namespace {

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  for (std::string part; std::getline(ss, part, ',');)
    if (!part.empty()) out.push_back(part);
  return out;
}

uint32_t parse_step(const std::string& s, const std::string& text, uint32_t steps) {
  const std::string range = "0.." + std::to_string(steps - 1) + ", the sample's steps";
  if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos || s.size() > 9)
    throw InputError("--record-steps " + text + ": '" + s + "' is not a step (allowed: A:B or A with steps in " + range + ")");
  const uint32_t x = static_cast<uint32_t>(std::stoul(s));
  if (x >= steps) throw InputError("--record-steps " + text + ": step " + s + " is out of range (allowed: " + range + ")");
  return x;
}

}  // namespace

RecordSpec parse_record_spec(const Network& net, const std::string& what, const std::string& pops,
                             const std::string& steps_text, size_t samples, uint32_t steps, size_t total) {
  RecordSpec s;
  for (const std::string& w : split(what)) {
    if (w == "spikes") s.spikes = true;
    else if (w == "v") s.v = true;
    else if (w == "u") s.u = true;
    else throw InputError("--record " + what + ": unknown quantity '" + w + "' (allowed: spikes, v, u)");
  }
  if (!s.spikes && !s.v && !s.u) throw InputError("--record " + what + ": name at least one of spikes, v, u");
  std::string names;
  for (const Population& p : net.populations) names += (names.empty() ? "" : ", ") + p.name;
  for (const std::string& want : split(pops)) {
    bool found = false;
    for (uint32_t i = 0; i < net.populations.size() && !found; ++i)
      if (net.populations[i].name == want) {
        found = true;
        bool dup = false;
        for (uint32_t j : s.populations) dup |= j == i;
        if (!dup) s.populations.push_back(i);
      }
    if (!found) throw InputError("--record-pops " + pops + ": no population '" + want + "' (allowed: " + names + ")");
  }
  if (s.populations.empty())
    for (uint32_t i = 0; i < net.populations.size(); ++i) s.populations.push_back(i);
  std::sort(s.populations.begin(), s.populations.end());
  s.first_step = 0;
  s.last_step = steps - 1;
  if (!steps_text.empty()) {
    const size_t colon = steps_text.find(':');
    s.first_step = parse_step(steps_text.substr(0, colon), steps_text, steps);
    s.last_step = colon == std::string::npos ? s.first_step : parse_step(steps_text.substr(colon + 1), steps_text, steps);
    if (s.last_step < s.first_step)
      throw InputError("--record-steps " + steps_text + ": the last step is before the first (allowed: A:B with A <= B)");
  }
  if (samples < 1 || samples > total)
    throw InputError("--record-samples " + std::to_string(samples) + " is out of range (allowed: 1.." +
                     std::to_string(total) + ", the samples in the run)");
  s.samples = samples;
  return s;
}

Recorder::Recorder(const Network& net, RecordSpec spec, std::string level, bool chip_units)
    : net_(net), spec_(std::move(spec)), level_(std::move(level)), chip_units_(chip_units) {
  steps_ = spec_.last_step - spec_.first_step + 1;
  for (uint32_t p : spec_.populations) {
    const size_t n = spec_.samples * steps_ * net_.populations[p].size;
    const bool state = !net_.populations[p].is_input();
    Slot slot;
    if (spec_.spikes) slot.spikes.assign(n, 0.0);
    if (spec_.v && state) slot.v.assign(n, 0.0);
    if (spec_.u && state) slot.u.assign(n, 0.0);
    slots_.push_back(std::move(slot));
  }
}

void Recorder::record(size_t sample, uint32_t t, const std::vector<uint32_t>& inputs, const LevelModel& model,
                      const PopulationSpikes& spikes) {
  if (sample >= spec_.samples || t < spec_.first_step || t > spec_.last_step) return;
  for (size_t k = 0; k < spec_.populations.size(); ++k) {
    const uint32_t p = spec_.populations[k];
    const Population& pop = net_.populations[p];
    const size_t base = (sample * steps_ + (t - spec_.first_step)) * pop.size;
    Slot& slot = slots_[k];
    if (!slot.spikes.empty())
      for (uint32_t n : pop.is_input() ? inputs : spikes.at(p)) slot.spikes[base + n] = 1.0;
    const double scale = chip_units_ ? pop.lsb : 1.0;
    for (uint32_t n = 0; n < pop.size && !slot.v.empty(); ++n) slot.v[base + n] = model.membrane(p, n) * scale;
    for (uint32_t n = 0; n < pop.size && !slot.u.empty(); ++n) slot.u[base + n] = model.current(p, n) * scale;
  }
}

void Recorder::write(const std::string& path, const std::string& network, const std::string& input) const {
  h5::Item root = h5::group();
  root.attrs["format"] = h5::text("nmx-recording");
  root.attrs["version"] = h5::scalar(1, h5::Type::U32);
  root.attrs["level"] = h5::text(level_);
  root.attrs["network"] = h5::text(network);
  root.attrs["input"] = h5::text(input);
  root.attrs["first_step"] = h5::scalar(spec_.first_step, h5::Type::U32);
  root.attrs["last_step"] = h5::scalar(spec_.last_step, h5::Type::U32);
  std::vector<double> samples;
  for (size_t i = 0; i < spec_.samples; ++i) samples.push_back(static_cast<double>(i));
  root.children["samples"] = h5::numbers(samples, {spec_.samples}, h5::Type::U32);
  std::vector<double> steps;
  for (uint32_t t = spec_.first_step; t <= spec_.last_step; ++t) steps.push_back(t);
  root.children["steps"] = h5::numbers(steps, {steps.size()}, h5::Type::U32);
  h5::Item pops = h5::group();
  std::vector<std::string> order;
  for (size_t k = 0; k < spec_.populations.size(); ++k) {
    const Population& pop = net_.populations[spec_.populations[k]];
    const Slot& slot = slots_[k];
    const std::vector<uint64_t> shape{spec_.samples, steps_, pop.size};
    h5::Item g = h5::group();
    g.attrs["index"] = h5::scalar(spec_.populations[k], h5::Type::U32);
    g.attrs["size"] = h5::scalar(pop.size, h5::Type::U32);
    g.attrs["kind"] = h5::text(pop.is_input() ? "input" : "neuron");
    if (!slot.spikes.empty()) g.children["spikes"] = h5::numbers(slot.spikes, shape, h5::Type::U8);
    const std::string units = chip_units_ ? "membrane units (datapath LSBs times lsb)" : "membrane units";
    if (!slot.v.empty()) {
      h5::Item v = h5::numbers(slot.v, shape);
      v.attrs["units"] = h5::text(units);
      g.children["v"] = std::move(v);
    }
    if (!slot.u.empty()) {
      h5::Item u = h5::numbers(slot.u, shape);
      u.attrs["units"] = h5::text(units);
      g.children["u"] = std::move(u);
    }
    if (chip_units_) g.attrs["lsb"] = h5::scalar(pop.lsb);
    if (!pop.is_input()) g.children["theta"] = h5::numbers(pop.real.theta, {pop.size});
    order.push_back(pop.name);
    pops.children[pop.name] = std::move(g);
  }
  root.children["populations"] = std::move(pops);
  root.attrs["population_order"] = h5::text([&] {
    std::string s;
    for (const auto& n : order) s += (s.empty() ? "" : ",") + n;
    return s;
  }());
  h5::write_tree(root, path);
}

}  // namespace nmx
