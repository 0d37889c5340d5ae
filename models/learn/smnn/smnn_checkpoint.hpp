// Checkpoint of an SMNN training run: parameters, Adam moments, completed epochs, the
// epoch history. One binary file (docs/formats.md, "SMNN-training checkpoint"), CRC-checked
// and written atomically, so a killed run resumes from its last completed epoch with the
// same result as a run that was never stopped.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "smnn/smnn_model.hpp"

namespace nmx {

struct SmnnCheckpoint {
  smnn::Params params;
  std::vector<double> m, v;  // Adam moments
  uint32_t task = 0;         // 0 mnist, 1 selective
  uint32_t epoch = 0;        // completed epochs
  uint64_t adam_step = 0;
  uint64_t seed = 0;
  std::vector<std::vector<double>> history;  // per epoch: loss, train acc, eval acc, eval n, spikes, seconds
};

constexpr uint32_t kSmnnHistoryFields = 6;

void write_smnn_checkpoint(const std::string& path, const SmnnCheckpoint& c);
// Throws InputError naming the file: wrong magic or version, truncation, CRC, or a shape
// or task other than this run's.
SmnnCheckpoint read_smnn_checkpoint(const std::string& path, const smnn::Shape& expected, uint32_t task);

}  // namespace nmx
