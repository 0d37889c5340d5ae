#include "smnn/smnn_checkpoint.hpp"

#include "core/error.hpp"
#include "optim/checkpoint_io.hpp"

namespace nmx {
namespace {

constexpr char kMagic[8] = {'N', 'M', 'X', 'S', 'M', 'N', 'C', '1'};

std::string shape_text(const smnn::Shape& s) {
  return std::to_string(s.inputs) + " inputs, N = " + std::to_string(s.neurons) + ", P = " + std::to_string(s.modes) +
         ", " + std::to_string(s.outputs) + " outputs, " + std::to_string(s.steps) + " steps";
}

}  // namespace

void write_smnn_checkpoint(const std::string& path, const SmnnCheckpoint& c) {
  optim::CheckpointWriter w(kMagic, sizeof kMagic);
  const smnn::Shape& s = c.params.shape;
  for (uint32_t v : {s.inputs, s.neurons, s.modes, s.outputs, s.steps, c.task, c.epoch}) w.put(v);
  w.put(c.adam_step);
  w.put(c.seed);
  w.put(static_cast<uint32_t>(c.history.size()));
  for (const auto& h : c.history)
    for (uint32_t k = 0; k < kSmnnHistoryFields; ++k) w.put(k < h.size() ? h[k] : 0.0);
  w.put(c.params.v);
  w.put(c.m);
  w.put(c.v);
  w.write(path);
}

SmnnCheckpoint read_smnn_checkpoint(const std::string& path, const smnn::Shape& expected, uint32_t task) {
  const std::string bytes = optim::read_checkpoint_bytes(path, kMagic, sizeof kMagic, sizeof kMagic - 1, "SMNN-training");
  if (bytes[sizeof kMagic - 1] != kMagic[sizeof kMagic - 1])
    throw InputError(path + ": checkpoint format version " + std::string(1, bytes[sizeof kMagic - 1]) +
                     " is not one this build reads (1)");
  optim::CheckpointReader r(bytes, sizeof kMagic, path);
  SmnnCheckpoint c;
  smnn::Shape& s = c.params.shape;
  s.inputs = r.get<uint32_t>(), s.neurons = r.get<uint32_t>(), s.modes = r.get<uint32_t>();
  s.outputs = r.get<uint32_t>(), s.steps = r.get<uint32_t>();
  c.task = r.get<uint32_t>();
  if (s.inputs != expected.inputs || s.neurons != expected.neurons || s.modes != expected.modes ||
      s.outputs != expected.outputs || s.steps != expected.steps || c.task != task)
    throw InputError(path + ": checkpoint is of " + std::string(c.task ? "selective" : "mnist") + ", " +
                     shape_text(s) + "; this run is " + (task ? "selective" : "mnist") + ", " + shape_text(expected) +
                     " (use another --checkpoint, or the run's own options)");
  c.epoch = r.get<uint32_t>();
  c.adam_step = r.get<uint64_t>();
  c.seed = r.get<uint64_t>();
  const uint32_t n_hist = r.get<uint32_t>();
  if (n_hist > 100000) throw InputError(path + ": checkpoint is damaged (history)");
  for (uint32_t e = 0; e < n_hist; ++e) c.history.push_back(r.get(kSmnnHistoryFields));
  const size_t n = smnn::ParamLayout(s).total;
  c.params.v = r.get(n), c.m = r.get(n), c.v = r.get(n);
  if (r.left() != 4) throw InputError(path + ": checkpoint is damaged (trailing bytes)");
  return c;
}

}  // namespace nmx
