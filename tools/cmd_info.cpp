// `nmx info`: what a network file holds.
#include <cstdio>

#include <fmt/format.h>
#include <string>

#include "commands.hpp"
#include "core/error.hpp"
#include "map/target_hw.hpp"
#include "net/network_io.hpp"
#include "rule_options.hpp"

namespace nmx::cli {

void add_info(CLI::App& app) {
  auto* sub = app.add_subcommand("info", "describe a network file");
  static std::string path;
  sub->add_option("network", path, "network file (.h5)")->required();
  sub->callback([] {
    const Network net = read_network(path);
    std::printf("%s: '%s' (format v%u, %s)\n", path.c_str(), net.name.c_str(), net.file_version,
                net.quantised() ? "quantised" : "float");
    if (!net.description.empty()) std::printf("  %s\n", net.description.c_str());
    for (size_t p = 0; p < net.populations.size(); ++p) {
      const Population& pop = net.populations[p];
      std::string model;
      if (pop.model == NeuronModel::SrmAlpha)
        model = fmt::format(" (srm_alpha: tau {:g}, {} refractory kernel tau_ref {:g} x {:g} theta; L0 only)", pop.srm.tau,
                            to_string(pop.srm.ref_kernel), pop.srm.tau_ref, pop.srm.ref_scale);
      std::printf("  population %zu %-10s %6u neurons%s%s\n", p, pop.name.c_str(), pop.size,
                  pop.is_input() ? " (input)" : "", model.c_str());
    }
    for (const Projection& pr : net.projections) {
      std::printf("  projection %-10s %s -> %s, %s, %zu synapses, max delay %u, %s\n", pr.name.c_str(),
                  net.populations[pr.pre].name.c_str(), net.populations[pr.post].name.c_str(),
                  pr.layout == Layout::Dense ? "dense" : "sparse", pr.synapse_count(),
                  pr.delay.empty() ? 0u : static_cast<unsigned>(*std::max_element(pr.delay.begin(), pr.delay.end())),
                  pr.weight_bits ? (std::to_string(pr.weight_bits) + "-bit codes").c_str() : "float weights");
    }
    print_rules(net);
    for (const ModeProjection& mp : net.mode_projections)
      std::printf("  modes      %-10s %s, P = %u, rate decay %g, %s\n", mp.name.c_str(),
                  net.populations[mp.population].name.c_str(), mp.modes, mp.rate_decay,
                  mp.code_bits ? (std::to_string(mp.code_bits) + "-bit codes").c_str() : "float factors");
    std::printf("  encoder %s, %u steps; readout %s of '%s'; %s\n", to_string(net.encoder.kind), net.encoder.steps,
                to_string(net.readout.kind), net.populations[net.readout.population].name.c_str(),
                net.mapping.empty() ? "not mapped" : (std::to_string(net.mapping.size()) + " cores mapped").c_str());
    if (net.hw) std::printf("  chip %s (stored: run, check and tem compare use it)\n", describe(*net.hw).c_str());
    else if (net.quantised()) std::printf("  chip not stored (a file older than format 3): --hw, else the built-in one\n");
  });
}

}  // namespace nmx::cli
