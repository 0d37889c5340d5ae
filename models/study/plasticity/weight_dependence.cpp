#include "plasticity/weight_dependence.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "fixed/fixed_point.hpp"
#include "l0/network_l0.hpp"
#include "l1/chip_l1.hpp"
#include "map/chip_image.hpp"
#include "plastic/rule_compile.hpp"
#include "plasticity/probe_net.hpp"

namespace nmx::plastic_study {
namespace {

constexpr int32_t kTeacherCode = 127;
constexpr int32_t kProbeTheta = 200;  // > any one synapse (127), < the two teachers (254)

// The pre synapse's code after the protocol, at L1 and L0. Inputs: 0 the pre, 1 and 2 the teachers.
void run_protocol(const plastic::GroupMicrocode& rule, int32_t w0, bool potentiate, const WeightDependenceOptions& opt,
                  const std::string& where, int32_t& l1_code, double& l0_code) {
  const std::vector<int8_t> codes = {static_cast<int8_t>(w0), static_cast<int8_t>(kTeacherCode),
                                     static_cast<int8_t>(kTeacherCode)};
  const Network net = probe_network("weight-dependence", codes, 1,
                                    lif_population("post", 1, fx::kDecayOne, fx::kDecayOne, kProbeTheta), rule);
  Raster raster(static_cast<size_t>(opt.pairings) * opt.gap);
  for (uint32_t p = 0; p < opt.pairings; ++p) {
    const size_t first = static_cast<size_t>(p) * opt.gap + 1, second = first + opt.lag;
    raster[potentiate ? first : second].push_back(0);
    raster[potentiate ? second : first].insert(raster[potentiate ? second : first].end(), {1, 2});
  }
  const ChipImage image = build_chip_image(net, probe_hw(3), where);  // ChipL1 keeps a reference
  ChipL1 l1(image);
  NetworkL0 l0(net);
  std::vector<CoreSpike> out;
  PopulationSpikes spikes;
  for (auto& in : raster) {
    std::sort(in.begin(), in.end());
    out.clear();
    l1.step(in, out);
    l0.step(in, spikes);
  }
  Network learned = net;
  l1.write_learned(learned);
  l1_code = learned.projections[0].code[0];
  l0_code = l0.plasticity(1)->code(0, 0);
}

}  // namespace

WeightDependenceResult weight_dependence(const plastic::GroupMicrocode& rule, const WeightDependenceOptions& opt,
                                         const std::string& where) {
  if (opt.w_step < 1 || opt.pairings < 1 || opt.gap < opt.lag + 2)
    throw InputError(where + ": weight dependence needs w_step >= 1, pairings >= 1 and gap >= lag + 2");
  WeightDependenceResult r;
  r.rule = plastic::rule_text_of(rule);
  r.wmin = fx::weight_code_min(kProbeWeightBits);
  r.wmax = fx::weight_code_max(kProbeWeightBits);
  std::vector<int32_t> grid;
  for (int32_t w = r.wmin; w < r.wmax; w += opt.w_step) grid.push_back(w);
  grid.push_back(r.wmax);
  for (const int32_t w0 : grid) {
    WeightDependenceRow row;
    row.w0 = w0;
    run_protocol(rule, w0, true, opt, where, row.up_l1, row.up_l0);
    run_protocol(rule, w0, false, opt, where, row.down_l1, row.down_l0);
    r.rows.push_back(row);
  }
  return r;
}

nlohmann::json to_json(const WeightDependenceResult& r) {
  nlohmann::json rows = nlohmann::json::array();
  for (const WeightDependenceRow& w : r.rows)
    rows.push_back({{"w0", w.w0}, {"up_l1", w.up_l1}, {"up_l0", w.up_l0}, {"down_l1", w.down_l1}, {"down_l0", w.down_l0}});
  return {{"rule", r.rule}, {"code_min", r.wmin}, {"code_max", r.wmax}, {"rows", rows}};
}

}  // namespace nmx::plastic_study
