#include "net/plasticity_edit.hpp"

#include <map>

#include "core/error.hpp"
#include "core/json_input.hpp"
#include "plastic/rule_compile.hpp"

namespace nmx {
namespace {

// "NAME=VALUE" split at the first '=' (a rule's own '=' comes later).
std::pair<std::string, std::string> split_assignment(const std::string& arg, const std::string& option,
                                                     const std::string& value_name) {
  const size_t eq = arg.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError(option + " '" + arg + "': expected PROJECTION=" + value_name);
  return {arg.substr(0, eq), arg.substr(eq + 1)};
}

}  // namespace

Projection& find_projection(Network& net, const std::string& name, const std::string& where) {
  std::string names;
  for (Projection& pr : net.projections) {
    if (pr.name == name) return pr;
    names += (names.empty() ? "" : ", ") + pr.name;
  }
  throw InputError(where + ": no projection '" + name + "' (allowed: " + names + ")");
}

void set_plasticity(Network& net, const std::string& projection, const std::string& rule,
                    const plastic::RuleParams& params, const std::string& where) {
  Projection& pr = find_projection(net, projection, where);
  const std::string field = where + ": projection '" + pr.name + "'";
  if (pr.weight_bits == 0)
    throw_field_error(field, "weight_bits", "0 (float only)",
                      "2, 4, 8: a plastic projection changes weight codes, quantise it first (nmx quantize)");
  pr.plasticity = ProjectionPlasticity{rule, plastic::compile_rule(rule, params, field)};
}

void apply_rule_overrides(Network& net, const std::vector<std::string>& rules, const std::vector<std::string>& params,
                          const std::string& net_source) {
  // The new parameters per projection first (a JSON file or inline object), then the rules.
  std::map<std::string, plastic::RuleParams> new_params;
  for (const std::string& arg : params) {
    const auto [name, value] = split_assignment(arg, "--rule-params", "FILE.json or PROJECTION={...}");
    const Projection& pr = find_projection(net, name, "--rule-params " + net_source);
    const plastic::RuleParams base = new_params.count(name) ? new_params[name]
                                     : pr.plasticity       ? plastic::params_of(pr.plasticity->code)
                                                           : plastic::RuleParams{};
    const JsonInput doc = !value.empty() && value[0] == '{' ? JsonInput(value, "--rule-params " + name)
                                                            : JsonInput::read(value, "plasticity parameters");
    new_params[name] = plastic::parse_rule_params(doc, "", base);
  }
  std::map<std::string, std::string> new_rules;
  for (const std::string& arg : rules) {
    const auto [name, text] = split_assignment(arg, "--rule", "'dw = ...'");
    find_projection(net, name, "--rule " + net_source);
    new_rules[name] = text;
  }
  for (Projection& pr : net.projections) {
    const bool has_rule = new_rules.count(pr.name) != 0, has_params = new_params.count(pr.name) != 0;
    if (!has_rule && !has_params) continue;
    if (!has_rule && !pr.plasticity)
      throw InputError("--rule-params " + pr.name + ": projection '" + pr.name + "' of " + net_source +
                       " has no rule; give one with --rule " + pr.name + "='dw = ...'");
    const std::string rule = has_rule ? new_rules[pr.name] : pr.plasticity->rule;
    const plastic::RuleParams p = has_params ? new_params[pr.name]
                                  : pr.plasticity ? plastic::params_of(pr.plasticity->code)
                                                  : plastic::RuleParams{};
    set_plasticity(net, pr.name, rule, p, has_rule ? "--rule " + pr.name : "--rule-params " + pr.name);
  }
}

}  // namespace nmx
