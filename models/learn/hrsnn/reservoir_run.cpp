#include "hrsnn/reservoir_run.hpp"

#include <algorithm>

#include "l0/network_l0.hpp"
#include "l1/chip_l1.hpp"

namespace nmx::hrsnn {

const char* to_string(Level l) { return l == Level::L0 ? "L0" : "L1"; }

std::vector<uint32_t> thermometer(double u, uint32_t levels) {
  std::vector<uint32_t> on;
  for (uint32_t i = 0; i < levels; ++i) {
    const double edge = (i + 0.5) / levels;
    if (u > edge) on.push_back(i);
  }
  for (uint32_t i = 0; i < levels; ++i) {
    const double edge = (i + 0.5) / levels;
    if (u < -edge) on.push_back(levels + i);
  }
  return on;
}

Reservoir::Reservoir(const Network& net, Level level)
    : net_(net), levels_(net.populations.at(0).size / 2), neurons_(net.populations.at(1).size + net.populations.at(2).size) {
  if (level == Level::L0) {
    model_ = std::make_unique<NetworkL0>(net);
  } else {
    image_ = std::make_unique<ChipImage>(build_chip_image(net, *net.hw, "hrsnn"));
    model_ = std::make_unique<ChipL1>(*image_);
  }
}

Reservoir::~Reservoir() = default;

void Reservoir::set_learning(bool on) {
  const bool plastic = std::any_of(net_.projections.begin(), net_.projections.end(),
                                   [](const Projection& p) { return p.plasticity.has_value(); });
  if (plastic) model_->set_learning(on);
}

std::vector<std::vector<uint32_t>> input_raster(const std::vector<double>& u, uint32_t hold, uint32_t levels) {
  std::vector<std::vector<uint32_t>> steps;
  steps.reserve(u.size() * hold);
  for (double x : u)
    for (uint32_t h = 0; h < hold; ++h) steps.push_back(thermometer(x, levels));
  return steps;
}

void Reservoir::reset() { model_->reset(); }

void Reservoir::write_learned(Network& net) const { model_->write_learned(net); }

Reservoir::Trace Reservoir::run(const std::vector<double>& u, uint32_t hold, double filter_tau, size_t record_from) {
  Trace tr;
  const uint32_t ne = net_.populations[1].size;
  const size_t rows = record_from < u.size() ? u.size() - record_from : 0;
  tr.states.setZero(static_cast<Eigen::Index>(rows), neurons_);
  Eigen::VectorXd r = Eigen::VectorXd::Zero(neurons_);
  const double keep = 1 - 1 / filter_tau;
  PopulationSpikes spikes;
  const size_t steps = u.size() * hold;
  std::vector<uint32_t> in = thermometer(u.empty() ? 0 : u[0], levels_), next;
  for (size_t t = 0; t < steps; ++t) {
    const size_t n = t / hold;
    next = t + 1 < steps ? thermometer(u[(t + 1) / hold], levels_) : std::vector<uint32_t>{};
    model_->step_populations(in, next, spikes);
    r *= keep;
    for (uint32_t k : spikes[1]) r[k] += 1;
    for (uint32_t k : spikes[2]) r[ne + k] += 1;
    tr.spikes += spikes[1].size() + spikes[2].size();
    if ((t + 1) % hold == 0 && n >= record_from) tr.states.row(static_cast<Eigen::Index>(n - record_from)) = r.transpose();
    in.swap(next);
  }
  tr.steps = steps;
  return tr;
}

}  // namespace nmx::hrsnn
