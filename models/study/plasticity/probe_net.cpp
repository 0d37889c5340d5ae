#include "plasticity/probe_net.hpp"

#include "fixed/fixed_point.hpp"
#include "plastic/rule_compile.hpp"

namespace nmx::plastic_study {

Population lif_population(const std::string& name, uint32_t size, int32_t du, int32_t dv, int32_t theta,
                          uint8_t refrac) {
  Population p;
  p.name = name;
  p.size = size;
  for (uint32_t n = 0; n < size; ++n) {
    p.real.du.push_back(du / static_cast<double>(fx::kDecayOne));
    p.real.dv.push_back(dv / static_cast<double>(fx::kDecayOne));
    p.real.theta.push_back(theta);
    p.real.bias.push_back(0);
    p.fixed.du.push_back(du);
    p.fixed.dv.push_back(dv);
    p.fixed.theta.push_back(theta);
    p.fixed.bias.push_back(0);
    p.refrac.push_back(refrac);
    p.reset.push_back(ResetMode::Zero);
    p.spike.push_back(SpikeMode::Deterministic);
    p.lfsr_seed.push_back(static_cast<uint16_t>(n + 1));
  }
  return p;
}

Network probe_network(const std::string& name, std::vector<int8_t> codes, uint32_t outs, const Population& out,
                      const plastic::GroupMicrocode& rule) {
  Network net;
  net.name = name;
  Population in;
  in.name = "input";
  in.kind = PopulationKind::Input;
  in.size = static_cast<uint32_t>(codes.size() / outs);
  net.populations.push_back(in);
  net.populations.push_back(out);
  Projection pr;
  pr.name = "input_" + out.name;
  pr.pre = 0;
  pr.post = 1;
  pr.weight_bits = kProbeWeightBits;
  pr.scale = {1, 0};
  for (const int8_t c : codes) {
    pr.code.push_back(c);
    pr.weight.push_back(c);
    pr.delay.push_back(0);
  }
  const std::string text = plastic::rule_text_of(rule);
  pr.plasticity = ProjectionPlasticity{text, plastic::compile_rule(text, plastic::params_of(rule), name)};
  net.projections.push_back(std::move(pr));
  net.readout = {ReadoutKind::SpikeCount, 1};
  validate(net, name);
  return net;
}

HwConfig probe_hw(uint32_t inputs) {
  HwConfig hw = default_hw_config();
  hw.core.plasticity = true;
  hw.core.weight_bits = kProbeWeightBits;
  if (hw.core.axons < inputs) hw.core.axons = inputs;
  return hw;
}

}  // namespace nmx::plastic_study
