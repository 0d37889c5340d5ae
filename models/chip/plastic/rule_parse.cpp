#include "plastic/rule_parse.hpp"

#include <cctype>
#include <cstdint>
#include <limits>

#include "core/error.hpp"
#include "fixed/fixed_point.hpp"

namespace nmx::plastic {
namespace {

constexpr const char* kFactorsAllowed =
    "x1, x2, y1, y2, e, l, w, d, p, pre, post, an integer, (f + c), (f - c), [f >= c], 2^-s";
constexpr const char* kSourcesAllowed = "x1, x2, y1, y2, e, l, w, d, p";
constexpr const char* kTestsAllowed = "x1, x2, y1, y2, e, l, w, d, p, v";
constexpr int64_t kConstMin = fx::min_of(fx::kRuleConstBits), kConstMax = fx::max_of(fx::kRuleConstBits);

std::string const_range() { return std::to_string(kConstMin) + ".." + std::to_string(kConstMax) + ", 16-bit signed"; }

bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// A source a factor may read; V only inside a test. Returns false for anything else.
bool source_of(const std::string& name, Source& s) {
  static const struct {
    const char* name;
    Source source;
  } kNames[] = {{"x1", Source::X1}, {"x2", Source::X2}, {"y1", Source::Y1}, {"y2", Source::Y2}, {"e", Source::E},
                {"l", Source::L},   {"w", Source::W},   {"d", Source::D},   {"v", Source::V},
                {"p", Source::P}};
  for (const auto& n : kNames)
    if (name == n.name) return s = n.source, true;
  return false;
}

// Recursive descent over the text, one character at a time. Newlines end a statement,
// except before a line that starts with + or - (a sum continued on the next line).
class Parser {
 public:
  Parser(const std::string& text, const std::string& where) : text_(text), where_(where) {}

