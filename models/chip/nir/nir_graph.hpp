// A NIR graph as stored in a .nir file (the Neuromorphic Intermediate Representation,
// serialised by the reference implementation's nir/serialization.py; docs/formats.md,
// "NIR graphs"): root dataset `version`, group `node` holding `type` = "NIRGraph", group
// `nodes` (one group per node: dataset `type` and its parameter datasets, optional group
// `metadata`), dataset `edges` (E x 2 strings: source, target) and optional `metadata`.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "h5/h5_tree.hpp"

namespace nmx::nir {

// The NIR release whose serialisation and node set nmx follows, written as `version`.
constexpr const char* kNirVersion = "1.0.7";

struct Node {
  std::string name;
  std::string type;  // "LIF", "Linear", ...
  h5::Item group;    // the node's group: parameter datasets, `metadata`
};

struct Graph {
  std::string version;  // as read (any), or kNirVersion when written
  std::vector<Node> nodes;
  std::vector<std::pair<std::string, std::string>> edges;
  h5::Item metadata = h5::group();  // the graph's own metadata (nmx keeps its extras here)
};

// InputError naming the file and the missing or malformed piece (`node/nodes/lif1/type`).
Graph read_graph(const std::string& path);
// Atomic write in the layout above.
void write_graph(const Graph& g, const std::string& path);

}  // namespace nmx::nir
