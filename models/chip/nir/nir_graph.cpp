#include "nir/nir_graph.hpp"

#include "core/error.hpp"

namespace nmx::nir {
namespace {

std::string scalar_text(const h5::Item& root, const std::string& name, const std::string& file, const std::string& where) {
  const auto it = root.children.find(name);
  if (it == root.children.end() || it->second.group) throw InputError(file + ": " + where + ": missing");
  const h5::Item& d = it->second;
  if (d.type != h5::Type::String || d.strings.size() != 1) throw InputError(file + ": " + where + ": must be one string");
  return d.strings[0];
}

}  // namespace

Graph read_graph(const std::string& path) {
  const h5::Item root = h5::read_tree(path);
  Graph g;
  if (!root.has("version") && !root.has("node"))
    throw InputError(path + ": /version: missing (not a NIR file: nir.write stores the dataset 'version' and the group 'node')");
  g.version = scalar_text(root, "version", path, "/version");
  const auto top = root.children.find("node");
  if (top == root.children.end() || !top->second.group)
    throw InputError(path + ": /node: missing (not a NIR file: the graph is the group 'node')");
  const h5::Item& node = top->second;
  const std::string type = scalar_text(node, "type", path, "/node/type");
  if (type != "NIRGraph") throw InputError(path + ": /node/type = '" + type + "' (allowed: NIRGraph)");
  const auto nodes = node.children.find("nodes");
  if (nodes == node.children.end() || !nodes->second.group) throw InputError(path + ": /node/nodes: missing");
  for (const auto& [name, item] : nodes->second.children) {
    const std::string where = "/node/nodes/" + name;
    if (!item.group) throw InputError(path + ": " + where + ": must be a group (one per node)");
    g.nodes.push_back({name, scalar_text(item, "type", path, where + "/type"), item});
  }
  const auto edges = node.children.find("edges");
  if (edges == node.children.end()) throw InputError(path + ": /node/edges: missing");
  const h5::Item& e = edges->second;
  const bool empty = e.count() == 0 || e.shape.empty();
  if (!empty && (e.type != h5::Type::String || e.shape.size() != 2 || e.shape[1] != 2))
    throw InputError(path + ": /node/edges: must be an E x 2 array of node names (source, target)");
  if (!empty)
    for (size_t i = 0; i < e.shape[0]; ++i) g.edges.emplace_back(e.strings[2 * i], e.strings[2 * i + 1]);
  const auto meta = node.children.find("metadata");
  if (meta != node.children.end() && meta->second.group) g.metadata = meta->second;
  return g;
}

void write_graph(const Graph& g, const std::string& path) {
  h5::Item root = h5::group();
  root.children["version"] = h5::text(g.version.empty() ? kNirVersion : g.version);
  h5::Item node = h5::group();
  node.children["type"] = h5::text("NIRGraph");
  h5::Item nodes = h5::group();
  for (const Node& n : g.nodes) {
    h5::Item item = n.group;
    item.group = true;
    item.children["type"] = h5::text(n.type);
    nodes.children[n.name] = std::move(item);
  }
  node.children["nodes"] = std::move(nodes);
  std::vector<std::string> flat;
  for (const auto& [a, b] : g.edges) flat.push_back(a), flat.push_back(b);
  node.children["edges"] = h5::texts(std::move(flat), {g.edges.size(), 2});
  if (!g.metadata.children.empty()) node.children["metadata"] = g.metadata;
  root.children["node"] = std::move(node);
  h5::write_tree(root, path);
}

}  // namespace nmx::nir
