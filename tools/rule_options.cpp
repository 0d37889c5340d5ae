#include "rule_options.hpp"

#include <cstdio>

#include "net/plasticity_edit.hpp"
#include "plastic/rule_params.hpp"

namespace nmx::cli {

void add_rule_options(CLI::App* sub, RuleOptions& o) {
  sub->add_option("--rule", o.rules,
                  "PROJECTION='dw = ...': run this learning rule on the projection instead of the file's "
                  "(docs/plasticity.md); repeatable")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  sub->add_option("--rule-params", o.params,
                  "PROJECTION=FILE.json or PROJECTION='{\"x1\": {\"tau\": 20, \"amp\": 2048}, \"epoch\": 100}': "
                  "change the projection's trace parameters (keys given replace the file's); repeatable")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

void apply_rule_options(Network& net, const RuleOptions& o, const std::string& source) {
  apply_rule_overrides(net, o.rules, o.params, source);
  print_rules(net);
}

void print_rules(const Network& net) {
  for (const Projection& pr : net.projections) {
    if (!pr.plasticity) continue;
    // On one line: a new line before + or - continues the sum, any other ends a statement.
    const std::string& text = pr.plasticity->rule;
    std::string rule;
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] != '\n') {
        rule += text[i];
        continue;
      }
      const size_t next = text.find_first_not_of(" \t\r\n", i);
      rule += next != std::string::npos && (text[next] == '+' || text[next] == '-') ? " " : "; ";
    }
    std::printf("  plasticity %-10s %s  (%s)\n", pr.name.c_str(), rule.c_str(),
                plastic::describe(plastic::params_of(pr.plasticity->code)).c_str());
  }
}

}  // namespace nmx::cli
