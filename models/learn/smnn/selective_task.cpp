#include "smnn/selective_task.hpp"

#include <cmath>
#include <random>
#include <string>

#include "core/error.hpp"
#include "core/hash.hpp"

namespace nmx::smnn {

void check_selective_config(const SelectiveConfig& c) {
  if (c.stimulus == 0 || c.silent + c.stimulus >= c.steps)
    throw InputError("selective task: silent " + std::to_string(c.silent) + " + stimulus " +
                     std::to_string(c.stimulus) + " steps must leave a response window in " +
                     std::to_string(c.steps) + " steps (stimulus >= 1)");
  if (!(std::isfinite(c.offset) && c.offset > 0) || !(std::isfinite(c.noise_sd) && c.noise_sd >= 0))
    throw InputError("selective task: offset must be > 0 and noise_sd >= 0 (finite)");
}

SelectiveTrial selective_trial(const SelectiveConfig& c, uint64_t seed, uint64_t index) {
  std::mt19937_64 rng(hash3(seed, index, 0x5E1EC7));
  std::uniform_int_distribution<int> coin(0, 1);
  std::normal_distribution<double> noise(0.0, 1.0);
  SelectiveTrial tr;
  tr.context = coin(rng);
  for (double& o : tr.offset) o = coin(rng) ? c.offset : -c.offset;
  tr.target = tr.offset[tr.context] > 0 ? 1.0 : -1.0;
  InputSeq& in = tr.input;
  in.step_begin.push_back(0);
  for (uint32_t t = 0; t < c.steps; ++t) {
    if (t >= c.silent && t < c.response_begin())
      for (uint32_t ch = 0; ch < 2; ++ch) {
        in.index.push_back(ch);
        in.value.push_back(tr.offset[ch] + c.noise_sd * noise(rng));
      }
    if (t >= c.silent) {
      in.index.push_back(2 + static_cast<uint32_t>(tr.context));
      in.value.push_back(1.0);
    }
    in.step_begin.push_back(static_cast<uint32_t>(in.index.size()));
  }
  return tr;
}

}  // namespace nmx::smnn
