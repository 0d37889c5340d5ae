// Per-step recording of a run (`nmx run --record`): spike rasters and the state u, v of
// chosen populations, steps and samples, at any level, written as one HDF5 file of plain
// row-major datasets (docs/formats.md, "Recording"). The runner calls record() from its
// worker threads; each sample has its own slot, so no locking and no thread-count effect.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "level/level_model.hpp"
#include "net/network.hpp"

namespace nmx {

struct RecordSpec {
  bool spikes = false, v = false, u = false;
  std::vector<uint32_t> populations;  // network indices, in network order
  uint32_t first_step = 0, last_step = 0;  // inclusive
  size_t samples = 1;                      // the first K samples
};

// From the CLI's text: what = "spikes,v,u" (any of them), pops = "hidden,output" (empty:
// every population), steps = "A:B" or "A" (empty: every step of the sample). `steps` is the
// number of timesteps per sample, `total` the samples in the run. InputError naming the
// option and the allowed names or range.
RecordSpec parse_record_spec(const Network& net, const std::string& what, const std::string& pops,
                             const std::string& steps_text, size_t samples, uint32_t steps, size_t total);

class Recorder {
 public:
  // `level` names the level recorded ("float", "fixed", "systemc", "rtl"); `chip_units`: state in
  // datapath LSBs (chip levels), converted to membrane units with each population's lsb.
  Recorder(const Network& net, RecordSpec spec, std::string level, bool chip_units);

  // After step t of sample `sample` (any thread; one thread per sample): `inputs` are the
  // input population's events of the step, `spikes` the neuron populations' spikes.
  void record(size_t sample, uint32_t t, const std::vector<uint32_t>& inputs, const LevelModel& model,
              const PopulationSpikes& spikes);
  // Atomic write; `network` and `input` name the sources in the file's attributes.
  void write(const std::string& path, const std::string& network, const std::string& input) const;

  const RecordSpec& spec() const { return spec_; }
  // What was recorded of spec().populations[k]: [sample][step][neuron] row-major, spikes as
  // 0/1, v and u in membrane units as write() stores them; empty when not recorded.
  const std::vector<double>& spikes(size_t k) const { return slots_.at(k).spikes; }
  const std::vector<double>& v(size_t k) const { return slots_.at(k).v; }
  const std::vector<double>& u(size_t k) const { return slots_.at(k).u; }

 private:
  struct Slot {  // one population, all recorded samples: [sample][step][neuron]
    std::vector<double> spikes, v, u;
  };
  const Network& net_;
  RecordSpec spec_;
  std::string level_;
  bool chip_units_;
  uint32_t steps_ = 0;
  std::vector<Slot> slots_;  // parallel to spec_.populations
};

}  // namespace nmx
