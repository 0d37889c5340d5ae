// A synapse group's trace parameters and options (docs/plasticity.md, "Trace parameters"):
// what a rule needs besides its text. Written as a small JSON object,
//   {"x1": {"tau": 20, "amp": 4096}, "y1": {"decay": 200, "amp": 4096},
//    "rounding": "stochastic", "epoch": 100}
// read with strict key checking (core/json_input.hpp). A network file stores the
// canonical form (decay and amp as integers, every key written).
#pragma once

#include <cstdint>
#include <string>

#include "core/json_input.hpp"
#include "plastic/microcode.hpp"

namespace nmx::plastic {

struct RuleParams {
  TraceParams x1, x2, y1, y2;  // a trace not given: decay 0, amp 0 (always 0)
  Rounding rounding = Rounding::Stochastic;
  uint32_t epoch = 0;  // [0, 65535]; 0 = no epoch program
};

// The largest time constant whose decay fraction is not rounded to 0 (about 8191.5 steps).
double max_finite_tau();

// round(4096 * (1 - exp(-1 / tau))) for a time constant tau in steps, tau > 0 and
// tau <= max_finite_tau(); tau = infinity gives 0 (non-decaying). Throws InputError
// naming `field` ("x1.tau") and `where` otherwise.
int32_t decay_from_tau(double tau, const std::string& where, const std::string& field);

// The members of the object at `pointer` in `doc` replace those of `base` (a trace's
// "decay" or "tau" its decay, "amp" its amplitude): a partial object edits a group.
RuleParams parse_rule_params(const JsonInput& doc, const std::string& pointer, RuleParams base = {});
// Parses JSON text read from `source`.
RuleParams parse_rule_params(const std::string& text, const std::string& source, RuleParams base = {});

// Canonical JSON (one line, every key, decay as the integer fraction).
std::string rule_params_to_json(const RuleParams& p);

// Throws InputError ("WHERE: x1.amp = 70000 is out of range (allowed: 0..65535)") for a
// field outside the microcode's widths.
void check_rule_params(const RuleParams& p, const std::string& where);

RuleParams params_of(const GroupMicrocode& code);
const char* rounding_name(Rounding r);  // "stochastic", "nearest"

}  // namespace nmx::plastic
