// NIR graph -> nmx network (docs/formats.md, "NIR graphs"). Input becomes the input
// population, each LIF / CubaLIF / IF / LI / Integrator / Threshold node a neuron population (discretised by
// nir/discretise.hpp), each path of Linear / Affine / Scale / Delay / Flatten nodes from one
// population to another a projection (Delay times become synaptic delays in steps), and
// the population feeding Output the readout.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "net/network.hpp"
#include "nir/discretise.hpp"
#include "nir/nir_graph.hpp"

namespace nmx::nir {

struct ImportOptions {
  std::optional<double> dt;          // step length in the file's time unit; else the file's nmx_dt
  std::optional<Method> method;      // else the file's nmx_discretisation, else exact
  std::optional<uint32_t> steps;     // timesteps per sample; else the file's nmx_steps, else 10
};

struct Imported {
  Network net;
  double dt = 0;
  Method method = Method::Exact;
  std::vector<std::string> notes;  // what the mapping assumed (printed by the CLI)
};

// InputError naming `file`, the node and the field for anything the chip cannot run.
Imported import_graph(const Graph& g, const std::string& file, const ImportOptions& opt);

}  // namespace nmx::nir
