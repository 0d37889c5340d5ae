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

// Every preset parameter as an option --a-plus ... (the key with '-' for '_').
void add_preset_options(CLI::App* sub, std::map<std::string, double>& values) {
  // Ranges as wide as the presets take (the library checks each exactly, naming it).
  static const struct {
    const char* key;
    double lo, hi;
    const char* help;
  } kOptions[] = {
      {"a_plus", 0, 4095, "stdp, three-factor: potentiation per pair at zero lag (codes; three-factor: e units)"},
      {"a_minus", 0, 4095, "stdp, three-factor: depression per pair at zero lag"},
      {"tau_plus", 0, 8192, "stdp, three-factor: pre trace x1 time constant (steps; non-decaying: --params tau \"inf\")"},
      {"tau_minus", 0, 8192, "stdp, three-factor: post trace y1 time constant (steps)"},
      {"eta", 0, 32767, "three-factor: dw = eta * l * e at the epoch"},
      {"epoch", 1, 65535, "three-factor, sdsp: learning epoch period (steps)"},
      {"v_threshold", -32768, 32767, "sdsp: up if v >= v_threshold * 2^8"},
      {"ca_low", 1, 32767, "sdsp: calcium (y1) window low end"},
      {"ca_high", 1, 32767, "sdsp: calcium window high end"},
      {"ca_amp", 1, 65535, "sdsp: calcium increment per post spike"},
      {"ca_tau", 0, 8192, "sdsp: calcium time constant (steps)"},
      {"w_threshold", -128, 127, "sdsp: bistable drift up iff w >= w_threshold"}};
  for (const auto& o : kOptions) {
    std::string flag = std::string("--") + o.key;
    for (char& c : flag)
      if (c == '_') c = '-';
    sub->add_option_function<double>(flag, [&values, k = std::string(o.key)](double v) { values[k] = v; }, o.help)
        ->check(CLI::Range(o.lo, o.hi))
        ->group("Preset parameters");
  }
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
