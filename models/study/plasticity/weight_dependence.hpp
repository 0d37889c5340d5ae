// Weight dependence and saturation at L1 and L0: from each starting code w0 (a grid over
// the 8-bit code range), `pairings` potentiating pairs (pre, then the post neuron `lag`
// steps later) and, in a second run, as many depressing ones (post, then pre `lag` steps
// later), `gap` steps apart so the traces have died out. One pre input and two teacher
// inputs (together they fire the neuron; the pre synapse alone, at most 127, never does).
// An additive rule moves every w0 by the same amount until the code range stops it; a
// rule with w factors shows its dependence; nothing wraps.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "plastic/microcode.hpp"

namespace nmx::plastic_study {

struct WeightDependenceOptions {
  int32_t w_step = 16;     // grid of w0 from the code minimum up, and the maximum
  uint32_t pairings = 40;
  uint32_t lag = 2;        // steps
  uint32_t gap = 100;      // steps between pairings
};

struct WeightDependenceRow {
  int32_t w0 = 0;
  int32_t up_l1 = 0, down_l1 = 0;  // code after the potentiating / depressing pairs
  double up_l0 = 0, down_l0 = 0;
};

struct WeightDependenceResult {
  std::string rule;
  int32_t wmin = 0, wmax = 0;  // the code range
  std::vector<WeightDependenceRow> rows;
};

WeightDependenceResult weight_dependence(const plastic::GroupMicrocode& rule, const WeightDependenceOptions& opt,
                                         const std::string& where);

nlohmann::json to_json(const WeightDependenceResult& r);

}  // namespace nmx::plastic_study
