#include "delay/delay_checkpoint.hpp"

#include "core/error.hpp"
#include "optim/checkpoint_io.hpp"

namespace nmx {
namespace {

// "NMXDLYC" and the format version: '2' records the neuron model; '1' (before it) still
// reads, as the datapath.
constexpr char kMagic[8] = {'N', 'M', 'X', 'D', 'L', 'Y', 'C', '2'};
constexpr size_t kMagicPrefix = 7;
constexpr uint32_t kHistoryFields = 5;

}  // namespace

void write_checkpoint(const std::string& path, const DelayCheckpoint& c) {
  optim::CheckpointWriter w(kMagic, sizeof(kMagic));
  const delay::Shape& s = c.params.shape;
  for (uint32_t v : {s.inputs, s.hidden, s.outputs, s.steps, c.epoch, uint32_t{c.train_weights}}) w.put(v);
  w.put(c.adam_step);
  w.put(c.seed);
  const delay::NeuronConfig& n = c.neuron;
  w.put(static_cast<uint32_t>(n.model));
  w.put(static_cast<uint32_t>(n.srm.ref_kernel));
  for (double v : {n.theta, n.du, n.dv, n.srm.tau, n.srm.tau_ref, n.srm.ref_scale}) w.put(v);
  w.put(static_cast<uint32_t>(c.history.size()));
  for (const auto& h : c.history)
    for (uint32_t k = 0; k < kHistoryFields; ++k) w.put(k < h.size() ? h[k] : 0.0);
  for (const auto* v : {&c.params.w1, &c.params.d1, &c.m1, &c.v1, &c.params.w2, &c.params.d2, &c.m2, &c.v2}) w.put(*v);
  w.write(path);
}

DelayCheckpoint read_checkpoint(const std::string& path, const delay::Shape& expected) {
  const std::string bytes = optim::read_checkpoint_bytes(path, kMagic, sizeof(kMagic), kMagicPrefix, "delay-training");
  const char version = bytes[kMagicPrefix];
  if (version != '1' && version != '2')
    throw InputError(path + ": checkpoint format version " + std::string(1, version) +
                     " is not one this build reads (1, 2); it was written by a newer nmx");
  optim::CheckpointReader r(bytes, sizeof(kMagic), path);
  DelayCheckpoint c;
  delay::Shape& s = c.params.shape;
  s.inputs = r.get<uint32_t>(), s.hidden = r.get<uint32_t>(), s.outputs = r.get<uint32_t>(), s.steps = r.get<uint32_t>();
  auto shape = [](const delay::Shape& x) {
    return std::to_string(x.inputs) + "-" + std::to_string(x.hidden) + "-" + std::to_string(x.outputs) + ", " +
           std::to_string(x.steps) + " steps";
  };
  if (s.inputs != expected.inputs || s.hidden != expected.hidden || s.outputs != expected.outputs ||
      s.steps != expected.steps)
    throw InputError(path + ": checkpoint is of a " + shape(s) + " network, this run is " + shape(expected) +
                     " (use another --checkpoint, or the run's own options)");
  c.epoch = r.get<uint32_t>();
  c.train_weights = r.get<uint32_t>() != 0;
  c.adam_step = r.get<uint64_t>();
  c.seed = r.get<uint64_t>();
  if (version == '1') {
    c.neuron.model = NeuronModel::Datapath;
    c.neuron_recorded = false;
  } else {
    const uint32_t model = r.get<uint32_t>(), kernel = r.get<uint32_t>();
    if (model > 1 || kernel > 1) throw InputError(path + ": checkpoint is damaged (neuron model)");
    c.neuron.model = static_cast<NeuronModel>(model);
    c.neuron.srm.ref_kernel = static_cast<RefractoryKernel>(kernel);
    c.neuron.theta = r.get<double>(), c.neuron.du = r.get<double>(), c.neuron.dv = r.get<double>();
    c.neuron.srm.tau = r.get<double>(), c.neuron.srm.tau_ref = r.get<double>(), c.neuron.srm.ref_scale = r.get<double>();
  }
  const uint32_t n_hist = r.get<uint32_t>();
  if (n_hist > 100000) throw InputError(path + ": checkpoint is damaged (history)");
  for (uint32_t e = 0; e < n_hist; ++e) c.history.push_back(r.get(kHistoryFields));
  const size_t n1 = size_t{s.inputs} * s.hidden, n2 = size_t{s.hidden} * s.outputs;
  c.params.w1 = r.get(n1), c.params.d1 = r.get(n1), c.m1 = r.get(n1), c.v1 = r.get(n1);
  c.params.w2 = r.get(n2), c.params.d2 = r.get(n2), c.m2 = r.get(n2), c.v2 = r.get(n2);
  return c;
}

}  // namespace nmx
