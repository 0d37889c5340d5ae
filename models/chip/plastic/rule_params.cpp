#include "plastic/rule_params.hpp"

#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "fixed/fixed_point.hpp"

namespace nmx::plastic {
namespace {

using nlohmann::json;

constexpr const char* kTraces[] = {"x1", "x2", "y1", "y2"};

TraceParams& trace(RuleParams& p, int i) {
  TraceParams* t[] = {&p.x1, &p.x2, &p.y1, &p.y2};
  return *t[i];
}
const TraceParams& trace(const RuleParams& p, int i) { return trace(const_cast<RuleParams&>(p), i); }

std::string range(int64_t lo, int64_t hi) { return std::to_string(lo) + ".." + std::to_string(hi); }

// A whole number in [lo, hi] at `pointer`, else an InputError with its position.
int64_t read_int(const JsonInput& doc, const std::string& pointer, int64_t lo, int64_t hi, const std::string& note) {
  const json& v = doc.at(pointer);
  const std::string allowed = range(lo, hi) + note;
  int64_t x = 0;
  if (v.is_number_integer())
    x = v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max())
            ? std::numeric_limits<int64_t>::max()
            : v.get<int64_t>();
  else if (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>() && std::abs(v.get<double>()) < 1e15)
    x = static_cast<int64_t>(v.get<double>());  // 4096.0 is 4096
  else
    throw_field_error(doc.where(pointer), doc.name(pointer), v.dump(), allowed + ", a whole number");
  if (x < lo || x > hi) throw_field_error(doc.where(pointer), doc.name(pointer), v.dump(), allowed);
  return x;
}

void read_trace(const JsonInput& doc, const std::string& pointer, TraceParams& t) {
  const json& obj = doc.at(pointer);
  if (!obj.is_object())
    throw InputError(doc.where(pointer) + ": " + doc.name(pointer) + " must be an object {\"tau\" or \"decay\", \"amp\"}");
  doc.check_keys(pointer, {"decay", "tau", "amp"});
  if (obj.contains("decay") && obj.contains("tau"))
    throw InputError(doc.where(pointer + "/tau") + ": " + doc.name(pointer) +
                     " has both decay and tau (give one: tau in steps, or decay as a 12-bit fraction)");
  if (obj.contains("decay"))
    t.decay = static_cast<int32_t>(read_int(doc, pointer + "/decay", 0, fx::kDecayOne,
                                            " (a fraction of 4096 per step; 0 = never decays)"));
  if (obj.contains("tau")) {
    const json& v = doc.at(pointer + "/tau");
    double tau = 0;
    if (v.is_string() && (v.get<std::string>() == "inf" || v.get<std::string>() == "infinity"))
      tau = std::numeric_limits<double>::infinity();
    else if (v.is_number())
      tau = v.get<double>();
    else
      throw_field_error(doc.where(pointer + "/tau"), doc.name(pointer + "/tau"), v.dump(),
                        "a number of steps > 0, or \"inf\"");
    t.decay = decay_from_tau(tau, doc.where(pointer + "/tau"), doc.name(pointer + "/tau"));
  }
  if (obj.contains("amp"))
    t.amp = static_cast<int32_t>(read_int(doc, pointer + "/amp", 0, fx::kTraceAmpMax, " (16-bit unsigned)"));
}

}  // namespace

double max_finite_tau() {
  // decay rounds to 1 while 4096 * (1 - exp(-1/tau)) >= 1/2
  return -1.0 / std::log1p(-0.5 / fx::kDecayOne);
}

int32_t decay_from_tau(double tau, const std::string& where, const std::string& field) {
  if (std::isinf(tau) && tau > 0) return 0;
  if (!(tau > 0) || tau > max_finite_tau())
    throw_field_error(where, field, shortest_text(tau),
                      "0 < tau <= " + shortest_text(std::floor(max_finite_tau() * 10) / 10) +
                          " steps, or \"inf\" (a longer one rounds to no decay in the 12-bit fraction)");
  return static_cast<int32_t>(std::lround(fx::kDecayOne * -std::expm1(-1.0 / tau)));
}

RuleParams parse_rule_params(const JsonInput& doc, const std::string& pointer, RuleParams base) {
  RuleParams p = base;
  const json& obj = doc.at(pointer);
  if (!obj.is_object())
    throw InputError(doc.where(pointer) + ": plasticity parameters must be a JSON object (keys: x1, x2, y1, y2, "
                                          "rounding, epoch)");
  doc.check_keys(pointer, {"x1", "x2", "y1", "y2", "rounding", "epoch", "comment"});
  for (int i = 0; i < 4; ++i)
    if (obj.contains(kTraces[i])) read_trace(doc, pointer + "/" + kTraces[i], trace(p, i));
  if (obj.contains("rounding")) {
    const json& r = obj["rounding"];
    if (r == "stochastic") p.rounding = Rounding::Stochastic;
    else if (r == "nearest") p.rounding = Rounding::Nearest;
    else throw_field_error(doc.where(pointer + "/rounding"), doc.name(pointer + "/rounding"), r.dump(),
                           "\"stochastic\", \"nearest\"");
  }
  if (obj.contains("epoch"))
    p.epoch = static_cast<uint32_t>(read_int(doc, pointer + "/epoch", 0, fx::kRuleEpochMax, " steps (0 = no epoch)"));
  return p;
}

RuleParams parse_rule_params(const std::string& text, const std::string& source, RuleParams base) {
  return parse_rule_params(JsonInput(text, source), "", base);
}

std::string rule_params_to_json(const RuleParams& p) {
  json j = json::object();
  for (int i = 0; i < 4; ++i) j[kTraces[i]] = {{"decay", trace(p, i).decay}, {"amp", trace(p, i).amp}};
  j["rounding"] = rounding_name(p.rounding);
  j["epoch"] = p.epoch;
  return j.dump();
}

void check_rule_params(const RuleParams& p, const std::string& where) {
  for (int i = 0; i < 4; ++i) {
    const TraceParams& t = trace(p, i);
    if (t.decay < 0 || t.decay > fx::kDecayOne)
      throw_field_error(where, std::string(kTraces[i]) + ".decay", std::to_string(t.decay), range(0, fx::kDecayOne));
    if (t.amp < 0 || t.amp > fx::kTraceAmpMax)
      throw_field_error(where, std::string(kTraces[i]) + ".amp", std::to_string(t.amp), range(0, fx::kTraceAmpMax));
  }
  if (p.rounding != Rounding::Stochastic && p.rounding != Rounding::Nearest)
    throw_field_error(where, "rounding", std::to_string(static_cast<int>(p.rounding)), "stochastic (0), nearest (1)");
  if (p.epoch > static_cast<uint32_t>(fx::kRuleEpochMax))
    throw_field_error(where, "epoch", std::to_string(p.epoch), range(0, fx::kRuleEpochMax));
}

RuleParams params_of(const GroupMicrocode& code) {
  RuleParams p;
  p.x1 = code.x1;
  p.x2 = code.x2;
  p.y1 = code.y1;
  p.y2 = code.y2;
  p.rounding = code.rounding;
  p.epoch = code.epoch;
  return p;
}

const char* rounding_name(Rounding r) { return r == Rounding::Nearest ? "nearest" : "stochastic"; }

}  // namespace nmx::plastic
