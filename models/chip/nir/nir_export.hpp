// nmx network -> NIR graph (docs/formats.md, "NIR graphs"): the inverse of nir_import.
// Each neuron population becomes the NIR neuron its decays describe (IF, LIF, CubaLIF or
// Threshold; LI and Integrator for an IF or LIF that cannot reach its threshold,
// nir/discretise.hpp) with r chosen so that its gain is 1, so weights are written as they
// are; each projection becomes one Linear node per distinct synaptic delay, followed by a
// Delay node when the delay is not 0. What NIR cannot say but nmx needs to run the same
// network (subtractive reset, refractory periods, the encoder, the readout, dt) goes into
// metadata entries named nmx_*, which other NIR tools ignore.
#pragma once

#include <string>
#include <vector>

#include "net/network.hpp"
#include "nir/discretise.hpp"
#include "nir/nir_graph.hpp"

namespace nmx::nir {

struct Exported {
  Graph graph;
  std::vector<std::string> notes;  // what other NIR tools will not see (printed by the CLI)
};

// InputError naming `source` and the population or projection that has no NIR form
// (stochastic neurons, SRM-alpha, plasticity, mode projections, a decay NIR cannot express).
Exported export_graph(const Network& net, const std::string& source, double dt, Method method);

}  // namespace nmx::nir
