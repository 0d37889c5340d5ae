// Drives L1 from another project through the installed nmx package.
#include <cstdio>

#include "gen/generate.hpp"
#include "l1/chip_l1.hpp"
#include "quant/quantize.hpp"

int main() {
  nmx::GenerateOptions g;
  g.layers = {16, 8};
  const nmx::Network net = nmx::quantize(nmx::generate_network(g), nmx::QuantizeOptions{});
  const nmx::ChipImage chip = nmx::build_chip_image(net, nmx::default_hw_config(), "consumer");
  nmx::ChipL1 l1(chip);
  std::vector<nmx::CoreSpike> spikes;
  for (uint32_t t = 0; t < 4; ++t) l1.step({0, 1, 2, 3, 4, 5, 6, 7}, spikes);
  std::printf("consumer: %llu synaptic events\n", static_cast<unsigned long long>(l1.synaptic_events()));
  return l1.synaptic_events() == 4u * 8u * 8u ? 0 : 1;
}
