// --rule and --rule-params of `nmx run` and `nmx check`: a projection's learning rule and
// its trace parameters changed for one run, without rewriting the network file.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "net/network.hpp"

namespace nmx::cli {

struct RuleOptions {
  std::vector<std::string> rules, params;
};

void add_rule_options(CLI::App* sub, RuleOptions& o);

// --a-plus, --tau-minus, ...: every preset parameter (plastic/presets.hpp), into values[key].
void add_preset_options(CLI::App* sub, std::map<std::string, double>& values);

// Applies the overrides (net/plasticity_edit.hpp) and prints every rule that runs.
void apply_rule_options(Network& net, const RuleOptions& o, const std::string& source);

// One line per plastic projection: name, rule text, parameters.
void print_rules(const Network& net);

}  // namespace nmx::cli
