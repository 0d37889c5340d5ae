// `nmx plasticity set|remove`: write a projection's learning rule into a network file
// (docs/plasticity.md). The rule is text, a preset, or either with --params.
#include <cstdio>
#include <map>
#include <string>

#include "commands.hpp"
#include "output_paths.hpp"
#include "core/error.hpp"
#include "core/json_input.hpp"
#include "map/plastic_fit.hpp"
#include "net/network_io.hpp"
#include "net/plasticity_edit.hpp"
#include "plastic/presets.hpp"
#include "plastic/rule_params.hpp"
#include "rule_options.hpp"

namespace nmx::cli {
namespace {

struct SetArgs {
  std::string network, projection, rule, preset, params, out;
  std::map<std::string, double> preset_values;  // by preset key ("a_plus"), from --a-plus
};

}  // namespace

void add_plasticity(CLI::App& app) {
  auto* top = app.add_subcommand("plasticity", "set or remove a projection's on-chip learning rule in a network file");
  top->require_subcommand(1);

  static SetArgs s;
  auto* set = top->add_subcommand("set", "compile a rule (text or preset) and store it with its projection");
  set->add_option("network", s.network, "quantised network file (.h5)")->required();
  set->add_option("--projection,-p", s.projection, "projection name")->required();
  auto* rule = set->add_option("--rule", s.rule, "rule text, e.g. 'dw = 2^-4*x1*post - 2^-5*y1*pre'");
  set->add_option("--preset", s.preset, "stdp, three-factor or sdsp (docs/plasticity.md)")->excludes(rule);
  set->add_option("--params", s.params,
                  "trace parameters: FILE.json or inline '{\"x1\": {\"tau\": 20, \"amp\": 2048}, ...}'; keys given "
                  "replace the preset's, else the projection's current ones");
  set->add_option("-o,--output", s.out, "network file to write (.h5)")->required()->check(OutputFile);
  add_preset_options(set, s.preset_values);
  set->callback([] {
    if (s.rule.empty() && s.preset.empty()) throw InputError("nmx plasticity set: give --rule TEXT or --preset NAME");
    if (s.preset.empty() && !s.preset_values.empty())
      throw InputError("--" + s.preset_values.begin()->first + ": preset parameters need --preset");
    Network net = read_network(s.network);
    const Projection& pr = find_projection(net, s.projection, s.network);
    plastic::RuleSpec spec;
    if (!s.preset.empty()) spec = plastic::make_preset(s.preset, s.preset_values);
    else spec = {s.rule, pr.plasticity ? plastic::params_of(pr.plasticity->code) : plastic::RuleParams{}};
    if (!s.params.empty()) {
      const JsonInput doc = s.params[0] == '{' ? JsonInput(s.params, "--params")
                                               : JsonInput::read(s.params, "plasticity parameters");
      spec.params = plastic::parse_rule_params(doc, "", spec.params);
    }
    set_plasticity(net, s.projection, spec.rule, spec.params, s.network);
    if (net.hw) check_plasticity_fits(net, *net.hw, net.mapping, s.network);  // the chip it was mapped for
    write_network(net, s.out);
    std::printf("%s: projection '%s' learns with\n", s.out.c_str(), s.projection.c_str());
    print_rules(net);
  });

  add_plasticity_study(top);

  static std::string rm_network, rm_projection, rm_out;
  auto* rm = top->add_subcommand("remove", "remove a projection's learning rule (it keeps its weights)");
  rm->add_option("network", rm_network, "network file (.h5)")->required();
  rm->add_option("--projection,-p", rm_projection, "projection name")->required();
  rm->add_option("-o,--output", rm_out, "network file to write (.h5)")->required()->check(OutputFile);
  rm->callback([] {
    Network net = read_network(rm_network);
    Projection& pr = find_projection(net, rm_projection, rm_network);
    if (!pr.plasticity) throw InputError(rm_network + ": projection '" + rm_projection + "' has no learning rule");
    pr.plasticity.reset();
    write_network(net, rm_out);
    std::printf("%s: projection '%s' no longer learns\n", rm_out.c_str(), rm_projection.c_str());
  });
}

}  // namespace nmx::cli
