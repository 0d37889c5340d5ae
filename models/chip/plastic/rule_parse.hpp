// The rule language of the plasticity unit (docs/plasticity.md, "Rule language"): text
// such as "dw = 2^-4*x1*post - 2^-5*y1*pre" parsed into statements of terms, before they
// are split by event and checked against the microcode's limits (rule_compile.hpp).
#pragma once

#include <string>
#include <vector>

#include "plastic/microcode.hpp"

namespace nmx::plastic {

// One term as written: sign, 2^-shift, its spike conditions and its factors (constants
// already multiplied into one, at most one Source::Zero factor; a factor of 1 dropped).
struct ParsedTerm {
  bool negative = false;
  int shift = 0;
  bool pre = false, post = false;
  std::vector<Factor> factors;
  size_t column = 0;  // 1-based offset of the term in the rule text, for messages
};

struct ParsedStatement {
  Target target = Target::W;
  std::vector<ParsedTerm> terms;
  size_t column = 0;
};

struct ParsedRule {
  std::vector<ParsedStatement> statements;  // at most one per target
};

// Parses `text`; `where` ("net.h5: projections[0] 'in_hid'") starts every message. A
// syntax error is an InputError naming the rule, the position and what is allowed there.
ParsedRule parse_rule(const std::string& text, const std::string& where);

// Where `offset` (0-based) is in `text`: "column 7", or "line 2, column 7" when the text
// has several lines.
std::string rule_position(const std::string& text, size_t offset);

// The one message shape for a bad rule: "WHERE: rule 'TEXT': POSITION: WHAT".
[[noreturn]] void throw_rule_error(const std::string& where, const std::string& text, size_t offset,
                                   const std::string& what);

const char* source_name(Source s);
const char* target_name(Target t);  // "w", "e", "d"
const char* event_name(Event e);    // "pre", "post", "epoch"

}  // namespace nmx::plastic
