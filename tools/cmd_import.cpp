// `nmx import model.nir -o net.h5`: a NIR graph onto the chip's network IR (models/chip/nir).
#include <cstdio>
#include <optional>
#include <string>

#include "commands.hpp"
#include "net/network_io.hpp"
#include "nir/nir_import.hpp"
#include "output_paths.hpp"

namespace nmx::cli {

void add_import(CLI::App& app) {
  static std::string in, out, method;
  static std::optional<double> dt;
  static std::optional<uint32_t> steps;
  auto* sub = app.add_subcommand("import", "import a NIR graph (.nir) as a network (.h5)");
  sub->add_option("nir", in, "NIR file (HDF5, as written by nir.write)")->required();
  sub->add_option("-o,--output", out, "network file to write (.h5)")->required()->check(OutputFile);
  sub->add_option("--dt", dt, "one chip step in the time unit of the file's tau and delays (default: the file's nmx_dt)")
      ->check(CLI::Range(1e-12, 1e12));
  sub->add_option("--method", method, "discretisation: exact (exponential decay) or euler (default: the file's, else exact)")
      ->check(CLI::IsMember({"exact", "euler"}));
  sub->add_option("--steps", steps, "timesteps per sample (default: the file's nmx_steps, else 10)")
      ->check(CLI::Range(1u, 100000u));
  sub->callback([] {
    nir::ImportOptions o;
    o.dt = dt;
    o.steps = steps;
    if (!method.empty()) o.method = nir::parse_method(method);
    const nir::Imported r = nir::import_graph(nir::read_graph(in), in, o);
    write_network(r.net, out);
    size_t synapses = 0;
    for (const Projection& p : r.net.projections) synapses += p.synapse_count();
    std::printf("imported %s (NIR): %zu populations, %zu projections, %zu synapses -> %s\n", in.c_str(),
                r.net.populations.size(), r.net.projections.size(), synapses, out.c_str());
    for (const std::string& note : r.notes) std::printf("  note: %s\n", note.c_str());
  });
}

}  // namespace nmx::cli