  ParsedRule rule() {
    ParsedRule r;
    skip_separators();
    if (at_end()) fail("empty rule (expected a statement: dw = ..., de = ... or dd = ...)");
    while (!at_end()) {
      ParsedStatement st = statement();
      for (const ParsedStatement& prev : r.statements)
        if (prev.target == st.target)
          fail_at(st.column - 1, std::string("d") + target_name(st.target) +
                                     " is assigned twice (write all its terms in one statement)");
      r.statements.push_back(std::move(st));
      skip_blanks();
      if (!at_end() && peek() != ';' && peek() != '\n')
        fail("expected *, + or -, or the end of the statement (; or a new line)");
      skip_separators();
    }
    return r;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const { fail_at(pos_, what); }
  [[noreturn]] void fail_at(size_t offset, const std::string& what) const {
    throw_rule_error(where_, text_, offset, what);
  }

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  void skip_blanks() {  // not newlines: they separate statements
    while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\r')) ++pos_;
  }
  void skip_separators() {
    while (!at_end() && (std::isspace(static_cast<unsigned char>(peek())) || peek() == ';')) ++pos_;
  }
  bool accept(char c) {
    skip_blanks();
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  void expect(char c, const std::string& what) {
    if (!accept(c)) fail("expected " + what);
  }
  std::string ident() {
    const size_t from = pos_;
    while (!at_end() && is_ident_char(peek())) ++pos_;
    return text_.substr(from, pos_ - from);
  }
  // An unsigned integer; `what` names it in the messages.
  int64_t integer(const std::string& what) {
    skip_blanks();
    if (!is_digit(peek())) fail("expected " + what);
    const size_t from = pos_;
    int64_t v = 0;
    while (!at_end() && is_digit(peek())) {
      if (v < (int64_t{1} << 40)) v = v * 10 + (peek() - '0');  // large enough to be out of every range
      ++pos_;
    }
    if (!at_end() && is_ident_char(peek())) fail_at(from, "expected " + what + " (a number, not '" + ident() + "')");
    return v;
  }
  int16_t constant(int64_t v, size_t at) const {
    if (v < kConstMin || v > kConstMax)
      fail_at(at, "constant " + std::to_string(v) + " is out of range (allowed: " + const_range() + ")");
    return static_cast<int16_t>(v);
  }

  ParsedStatement statement() {
    ParsedStatement st;
    st.column = pos_ + 1;
    const std::string name = is_ident_start(peek()) ? ident() : "";
    if (name == "dw") st.target = Target::W;
    else if (name == "de") st.target = Target::E;
    else if (name == "dd") st.target = Target::D;
    else fail_at(st.column - 1, (name.empty() ? std::string("expected") : "unknown target '" + name + "', expected") +
                                    " a statement dw = ..., de = ... or dd = ... (allowed targets: dw, de, dd)");
    expect('=', "'=' after d" + std::string(target_name(st.target)));
    bool negative = false;
    skip_blanks();
    if (peek() == '+' || peek() == '-') negative = text_[pos_++] == '-';
    for (;;) {
      st.terms.push_back(term(negative));
      skip_blanks();
      size_t next = pos_;  // a + or - at the start of the next line continues the sum
      while (next < text_.size() && std::isspace(static_cast<unsigned char>(text_[next]))) ++next;
      if (next >= text_.size() || (text_[next] != '+' && text_[next] != '-')) break;
      negative = text_[next] == '-';
      pos_ = next + 1;
    }
    return st;
  }

  ParsedTerm term(bool negative) {
    skip_blanks();
    ParsedTerm t;
    t.negative = negative;
    t.column = pos_ + 1;
    bool scaled = false, has_const = false;
    int64_t k = 1;  // the constant factors, multiplied
    size_t k_at = pos_;
    do {
      skip_blanks();
      const size_t at = pos_;
      if (is_digit(peek())) {
        const int64_t v = integer("a factor");
        skip_blanks();
        if (peek() == '^') {
          if (v != 2) fail_at(at, "only a power of two scales a term: 2^-s, s in 0.." + std::to_string(fx::kRuleShiftMax));
          if (scaled) fail_at(at, "a term takes one 2^-s (this one has two)");
          scaled = true;
          ++pos_;
          skip_blanks();
          if (peek() != '-') fail("expected '-' after '2^' (a term is scaled by 2^-s, s in 0.." + std::to_string(fx::kRuleShiftMax) + ")");
          ++pos_;
          const size_t s_at = pos_;
          const int64_t s = integer("the shift s of 2^-s");
          if (s > fx::kRuleShiftMax)
            fail_at(s_at, "shift 2^-" + std::to_string(s) + " is out of range (allowed: s in 0.." +
                              std::to_string(fx::kRuleShiftMax) + ")");
          t.shift = static_cast<int>(s);
        } else {
          constant(v, at);
          if (!has_const) k_at = at;
          has_const = true;
          k *= v;
          if (k > kConstMax) fail_at(k_at, "constants multiply to " + std::to_string(k) + ", out of range (allowed: " + const_range() + ")");
        }
      } else if (is_ident_start(peek())) {
        const std::string name = ident();
        Source s;
        if (name == "pre") t.pre = true;
        else if (name == "post") t.post = true;
        else if (name == "v") fail_at(at, "v (the post membrane) may only be tested: [v >= c], compared with c * 2^8");
        else if (source_of(name, s)) t.factors.push_back(Factor{s, false, 0});
        else fail_at(at, "unknown factor '" + name + "' (allowed: " + kFactorsAllowed + ")");
      } else if (accept('(')) {
        t.factors.push_back(offset_factor());
      } else if (accept('[')) {
        t.factors.push_back(test_factor());
      } else {
        fail(std::string(at_end() || peek() == '\n' || peek() == ';' ? "expected a factor at the end of the term"
                                                                      : "expected a factor") +
             " (allowed: " + kFactorsAllowed + ")");
      }
    } while (accept('*'));
    if (has_const && k != 1) t.factors.push_back(Factor{Source::Zero, false, static_cast<int16_t>(k)});
    if (t.factors.size() > static_cast<size_t>(fx::kRuleMaxFactors))
      fail_at(t.column - 1, "term has " + std::to_string(t.factors.size()) + " factors (allowed: at most " +
                                std::to_string(fx::kRuleMaxFactors) +
                                ", constants multiplied into one, pre and post not counted)");
    return t;
  }

  // "(f + c)" or "(f - c)", the '(' already read.
  Factor offset_factor() {
    skip_blanks();
    const size_t at = pos_;
    const std::string name = is_ident_start(peek()) ? ident() : "";
    Source s;
    if (name == "v") fail_at(at, "v (the post membrane) may only be tested: [v >= c], compared with c * 2^8");
    if (!source_of(name, s)) fail_at(at, "expected a value in (f + c) (allowed: " + std::string(kSourcesAllowed) + ")");
    skip_blanks();
    if (peek() != '+' && peek() != '-') fail("expected + or - in (f + c)");
    const bool minus = text_[pos_++] == '-';
    skip_blanks();
    const size_t c_at = pos_;
    const int64_t c = integer("the constant c in (f + c)");
    expect(')', "')' closing (f + c)");
    return Factor{s, false, constant(minus ? -c : c, c_at)};
  }

  // "[f >= c]", the '[' already read.
  Factor test_factor() {
    skip_blanks();
    const size_t at = pos_;
    const std::string name = is_ident_start(peek()) ? ident() : "";
    Source s;
    if (!source_of(name, s))
      fail_at(at, (name.empty() ? std::string("expected a value") : "'" + name + "' cannot be tested") +
                      " in [f >= c] (allowed: " + kTestsAllowed + ")");
    skip_blanks();
    if (text_.compare(pos_, 2, ">=") != 0) fail("expected '>=' in a test [f >= c] (the only comparison)");
    pos_ += 2;
    skip_blanks();
    const size_t c_at = pos_;
    const bool minus = accept('-');
    const int64_t c = integer("the constant c in [f >= c]");
    expect(']', "']' closing [f >= c]");
    return Factor{s, true, constant(minus ? -c : c, c_at)};
  }

  const std::string& text_;
  const std::string& where_;
  size_t pos_ = 0;
};

}  // namespace

std::string rule_position(const std::string& text, size_t offset) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') ++line, col = 1;
    else ++col;
  }
  const bool lines = text.find('\n') != std::string::npos;
  return (lines ? "line " + std::to_string(line) + ", " : std::string()) + "column " + std::to_string(col);
}

void throw_rule_error(const std::string& where, const std::string& text, size_t offset, const std::string& what) {
  std::string shown;
  for (char c : text) shown += c == '\n' ? std::string("\\n") : std::string(1, c);
  throw InputError(where + ": rule '" + shown + "': " + rule_position(text, offset) + ": " + what);
}

ParsedRule parse_rule(const std::string& text, const std::string& where) { return Parser(text, where).rule(); }

const char* source_name(Source s) {
  switch (s) {
    case Source::Zero: return "0";
    case Source::X1: return "x1";
    case Source::X2: return "x2";
    case Source::Y1: return "y1";
    case Source::Y2: return "y2";
    case Source::E: return "e";
    case Source::L: return "l";
    case Source::W: return "w";
    case Source::D: return "d";
    case Source::V: return "v";
    case Source::P: return "p";
  }
  return "?";
}

const char* target_name(Target t) {
  switch (t) {
    case Target::W: return "w";
    case Target::E: return "e";
    case Target::D: return "d";
  }
  return "?";
}

const char* event_name(Event e) {
  switch (e) {
    case Event::Pre: return "pre";
    case Event::Post: return "post";
    case Event::Epoch: return "epoch";
  }
  return "?";
}

}  // namespace nmx::plastic
