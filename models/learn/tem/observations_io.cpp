#include "tem/observations_io.hpp"

#include <fstream>

#include <nlohmann/json.hpp>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/json_input.hpp"

namespace nmx::tem {
namespace {

using nlohmann::json;
constexpr const char* kFormat = "nmx-tem-observations";

const json& field(const json& j, const char* key, const std::string& path, const std::string& where) {
  if (!j.is_object() || !j.contains(key)) throw_field_error(path, where + key, "missing", "required");
  return j.at(key);
}

std::vector<double> numbers(const json& j, const std::string& path, const std::string& name) {
  if (!j.is_array()) throw_field_error(path, name, j.dump().substr(0, 40), "an array of numbers");
  std::vector<double> v;
  for (size_t i = 0; i < j.size(); ++i) {
    if (!j[i].is_number()) throw_field_error(path, name + "[" + std::to_string(i) + "]", j[i].dump(), "a number");
    v.push_back(j[i].get<double>());
  }
  return v;
}

}  // namespace

Observations read_observations(const std::string& path) {
  const JsonInput doc = JsonInput::read(path, "observations");
  const json& j = doc.root();
  doc.check_keys("", {"format", "version", "inputs", "neurons", "bias", "theta", "examples"});
  if (j.contains("examples") && j["examples"].is_array())
    for (size_t e = 0; e < j["examples"].size(); ++e) doc.check_keys("/examples/" + std::to_string(e), {"signal", "spikes"});
  const json& fmt = field(j, "format", path, "");
  if (fmt != kFormat) throw_field_error(path, "format", fmt.dump(), std::string("\"") + kFormat + "\"");
  const json& ver = field(j, "version", path, "");
  if (ver != 1) throw_field_error(path, "version", ver.dump(), "1");
  Observations o;
  o.source = path;
  for (const char* k : {"inputs", "neurons"}) {
    const json& n = field(j, k, path, "");
    if (!n.is_number_unsigned() || n.get<uint64_t>() == 0 || n.get<uint64_t>() > 100000)
      throw_field_error(path, k, n.dump(), "an integer in [1, 100000]");
  }
  o.inputs = j["inputs"].get<uint32_t>();
  o.neurons = j["neurons"].get<uint32_t>();
  if (j.contains("bias")) o.bias = numbers(j["bias"], path, "bias");  // absent: to be fitted
  o.theta = numbers(field(j, "theta", path, ""), path, "theta");
  const json& ex = field(j, "examples", path, "");
  if (!ex.is_array()) throw_field_error(path, "examples", "not an array", "an array of examples");
  for (size_t e = 0; e < ex.size(); ++e) {
    const std::string name = "examples[" + std::to_string(e) + "]";
    const json& sig = field(ex[e], "signal", path, name + ".");
    if (!sig.is_array() || sig.size() < 2)
      throw_field_error(path, name + ".signal", sig.is_array() ? std::to_string(sig.size()) + " knots" : "not an array",
                        "at least 2 knots (rows of " + std::to_string(o.inputs) + " values)");
    std::vector<double> knots;
    for (size_t t = 0; t < sig.size(); ++t) {
      const std::string row = name + ".signal[" + std::to_string(t) + "]";
      const std::vector<double> v = numbers(sig[t], path, row);
      if (v.size() != o.inputs)
        throw_field_error(path, row, std::to_string(v.size()) + " values", std::to_string(o.inputs) + " (inputs)");
      knots.insert(knots.end(), v.begin(), v.end());
    }
    o.signals.emplace_back(o.inputs, std::move(knots));
    const json& sp = field(ex[e], "spikes", path, name + ".");
    if (!sp.is_array()) throw_field_error(path, name + ".spikes", "not an array", "one array of times per neuron");
    std::vector<std::vector<double>> trains;
    for (size_t n = 0; n < sp.size(); ++n)
      trains.push_back(numbers(sp[n], path, name + ".spikes[" + std::to_string(n) + "]"));
    o.spikes.push_back(std::move(trains));
  }
  validate(o, path, o.bias.empty());
  return o;
}

void write_observations(const Observations& obs, const std::string& path) {
  json j;
  j["format"] = kFormat;
  j["version"] = 1;
  j["inputs"] = obs.inputs;
  j["neurons"] = obs.neurons;
  if (!obs.bias.empty()) j["bias"] = obs.bias;
  j["theta"] = obs.theta;
  j["examples"] = json::array();
  for (size_t e = 0; e < obs.signals.size(); ++e) {
    json sig = json::array();
    const Signal& s = obs.signals[e];
    for (uint32_t t = 0; t <= s.steps(); ++t) {
      json row = json::array();
      for (uint32_t c = 0; c < s.channels(); ++c) row.push_back(s.at(t, c));
      sig.push_back(std::move(row));
    }
    j["examples"].push_back({{"signal", std::move(sig)}, {"spikes", obs.spikes[e]}});
  }
  write_atomically(path, [&](const std::string& tmp) {
    std::ofstream out(tmp);
    out << j.dump() << "\n";
    if (!out) throw InputError(path + ": write failed");
  });
}

}  // namespace nmx::tem
