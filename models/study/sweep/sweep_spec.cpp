#include "sweep/sweep_spec.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "fixed/fixed_point.hpp"
#include "core/json_input.hpp"

namespace nmx {

const std::vector<std::string>& sweep_axes() {
  static const std::vector<std::string> axes = {"weight_bits", "theta_bits", "delay_slots", "neurons", "axons",
                                                "lanes",       "mesh_x",     "mesh_y",      "clock_mhz",
                                                "seed",        "decay_bits", "mode_bits"};
  return axes;
}

std::string SweepSpec::network_name() const { return train ? "train " + train->canonical.dump() : network; }

std::string SweepPoint::key() const {
  nlohmann::json j(nlohmann::json::value_t::object);
  for (const auto& [k, v] : params) j[k] = v;  // std::map: sorted, so the key is canonical
  return j.dump();
}

SweepSpec parse_sweep_spec(const std::string& text, const std::string& source) {
  const JsonInput doc(text, source);
  const nlohmann::json& j = doc.root();
  if (!j.is_object()) throw InputError(source + ": expected a JSON object");
  SweepSpec s;
  s.source = source;
  s.text = text;
  doc.check_keys("", {"network", "train", "hw", "data", "level", "axes", "area", "comment"});
  doc.check_keys("/data", {"name", "split", "limit", "dir"});
  doc.check_keys("/train", train_spec_keys());
  doc.check_keys("/axes", sweep_axes());
  auto str = [&](const nlohmann::json& o, const char* key, std::string& out) {
    if (!o.contains(key)) return;
    if (!o[key].is_string()) throw InputError(source + ": " + key + " must be a string");
    out = o[key].get<std::string>();
  };
  str(j, "network", s.network);
  if (s.network.empty() == !j.contains("train"))
    throw InputError(source + ": name either 'network' (a float network file) or 'train' (a trainer invocation)");
  str(j, "hw", s.hw);
  if (j.contains("area")) {
    if (!j["area"].is_boolean()) throw InputError(source + ": area must be true or false");
    s.area = j["area"].get<bool>();
  }
  if (j.contains("data")) {
    const auto& d = j["data"];
    if (!d.is_object()) throw InputError(source + ": data must be an object {name, split, limit, dir}");
    str(d, "name", s.data);
    str(d, "split", s.split);
    str(d, "dir", s.data_dir);
    if (d.contains("limit")) {
      if (!d["limit"].is_number_unsigned()) throw InputError(source + ": data.limit must be a count (0 = all)");
      s.limit = d["limit"].get<size_t>();
    }
    if (s.split != "train" && s.split != "test")
      throw InputError(source + ": data.split = " + s.split + " (allowed: train, test)");
  }
  if (j.contains("train")) s.train = parse_train_spec(j["train"], source + ": train", s.data, s.data_dir);
  std::string level = "fixed";
  str(j, "level", level);
  if (level != "fixed" && level != "float" && level != "systemc")
    throw InputError(source + ": level = " + level + " (allowed: float, fixed, systemc)");
  s.level = parse_level(level);
  if (!j.contains("axes") || !j["axes"].is_object() || j["axes"].empty())
    throw InputError(source + ": 'axes' is required: an object of axis -> list of values");
  for (auto it = j["axes"].begin(); it != j["axes"].end(); ++it) {
    if (!it.value().is_array() || it.value().empty())
      throw InputError(source + ": axes." + it.key() + " must be a non-empty list of numbers");
    for (const auto& v : it.value()) {
      if (!v.is_number()) throw InputError(source + ": axes." + it.key() + " has a non-number " + v.dump());
      auto& values = s.axes[it.key()];
      if (std::find(values.begin(), values.end(), v.get<double>()) == values.end())  // a repeat is one point
        values.push_back(v.get<double>());
    }
  }
  return s;
}

SweepSpec read_sweep_spec(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open the sweep spec");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_sweep_spec(ss.str(), path);
}

std::vector<SweepPoint> sweep_points(const SweepSpec& spec) {
  const HwConfig base = hw_config_or_default(spec.hw);
  std::vector<SweepPoint> points(1);
  for (const auto& [axis, values] : spec.axes) {
    std::vector<SweepPoint> next;
    for (const SweepPoint& p : points)
      for (double v : values) {
        SweepPoint q = p;
        q.params[axis] = v;
        next.push_back(q);
      }
    points = std::move(next);
  }
  for (SweepPoint& p : points) {
    HwConfig hw = base;
    hw.source = spec.source + " point " + p.key();
    auto integer = [&](const std::string& axis, double v) {
      if (v < 0 || v != std::floor(v) || v > 4294967295.0)
        throw InputError(spec.source + ": axes." + axis + " = " + nlohmann::json(v).dump() +
                         " is not a whole number in [0, 4294967295]");
      return static_cast<uint32_t>(v);
    };
    p.train_seed = spec.train ? spec.train->options.seed : 0;
    for (const auto& [axis, v] : p.params) {
      if (axis == "weight_bits") hw.core.weight_bits = integer(axis, v), p.quant.weight_bits = static_cast<int>(v);
      else if (axis == "theta_bits") p.quant.theta_bits = static_cast<int>(integer(axis, v));
      else if (axis == "decay_bits") p.quant.decay_bits = static_cast<int>(integer(axis, v));
      else if (axis == "mode_bits") p.quant.mode_bits = static_cast<int>(integer(axis, v));
      else if (axis == "delay_slots") hw.core.delay_slots = integer(axis, v);
      else if (axis == "neurons") hw.core.neurons = integer(axis, v);
      else if (axis == "axons") hw.core.axons = integer(axis, v);
      else if (axis == "lanes") hw.core.lanes = integer(axis, v);
      else if (axis == "mesh_x") hw.mesh_x = integer(axis, v);
      else if (axis == "mesh_y") hw.mesh_y = integer(axis, v);
      else if (axis == "clock_mhz") hw.clock_mhz = v;
      else if (axis == "seed") p.seeded = true, p.seed = integer(axis, v);
    }
    if (spec.train && p.seeded) p.train_seed = p.seed;  // the seed axis seeds the trainer too
    if (!p.params.count("weight_bits")) p.quant.weight_bits = static_cast<int>(hw.core.weight_bits);
    if (p.quant.theta_bits < 2 || p.quant.theta_bits > fx::kStateBits - 1)
      throw_field_error(hw.source, "theta_bits", std::to_string(p.quant.theta_bits), "2.." + std::to_string(fx::kStateBits - 1));
    if (p.quant.decay_bits < 1 || p.quant.decay_bits > fx::kDecayBits)
      throw_field_error(hw.source, "decay_bits", std::to_string(p.quant.decay_bits), "1.." + std::to_string(fx::kDecayBits));
    if (!fx::mode_bits_supported(p.quant.mode_bits))
      throw_field_error(hw.source, "mode_bits", std::to_string(p.quant.mode_bits),
                        std::to_string(fx::kModeCodeBitsMin) + ".." + std::to_string(fx::kModeCodeBits));
    validate(hw);  // names the field, the value and the allowed range
    p.hw = hw;
  }
  return points;
}

}  // namespace nmx
