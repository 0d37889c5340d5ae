// Running a reservoir network at L0 or L1 on a scalar input sequence u(n) in [-1, 1]
// (the signed thermometer code of hrsnn_model.hpp), each value held for `hold` steps,
// collecting the filtered spike trains of its E and I neurons, r <- r (1 - 1/tau_f) + s,
// at the last step of each value as the readout's states, and counting spikes.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <Eigen/Dense>

#include "level/level_model.hpp"
#include "map/chip_image.hpp"
#include "net/network.hpp"

namespace nmx::hrsnn {

enum class Level { L0, L1 };
const char* to_string(Level l);

class Reservoir {
 public:
  // `net` (a build_reservoir network) must outlive the reservoir.
  Reservoir(const Network& net, Level level);
  ~Reservoir();

  void set_learning(bool on);  // the recurrent projections' STDP (when they have rules)
  void reset();                // neuron state to 0; learned weights carry on
  void write_learned(Network& net) const;
  uint32_t neurons() const { return neurons_; }

  struct Trace {
    Eigen::MatrixXd states;  // one row per recorded value, one column per E then I neuron
    uint64_t spikes = 0;     // E and I spikes over every step run
    size_t steps = 0;
  };
  // Runs the sequence, u[n] during steps [n hold, (n + 1) hold); rows of `states` are the
  // values from `record_from` on (none if record_from >= u.size()).
  Trace run(const std::vector<double>& u, uint32_t hold, double filter_tau, size_t record_from = 0);

 private:
  const Network& net_;
  std::unique_ptr<ChipImage> image_;
  std::unique_ptr<LevelModel> model_;
  uint32_t levels_, neurons_;
};

// The active input neurons for u: level i (0-based) of the positive half iff
// u > (i + 0.5) / L, level i of the negative half (neuron L + i) iff u < -(i + 0.5) / L.
std::vector<uint32_t> thermometer(double u, uint32_t levels);

// The input spikes of `u`, each value held `hold` steps: the active input neurons of every
// step, as Reservoir::run feeds them (what `nmx check --input` replays on the chip).
std::vector<std::vector<uint32_t>> input_raster(const std::vector<double>& u, uint32_t hold, uint32_t levels);

}  // namespace nmx::hrsnn
