// `nmx export net.h5 -o model.nir`: a network as a NIR graph (models/chip/nir).
#include <cstdio>
#include <string>

#include "commands.hpp"
#include "net/network_io.hpp"
#include "nir/nir_export.hpp"
#include "output_paths.hpp"

namespace nmx::cli {

void add_export(CLI::App& app) {
  static std::string in, out, method = "exact";
  static double dt = 1e-3;
  auto* sub = app.add_subcommand("export", "export a network (.h5) as a NIR graph (.nir)");
  sub->add_option("network", in, "network file (.h5)")->required();
  sub->add_option("-o,--output", out, "NIR file to write (.nir)")->required()->check(OutputFile);
  sub->add_option("--dt", dt, "one chip step in the NIR time unit (tau and delays are written in it)")
      ->check(CLI::Range(1e-12, 1e12));
  sub->add_option("--method", method, "discretisation the time constants invert: exact or euler")
      ->check(CLI::IsMember({"exact", "euler"}));
  sub->callback([] {
    const Network net = read_network(in);
    const nir::Exported r = nir::export_graph(net, in, dt, nir::parse_method(method));
    nir::write_graph(r.graph, out);
    std::printf("exported %s: %zu NIR nodes, %zu edges (NIR %s) -> %s\n", in.c_str(), r.graph.nodes.size(),
                r.graph.edges.size(), nir::kNirVersion, out.c_str());
    for (const std::string& note : r.notes) std::printf("  note: %s\n", note.c_str());
  });
}

}  // namespace nmx::cli
