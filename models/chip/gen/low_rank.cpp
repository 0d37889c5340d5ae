#include "gen/low_rank.hpp"

#include <cmath>

namespace nmx {

ModeProjection random_mode_projection(uint32_t population, uint32_t size, uint32_t modes, double gain, double theta,
                                      double rate_decay, std::mt19937_64& rng) {
  ModeProjection mp;
  mp.name = "modes" + std::to_string(population);
  mp.population = population;
  mp.modes = modes;
  mp.rate_decay = rate_decay;
  std::normal_distribution<double> gauss(0.0, 1.0 / std::sqrt(static_cast<double>(size)));
  std::uniform_real_distribution<double> spread(0.5, 1.5);
  for (size_t k = 0; k < size_t{size} * modes; ++k) mp.xi_in.push_back(gauss(rng));
  for (size_t k = 0; k < size_t{size} * modes; ++k) mp.xi_out.push_back(gauss(rng));
  for (uint32_t p = 0; p < modes; ++p)
    mp.lambda.push_back((p % 2 ? -1.0 : 1.0) * gain * theta * std::sqrt(static_cast<double>(size)) / 10 * spread(rng));
  return mp;
}

}  // namespace nmx
