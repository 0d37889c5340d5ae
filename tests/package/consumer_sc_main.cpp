// Drives L2 (the SystemC chip) from another project's own sc_main through the installed
// nmx package, with L1 checked in lockstep every step.
#include <cstdio>

#include <systemc>

#include "gen/generate.hpp"
#include "l2/chip_model_l2.hpp"
#include "quant/quantize.hpp"

int sc_main(int, char*[]) {
  nmx::GenerateOptions g;
  g.layers = {16, 8};
  g.weight_gain = 3.0;
  const nmx::Network net = nmx::quantize(nmx::generate_network(g), nmx::QuantizeOptions{});
  const nmx::ChipImage chip = nmx::build_chip_image(net, nmx::default_hw_config(), "consumer");
  nmx::l2::L2Options opt;
  opt.compare_state = true;
  nmx::l2::ChipModelL2 l2(chip, opt);
  l2.reset();
  const std::vector<uint32_t> in{0, 1, 2, 3, 4, 5, 6, 7};
  std::vector<nmx::CoreSpike> spikes;
  for (uint32_t t = 0; t < 4; ++t) l2.step(in, in, spikes);
  std::printf("consumer (sc_main): %llu cycles, %llu steps checked against L1\n",
              static_cast<unsigned long long>(l2.totals().cycles),
              static_cast<unsigned long long>(l2.totals().lockstep_steps));
  return l2.totals().lockstep_steps == 4 && l2.totals().cycles > 0 ? 0 : 1;
}
