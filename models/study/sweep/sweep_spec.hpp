// A sweep specification (docs/formats.md, "Sweep spec"): a float network (a file, or a
// trainer invocation), a dataset slice, a level, an optional base hardware configuration,
// and parameter axes whose cartesian product is the set of points. Every point is checked
// before any work starts.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "hw/hw_config.hpp"
#include "quant/quantize.hpp"
#include "run/runner.hpp"
#include "sweep/sweep_train.hpp"

namespace nmx {

struct SweepSpec {
  std::string source;  // the spec file
  std::string text;    // its JSON text (an L2 point worker parses it again)
  std::string network, hw, data = "fashion-mnist", split = "test", data_dir;
  size_t limit = 500;
  Level level = Level::Fixed;
  std::map<std::string, std::vector<double>> axes;  // axis -> values (see sweep_axes())
  std::optional<TrainSpec> train;  // the network is trained (per trainer seed) instead of read
  bool area = false;               // synthesise each distinct core configuration for its area

  // The network's name in rows and keys: the file, or "train " + the trainer options.
  std::string network_name() const;
};

struct SweepPoint {
  std::map<std::string, double> params;  // one value per axis
  std::string key() const;                // canonical JSON of params: the database key
  HwConfig hw;
  QuantizeOptions quant;
  bool seeded = false;      // a seed axis: the run's encoder and neuron LFSRs are reseeded
  uint32_t seed = 0;
  uint64_t train_seed = 0;  // trained networks: the trainer's seed (the seed axis, else train.seed)
};

// The axes a spec may name.
const std::vector<std::string>& sweep_axes();

SweepSpec read_sweep_spec(const std::string& path);
SweepSpec parse_sweep_spec(const std::string& text, const std::string& source);
// Every point, hardware validated (throws InputError naming the axis and value).
std::vector<SweepPoint> sweep_points(const SweepSpec& spec);

}  // namespace nmx
