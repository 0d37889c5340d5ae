// Rule text + trace parameters -> the microcode every level executes (docs/plasticity.md).
// Terms are split by their spike conditions: `pre` only -> the pre-event program, `post`
// (needs_pre when `pre` too) -> the post-event program, neither -> the epoch program.
#pragma once

#include <string>

#include "plastic/microcode.hpp"
#include "plastic/rule_params.hpp"

namespace nmx::plastic {

// Compiles `text` with `params`. Every problem is one InputError starting with `where`
// and naming the rule, the position and the allowed range: a syntax error, more than
// kRuleMaxTerms terms for one (event, target), an epoch term with epoch = 0, a trace read
// whose amplitude is 0, a parameter out of range.
GroupMicrocode compile_rule(const std::string& text, const RuleParams& params, const std::string& where);

// The same microcode (unused term and factor slots are not compared).
bool same_microcode(const GroupMicrocode& a, const GroupMicrocode& b);

// The programs written back as rule text, one statement per target, terms in program
// order (pre, post, epoch): compiling it again gives the same programs.
std::string rule_text_of(const GroupMicrocode& code);

// Checks every field of `code` against its width (terms, factors, shift, sources, v
// only tested, needs_pre only at the post event) and its parameters. Throws InputError
// "WHERE: program[post][w].term[1].shift = 20 is out of range (allowed: 0..16)".
void check_microcode(const GroupMicrocode& code, const std::string& where);

}  // namespace nmx::plastic
