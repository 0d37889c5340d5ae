#include "quant/datapath_map.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "neuron/srm_kernel.hpp"

namespace nmx {
namespace {

// Why the datapath's reset is not this population's refractory kernel, or "".
std::string refractory_difference(const SrmParams& s, const DatapathMapOptions& opt) {
  const bool exponential_like = s.ref_kernel == RefractoryKernel::Exponential && s.tau_ref == s.tau &&
                                s.ref_scale == 1.0;
  if (exponential_like && opt.reset == ResetMode::Subtract && opt.refrac == 0) return "";
  std::string from = std::string(to_string(s.ref_kernel)) + " refractory kernel (tau_ref " + shortest_text(s.tau_ref) + ", " +
                     shortest_text(s.ref_scale) + " theta)";
  std::string to = opt.reset == ResetMode::Subtract ? "subtractive reset (exponential kernel, tau " + shortest_text(s.tau) + ", 1 theta)"
                                                    : std::string("reset to zero");
  if (opt.refrac) to += " + " + std::to_string(opt.refrac) + " refractory steps";
  return from + " -> " + to;
}

}  // namespace

bool has_srm(const Network& net) {
  return std::any_of(net.populations.begin(), net.populations.end(),
                     [](const Population& p) { return p.model == NeuronModel::SrmAlpha; });
}

Network map_to_datapath(const Network& in, const DatapathMapOptions& opt, DatapathMapReport* report) {
  if (opt.refrac > fx::kRefracMax)
    throw_field_error("map to datapath", "refractory period", std::to_string(opt.refrac), "0..15");
  Network net = in;
  DatapathMapReport rep;
  std::vector<double> gain(net.populations.size(), 0.0);  // weight gain into each mapped population
  for (size_t k = 0; k < net.populations.size(); ++k) {
    Population& p = net.populations[k];
    if (p.model != NeuronModel::SrmAlpha) continue;
    rep.populations.push_back(p.name);
    const std::string why = refractory_difference(p.srm, opt);
    if (!why.empty()) {
      rep.exact = false;
      rep.approximation += (rep.approximation.empty() ? "" : "; ") + p.name + ": " + why;
    }
    const double d = srm::datapath_decay(p.srm.tau);
    gain[k] = srm::datapath_weight_gain(p.srm.tau);
    std::fill(p.real.du.begin(), p.real.du.end(), d);
    std::fill(p.real.dv.begin(), p.real.dv.end(), d);
    std::fill(p.reset.begin(), p.reset.end(), opt.reset);
    std::fill(p.refrac.begin(), p.refrac.end(), opt.refrac);
    p.model = NeuronModel::Datapath;
    p.srm = {};
  }
  // A membrane readout of an SRM population differs in its spike steps: u is not reset
  // there, the datapath's v is.
  if (net.readout.kind != ReadoutKind::SpikeCount && gain.at(net.readout.population) != 0.0) {
    rep.exact = false;
    rep.approximation += (rep.approximation.empty() ? "" : "; ") +
                         std::string("the readout reads an SRM membrane, which the reset changes in spike steps");
  }
  for (Projection& pr : net.projections) {
    if (gain[pr.post] == 0.0) continue;
    for (double& w : pr.weight) w *= gain[pr.post];
    for (uint8_t& d : pr.delay) {
      ++rep.shifted_delays;
      if (d >= opt.max_delay)
        ++rep.clipped_delays;
      else
        ++d;
    }
  }
  if (rep.clipped_delays) {
    rep.exact = false;
    rep.approximation += (rep.approximation.empty() ? "" : "; ") + std::to_string(rep.clipped_delays) +
                         " delays pushed past " + std::to_string(opt.max_delay) + " by the extra step, clipped";
  }
  if (report) *report = rep;
  return net;
}

}  // namespace nmx
