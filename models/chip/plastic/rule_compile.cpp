#include "plastic/rule_compile.hpp"

#include "core/error.hpp"
#include "fixed/fixed_point.hpp"
#include "plastic/rule_parse.hpp"

namespace nmx::plastic {
namespace {

Event event_of(const ParsedTerm& t) {
  if (t.post) return Event::Post;
  return t.pre ? Event::Pre : Event::Epoch;
}

const TraceParams* trace_of(const RuleParams& p, Source s) {
  switch (s) {
    case Source::X1: return &p.x1;
    case Source::X2: return &p.x2;
    case Source::Y1: return &p.y1;
    case Source::Y2: return &p.y2;
    default: return nullptr;
  }
}

std::string program_name(int event, int target) {
  return std::string("program[") + event_name(static_cast<Event>(event)) + "][" +
         target_name(static_cast<Target>(target)) + "]";
}

std::string factor_text(const Factor& f) {
  const std::string c = std::to_string(f.c);
  if (f.test) return std::string("[") + source_name(f.source) + " >= " + c + "]";
  if (f.source == Source::Zero) return f.c < 0 ? "(" + c + ")" : c;
  if (f.c == 0) return source_name(f.source);
  return std::string("(") + source_name(f.source) + (f.c < 0 ? " - " : " + ") +
         std::to_string(f.c < 0 ? -int{f.c} : int{f.c}) + ")";
}

}  // namespace

GroupMicrocode compile_rule(const std::string& text, const RuleParams& params, const std::string& where) {
  check_rule_params(params, where);
  const ParsedRule rule = parse_rule(text, where);
  GroupMicrocode code;
  code.x1 = params.x1;
  code.x2 = params.x2;
  code.y1 = params.y1;
  code.y2 = params.y2;
  code.rounding = params.rounding;
  code.epoch = params.epoch;
  for (const ParsedStatement& st : rule.statements) {
    for (const ParsedTerm& t : st.terms) {
      const Event ev = event_of(t);
      const size_t at = t.column - 1;
      if (ev == Event::Epoch && params.epoch == 0)
        throw_rule_error(where, text, at,
                         "a term with neither pre nor post runs at the learning epoch, but epoch = 0 (allowed: 1.." +
                             std::to_string(fx::kRuleEpochMax) + " steps for a rule with epoch terms)");
      for (const Factor& f : t.factors) {
        const TraceParams* tr = trace_of(params, f.source);
        if (tr && tr->amp == 0)
          throw_rule_error(where, text, at,
                           std::string("the term reads ") + source_name(f.source) + ", but " + source_name(f.source) +
                               ".amp = 0, so it is always 0 (allowed: " + source_name(f.source) + ".amp in 1.." +
                               std::to_string(fx::kTraceAmpMax) + ")");
      }
      Program& prog = code.program[static_cast<int>(ev)][static_cast<int>(st.target)];
      if (prog.terms >= fx::kRuleMaxTerms)
        throw_rule_error(where, text, at,
                         std::string("d") + target_name(st.target) + " has more than " +
                             std::to_string(fx::kRuleMaxTerms) + " terms at the " + event_name(ev) +
                             " event (allowed: at most " + std::to_string(fx::kRuleMaxTerms) + " per target and event)");
      Term& term = prog.term[prog.terms++];
      term.negative = t.negative;
      term.shift = static_cast<uint8_t>(t.shift);
      term.needs_pre = ev == Event::Post && t.pre;
      term.factors = static_cast<uint8_t>(t.factors.size());
      for (size_t j = 0; j < t.factors.size(); ++j) term.factor[j] = t.factors[j];
    }
  }
  return code;
}

bool same_microcode(const GroupMicrocode& a, const GroupMicrocode& b) {
  const auto same_trace = [](const TraceParams& x, const TraceParams& y) { return x.decay == y.decay && x.amp == y.amp; };
  if (!same_trace(a.x1, b.x1) || !same_trace(a.x2, b.x2) || !same_trace(a.y1, b.y1) || !same_trace(a.y2, b.y2) ||
      a.rounding != b.rounding || a.epoch != b.epoch)
    return false;
  for (int e = 0; e < kEvents; ++e) {
    for (int t = 0; t < kTargets; ++t) {
      const Program &pa = a.program[e][t], &pb = b.program[e][t];
      if (pa.terms != pb.terms) return false;
      for (int i = 0; i < pa.terms && i < fx::kRuleMaxTerms; ++i) {
        const Term &ta = pa.term[i], &tb = pb.term[i];
        if (ta.negative != tb.negative || ta.shift != tb.shift || ta.needs_pre != tb.needs_pre || ta.factors != tb.factors)
          return false;
        for (int j = 0; j < ta.factors && j < fx::kRuleMaxFactors; ++j) {
          const Factor &fa = ta.factor[j], &fb = tb.factor[j];
          if (fa.source != fb.source || fa.test != fb.test || fa.c != fb.c) return false;
        }
      }
    }
  }
  return true;
}

std::string rule_text_of(const GroupMicrocode& code) {
  std::string out;
  for (int t = 0; t < kTargets; ++t) {
    std::string sum;
    for (int e = 0; e < kEvents; ++e) {
      const Program& p = code.program[e][t];
      for (int i = 0; i < p.terms; ++i) {
        const Term& term = p.term[i];
        std::string prod;
        const auto times = [&](const std::string& f) { prod += (prod.empty() ? "" : "*") + f; };
        if (term.shift != 0) times("2^-" + std::to_string(term.shift));
        for (int j = 0; j < term.factors; ++j) times(factor_text(term.factor[j]));
        if (e == static_cast<int>(Event::Pre) || term.needs_pre) times("pre");
        if (e == static_cast<int>(Event::Post)) times("post");
        if (prod.empty()) prod = "1";
        sum += sum.empty() ? (term.negative ? "-" + prod : prod) : (term.negative ? " - " : " + ") + prod;
      }
    }
    if (!sum.empty()) out += (out.empty() ? "" : "; ") + std::string("d") + target_name(static_cast<Target>(t)) + " = " + sum;
  }
  return out;
}

void check_microcode(const GroupMicrocode& code, const std::string& where) {
  check_rule_params(params_of(code), where);
  const auto range = [&](const std::string& field, int64_t x, int64_t lo, int64_t hi) {
    if (x < lo || x > hi)
      throw_field_error(where, field, std::to_string(x), std::to_string(lo) + ".." + std::to_string(hi));
  };
  for (int e = 0; e < kEvents; ++e) {
    for (int t = 0; t < kTargets; ++t) {
      const Program& p = code.program[e][t];
      const std::string prog = program_name(e, t);
      range(prog + ".terms", p.terms, 0, fx::kRuleMaxTerms);
      for (int i = 0; i < p.terms; ++i) {
        const Term& term = p.term[i];
        const std::string tn = prog + ".term[" + std::to_string(i) + "]";
        range(tn + ".shift", term.shift, 0, fx::kRuleShiftMax);
        range(tn + ".factors", term.factors, 0, fx::kRuleMaxFactors);
        if (term.needs_pre && e != static_cast<int>(Event::Post))
          throw_field_error(where, tn + ".needs_pre", "1", "0 (only a post-event term can also need the pre event)");
        if (e == static_cast<int>(Event::Epoch) && code.epoch == 0)
          throw_field_error(where, "epoch", "0", "1.." + std::to_string(fx::kRuleEpochMax) + " (the epoch program has terms)");
        for (int j = 0; j < term.factors; ++j) {
          const Factor& f = term.factor[j];
          const std::string fn = tn + ".factor[" + std::to_string(j) + "]";
          range(fn + ".source", static_cast<int>(f.source), 0, static_cast<int>(Source::P));
          if (f.source == Source::V && !f.test)
            throw_field_error(where, fn + ".test", "0", "1 (v, the post membrane, may only be tested)");
        }
      }
    }
  }
}

}  // namespace nmx::plastic
