#include "record/input_rasters.hpp"

#include <cmath>

#include "core/error.hpp"
#include "h5/h5_tree.hpp"

namespace nmx {

InputRasters read_input_rasters(const std::string& path, uint32_t inputs, const std::string& who) {
  const h5::Item root = h5::read_tree(path);
  const auto it = root.children.find("spikes");
  if (it == root.children.end() || it->second.group)
    throw InputError(path + ": /spikes: missing (an input raster file holds spikes[samples][steps][inputs] of 0/1)");
  const h5::Item& s = it->second;
  if (s.type == h5::Type::String || !s.integer) throw InputError(path + ": /spikes: must hold integers 0/1");
  if (s.shape.size() != 3)
    throw InputError(path + ": /spikes: has " + std::to_string(s.shape.size()) +
                     " dimensions, expected 3 ([samples][steps][inputs])");
  if (s.shape[0] < 1 || s.shape[1] < 1 || s.shape[1] > 100000)
    throw InputError(path + ": /spikes: shape [" + std::to_string(s.shape[0]) + "][" + std::to_string(s.shape[1]) +
                     "][...] (allowed: >= 1 sample, 1..100000 steps)");
  if (s.shape[2] != inputs)
    throw InputError(path + ": /spikes: has " + std::to_string(s.shape[2]) + " inputs per step, " + who + " has " +
                     std::to_string(inputs));
  InputRasters r;
  r.steps = static_cast<uint32_t>(s.shape[1]);
  r.inputs = inputs;
  r.samples.resize(s.shape[0]);
  size_t at = 0;
  for (size_t k = 0; k < s.shape[0]; ++k) {
    r.samples[k].steps.resize(r.steps);
    for (uint32_t t = 0; t < r.steps; ++t)
      for (uint32_t i = 0; i < inputs; ++i, ++at) {
        const double x = s.numbers[at];
        if (x != 0 && x != 1)
          throw InputError(path + ": /spikes[" + std::to_string(k) + "][" + std::to_string(t) + "][" + std::to_string(i) +
                           "] = " + shortest_text(x) + " (allowed: 0, 1)");
        if (x == 1) r.samples[k].steps[t].push_back(i);
      }
  }
  const auto lab = root.children.find("labels");
  if (lab != root.children.end()) {
    const h5::Item& l = lab->second;
    if (l.group || l.type == h5::Type::String || !l.integer || l.count() != s.shape[0] || l.shape.size() != 1)
      throw InputError(path + ": /labels: must be " + std::to_string(s.shape[0]) + " integers, one per sample");
    for (double x : l.numbers) {
      if (x < 0 || x > 255) throw InputError(path + ": /labels: " + shortest_text(x) + " is out of range (allowed: 0..255)");
      r.labels.push_back(static_cast<int>(x));
    }
  }
  return r;
}

void write_input_rasters(const std::string& path, const std::vector<std::vector<std::vector<uint32_t>>>& samples,
                         uint32_t inputs, const std::vector<int>& labels) {
  const size_t steps = samples.empty() ? 0 : samples[0].size();
  std::vector<double> flat(samples.size() * steps * inputs, 0.0);
  for (size_t k = 0; k < samples.size(); ++k)
    for (size_t t = 0; t < steps; ++t)
      for (uint32_t i : samples[k][t]) flat[(k * steps + t) * inputs + i] = 1.0;
  h5::Item root = h5::group();
  root.attrs["format"] = h5::text("nmx-input-rasters");
  root.attrs["version"] = h5::scalar(1, h5::Type::U32);
  root.children["spikes"] = h5::numbers(std::move(flat), {samples.size(), steps, inputs}, h5::Type::U8);
  if (!labels.empty()) {
    std::vector<double> l(labels.begin(), labels.end());
    root.children["labels"] = h5::numbers(std::move(l), {labels.size()}, h5::Type::U8);
  }
  h5::write_tree(root, path);
}

}  // namespace nmx
