// Drives L2 (the SystemC chip) from another project's own sc_main through the installed
// nmx package, with L1 checked in lockstep every step, and L3 (the Verilated RTL chip)
// beside it: its spikes must equal L2's, step by step.
#include <cstdio>

#include <systemc>

#include "gen/generate.hpp"
#include "l2/chip_model_l2.hpp"
#include "l3/chip_l3.hpp"
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
  nmx::l3::ChipL3 l3(chip);
  l2.reset();
  l3.reset();
  const std::vector<uint32_t> in{0, 1, 2, 3, 4, 5, 6, 7};
  std::vector<nmx::CoreSpike> s2, s3;
  size_t spikes = 0, differ = 0;
  for (uint32_t t = 0; t < 4; ++t) {
    s2.clear();
    s3.clear();
    l2.step(in, in, s2);
    l3.step(in, in, s3);
    spikes += s2.size();
    differ += s2.size() != s3.size();
    for (size_t k = 0; k < s2.size() && k < s3.size(); ++k)
      differ += s2[k].core != s3[k].core || s2[k].neuron != s3[k].neuron;
  }
  std::printf("consumer (sc_main): %llu cycles, %llu steps checked against L1, %zu spikes, L3 %s\n",
              static_cast<unsigned long long>(l2.totals().cycles),
              static_cast<unsigned long long>(l2.totals().lockstep_steps), spikes,
              differ ? "DIFFERS from L2" : "= L2");
  return l2.totals().lockstep_steps == 4 && l2.totals().cycles > 0 && spikes > 0 && differ == 0 ? 0 : 1;
}
