// Setting a projection's learning rule in a network: by name, from rule text and trace
// parameters compiled through plastic/rule_compile.hpp. Used by `nmx plasticity set` and
// by the --rule / --rule-params overrides of `nmx run` and `nmx check`.
#pragma once

#include <string>
#include <vector>

#include "net/network.hpp"
#include "plastic/rule_params.hpp"

namespace nmx {

// The projection called `name`; InputError naming `where` and the projections there are.
Projection& find_projection(Network& net, const std::string& name, const std::string& where);

// Compiles `rule` with `params` and makes it the projection's synapse group (replacing
// any). Throws InputError (a bad rule, a float-only projection) and leaves `net` as it was.
void set_plasticity(Network& net, const std::string& projection, const std::string& rule,
                    const plastic::RuleParams& params, const std::string& where);

// Command-line overrides, applied in order: `rules` are "PROJECTION=RULE TEXT" (the rule
// replaces the projection's, its parameters kept), `params` are "PROJECTION=FILE.json" or
// "PROJECTION={...}" (inline JSON), whose keys replace those of the projection's
// parameters. A projection without a rule takes the given one with the given parameters.
// `net_source` names the network in messages.
void apply_rule_overrides(Network& net, const std::vector<std::string>& rules, const std::vector<std::string>& params,
                          const std::string& net_source);

}  // namespace nmx
