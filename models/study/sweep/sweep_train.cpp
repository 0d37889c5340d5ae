#include "sweep/sweep_train.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "core/error.hpp"
#include "core/json_input.hpp"
#include "net/network_io.hpp"

namespace nmx {
namespace {

// FNV-1a: a hash that is the same on every platform and build, for file names.
uint64_t fnv1a(const std::string& s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

std::string num(double x) {
  char b[32];
  std::snprintf(b, sizeof b, "%g", x);
  return b;
}

}  // namespace

const std::vector<std::string>& train_spec_keys() {
  static const std::vector<std::string> keys = {"method", "data", "limit", "eval", "hidden", "weights", "learn",
                                                "gain", "theta", "tau", "logit_scale", "max_delay", "init_delay",
                                                "lr", "batch", "epochs", "seed", "neuron", "srm_tau", "tau_ref",
                                                "ref_kernel", "ref_scale"};
  return keys;
}

TrainSpec parse_train_spec(const nlohmann::json& j, const std::string& where, const std::string& default_data,
                           const std::string& data_dir) {
  if (!j.is_object()) throw InputError(where + " must be an object {method, data, epochs, limit, ...}");
  check_keys(j, train_spec_keys(), where);
  auto text = [&](const char* key, const std::string& def, std::initializer_list<const char*> allowed_values) {
    if (!j.contains(key)) return def;
    std::string all, v = j[key].is_string() ? j[key].get<std::string>() : j[key].dump();
    for (const char* a : allowed_values) {
      if (v == a) return v;
      all += (all.empty() ? "" : ", ") + std::string(a);
    }
    throw_field_error(where, key, v, all);
  };
  // A number in [lo, hi]; `open_lo` excludes lo; `whole` wants an integer.
  auto number = [&](const char* key, double def, double lo, double hi, bool open_lo, bool whole) {
    if (!j.contains(key)) return def;
    const auto& v = j[key];
    const double x = v.is_number() ? v.get<double>() : 0;
    const bool ok = v.is_number() && (open_lo ? x > lo : x >= lo) && x <= hi && (!whole || x == std::floor(x));
    if (!ok)
      throw_field_error(where, key, v.dump(),
                        std::string(whole ? "a whole number " : "a number ") + (open_lo ? "(" : "[") +
                            num(lo) + ", " + num(hi) + "]");
    return x;
  };
  if (!j.contains("method")) throw InputError(where + ": 'method' is required (allowed: delay)");
  text("method", "delay", {"delay"});
  TrainSpec t;
  DelayTrainOptions& o = t.options;
  o.dataset = text("data", default_data, {"fashion-mnist", "mnist"});
  o.data_dir = data_dir;
  o.train_limit = static_cast<size_t>(number("limit", 0, 0, 60000, false, true));
  o.eval_limit = static_cast<size_t>(number("eval", 1000, 0, 10000, false, true));
  o.shape.hidden = static_cast<uint32_t>(number("hidden", o.shape.hidden, 1, 100000, false, true));
  o.ternary = text("weights", "ternary", {"ternary", "gaussian"}) == "ternary";
  o.train_weights = text("learn", "delays", {"delays", "weights"}) == "weights";
  o.hidden_gain = number("gain", o.hidden_gain, 0, 1e6, true, false);
  o.neuron.theta = number("theta", o.neuron.theta, 0, 1e6, true, false);
  o.neuron.du = o.neuron.dv = number("tau", o.neuron.du, 0, 1, false, false);
  o.neuron.logit_scale = number("logit_scale", o.neuron.logit_scale, 0, 1e6, true, false);
  o.max_delay = static_cast<uint32_t>(number("max_delay", o.max_delay, 0, 63, false, true));
  o.init_delay = number("init_delay", o.init_delay, 0, 63, true, false);
  o.lr = number("lr", o.lr, 0, 10, true, false);
  o.batch = static_cast<uint32_t>(number("batch", o.batch, 1, 100000, false, true));
  o.epochs = static_cast<uint32_t>(number("epochs", o.epochs, 1, 100000, false, true));
  o.seed = static_cast<uint64_t>(number("seed", 1, 0, 4294967295.0, false, true));
  const bool srm = text("neuron", "datapath", {"datapath", "srm-alpha"}) == "srm-alpha";
  for (const char* k : {"srm_tau", "tau_ref", "ref_kernel", "ref_scale"})
    if (!srm && j.contains(k)) throw InputError(where + ": '" + k + "' needs \"neuron\": \"srm-alpha\"");
  if (srm) {
    if (j.contains("tau")) throw InputError(where + ": 'tau' is the datapath's decay; srm-alpha takes 'srm_tau' (steps)");
    if (o.max_delay == 0) throw_field_error(where, "max_delay", "0", "1..63 (srm-alpha adds one step to input delays)");
    o.neuron.model = NeuronModel::SrmAlpha;
    o.neuron.srm.tau = number("srm_tau", o.neuron.srm.tau, 0, 1e6, true, false);
    o.neuron.srm.tau_ref = number("tau_ref", o.neuron.srm.tau_ref, 0, 1e6, true, false);
    o.neuron.srm.ref_kernel = text("ref_kernel", "alpha", {"alpha", "exponential"}) == "alpha"
                                  ? RefractoryKernel::Alpha : RefractoryKernel::Exponential;
    o.neuron.srm.ref_scale = number("ref_scale", o.neuron.srm.ref_scale, 0, 1e6, false, false);
  }
  t.canonical = {{"method", "delay"},        {"data", o.dataset},       {"limit", o.train_limit},
                 {"eval", o.eval_limit},     {"hidden", o.shape.hidden}, {"ternary", o.ternary},
                 {"learn_weights", o.train_weights}, {"gain", o.hidden_gain}, {"theta", o.neuron.theta},
                 {"tau", o.neuron.du},       {"logit_scale", o.neuron.logit_scale}, {"max_delay", o.max_delay},
                 {"init_delay", o.init_delay}, {"lr", o.lr},            {"batch", o.batch},
                 {"epochs", o.epochs},       {"latency_steps", o.latency_steps}, {"zero_fraction", o.zero_fraction}};
  if (srm)  // only then, so the cache names of datapath runs stay what they were
    t.canonical["srm"] = {{"tau", o.neuron.srm.tau}, {"tau_ref", o.neuron.srm.tau_ref},
                          {"ref_kernel", to_string(o.neuron.srm.ref_kernel)}, {"ref_scale", o.neuron.srm.ref_scale}};
  return t;
}

Network untrained_network(const TrainSpec& t, uint64_t seed) {
  DelayTrainOptions o = t.options;
  o.seed = seed;
  return delay_network(init_delay_params(o), o.neuron, o.latency_steps, seed, "untrained (sweep check)");
}

std::string trained_network_path(const TrainSpec& t, uint64_t seed, const std::string& cache_dir) {
  char name[64];
  std::snprintf(name, sizeof name, "delay-%016llx-seed%llu.h5", static_cast<unsigned long long>(fnv1a(t.canonical.dump())),
                static_cast<unsigned long long>(seed));
  return (std::filesystem::path(cache_dir) / name).string();
}

Network trained_network(const TrainSpec& t, uint64_t seed, const std::string& cache_dir, unsigned threads,
                        bool* trained) {
  const std::string path = trained_network_path(t, seed, cache_dir);
  if (trained) *trained = false;
  if (std::filesystem::exists(path)) return read_network(path);
  std::error_code ec;
  std::filesystem::create_directories(cache_dir, ec);
  if (ec) throw InputError(cache_dir + ": cannot create the trained-network cache (" + ec.message() + ")");
  DelayTrainOptions o = t.options;
  o.seed = seed;
  o.threads = threads;
  const Network net = train_delays(o).network;
  write_network(net, path);  // temp file + rename: a kill never leaves half a network in the cache
  if (trained) *trained = true;
  return net;
}

}  // namespace nmx
