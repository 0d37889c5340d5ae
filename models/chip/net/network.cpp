#include "net/network.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <type_traits>

#include "core/error.hpp"
#include "fixed/fixed_point.hpp"
#include "plastic/rule_compile.hpp"

namespace nmx {

bool Population::has_stochastic() const {
  return std::find(spike.begin(), spike.end(), SpikeMode::Stochastic) != spike.end();
}

namespace {

// A population counts as quantised as soon as any fixed array is filled, so that a
// half-filled twin is reported as a size error rather than silently treated as float.
bool has_fixed(const Population& p) {
  return !p.fixed.du.empty() || !p.fixed.dv.empty() || !p.fixed.theta.empty() || !p.fixed.bias.empty();
}

// Index of the one input population; `prefix` ("file: " or "") starts the message.
uint32_t find_input(const Network& net, const std::string& prefix) {
  std::vector<uint32_t> inputs;
  for (uint32_t i = 0; i < net.populations.size(); ++i)
    if (net.populations[i].is_input()) inputs.push_back(i);
  if (inputs.size() == 1) return inputs[0];
  std::string msg = prefix + "network has " + std::to_string(inputs.size()) + " input populations";
  for (uint32_t i : inputs) msg += (i == inputs[0] ? " (" : ", ") + ("'" + net.populations[i].name + "'");
  throw InputError(msg + (inputs.empty() ? "" : ")") + "; exactly one is required");
}

}  // namespace

bool Network::quantised() const {
  for (const Population& p : populations)
    if (!p.is_input() && !has_fixed(p)) return false;
  for (const Projection& pr : projections)
    if (pr.weight_bits == 0) return false;
  for (const ModeProjection& m : mode_projections)
    if (m.code_bits == 0) return false;
  return true;
}

uint32_t Network::input_population() const { return find_input(*this, ""); }

size_t Network::synapse_count() const {
  size_t n = 0;
  for (const Projection& pr : projections) n += pr.synapse_count();
  return n;
}

uint32_t Network::max_delay() const {
  uint32_t d = 0;
  for (const Projection& pr : projections)
    for (uint8_t x : pr.delay) d = std::max<uint32_t>(d, x);
  return d;
}

void reseed(Network& net, uint32_t seed) {
  net.encoder.seed = seed;
  std::mt19937_64 rng(seed ^ 0x5EED);  // as the generator and the trainer derive them
  std::uniform_int_distribution<int> seed16(1, fx::kLfsrMax);
  for (Population& p : net.populations)
    for (uint16_t& s : p.lfsr_seed) s = static_cast<uint16_t>(seed16(rng));
}

const char* to_string(EncoderKind k) {
  switch (k) {
    case EncoderKind::Poisson: return "poisson";
    case EncoderKind::Latency: return "latency";
    case EncoderKind::Current: return "current";
  }
  return "unknown";
}

const char* to_string(ReadoutKind k) {
  switch (k) {
    case ReadoutKind::SpikeCount: return "spike_count";
    case ReadoutKind::MaxMembrane: return "max_membrane";
    case ReadoutKind::FinalMembrane: return "final_membrane";
  }
  return "unknown";
}

const char* to_string(NeuronModel m) {
  switch (m) {
    case NeuronModel::Datapath: return "datapath";
    case NeuronModel::SrmAlpha: return "srm_alpha";
  }
  return "unknown";
}

const char* to_string(RefractoryKernel k) {
  switch (k) {
    case RefractoryKernel::Alpha: return "alpha";
    case RefractoryKernel::Exponential: return "exponential";
  }
  return "unknown";
}

// ---- validation ---------------------------------------------------------------------------
namespace {

std::string show(double x) { return shortest_text(x); }

template <class T>
std::string show(T x) {
  if constexpr (std::is_enum_v<T>)
    return std::to_string(static_cast<long long>(static_cast<std::underlying_type_t<T>>(x)));
  else
    return std::to_string(static_cast<long long>(x));
}

std::string idx(const std::string& field, size_t i) { return field + "[" + std::to_string(i) + "]"; }

struct IntRange {
  int64_t lo, hi;
  bool operator()(int64_t x) const { return x >= lo && x <= hi; }
  std::string text() const { return std::to_string(lo) + ".." + std::to_string(hi); }
};

// Reports and checks fields under one prefix, e.g. "populations[1] 'hidden' ".
class Checker {
 public:
  Checker(const std::string& source, std::string prefix) : source_(source), prefix_(std::move(prefix)) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw InputError(source_ + ": " + prefix_ + what);
  }
  [[noreturn]] void out_of_range(const std::string& field, const std::string& value,
                                 const std::string& allowed) const {
    throw_field_error(source_, prefix_ + field, value, allowed);
  }

  void int_in(const std::string& field, int64_t x, IntRange r) const {
    if (!r(x)) out_of_range(field, std::to_string(x), r.text());
  }

  void size_is(const std::string& field, size_t got, uint64_t want, const std::string& why) const {
    if (got != want)
      fail(field + " has " + std::to_string(got) + " entries, expected " + std::to_string(want) + " (" + why + ")");
  }

  template <class T>
  void each_int(const std::string& field, const std::vector<T>& v, IntRange r) const {
    for (size_t i = 0; i < v.size(); ++i)
      if (!r(static_cast<int64_t>(v[i]))) out_of_range(idx(field, i), show(v[i]), r.text());
  }

  template <class Ok>
  void each_real(const std::string& field, const std::vector<double>& v, Ok ok, const std::string& allowed) const {
    for (size_t i = 0; i < v.size(); ++i)
      if (!ok(v[i])) out_of_range(idx(field, i), show(v[i]), allowed);
  }

 private:
  const std::string& source_;
  std::string prefix_;
};

bool unit_interval(double x) { return x >= 0.0 && x <= 1.0; }  // false for NaN
bool is_finite(double x) { return std::isfinite(x); }
bool positive_finite(double x) { return std::isfinite(x) && x > 0.0; }

constexpr IntRange kBool{0, 1};
constexpr IntRange kDecayRange{0, fx::kDecayOne};
constexpr IntRange kThetaRange{1, fx::kStateMax};
constexpr IntRange kStateRange{fx::kStateMin, fx::kStateMax};

std::string pop_prefix(const Network& net, size_t i) {
  return "populations[" + std::to_string(i) + "] '" + net.populations[i].name + "' ";
}

void check_input_population(const Population& p, const Checker& c) {
  if (p.model != NeuronModel::Datapath)
    c.out_of_range(".model", to_string(p.model), "datapath (an input population has no neurons)");
  const auto empty = [&](const std::string& field, size_t n) {
    if (n != 0) c.fail(field + " has " + std::to_string(n) + " entries, expected none (input population)");
  };
  empty(".refrac", p.refrac.size());
  empty(".reset", p.reset.size());
  empty(".spike", p.spike.size());
  empty(".lfsr_seed", p.lfsr_seed.size());
  empty(".real.du", p.real.du.size());
  empty(".real.dv", p.real.dv.size());
  empty(".real.theta", p.real.theta.size());
  empty(".real.bias", p.real.bias.size());
  empty(".fixed.du", p.fixed.du.size());
  empty(".fixed.dv", p.fixed.dv.size());
  empty(".fixed.theta", p.fixed.theta.size());
  empty(".fixed.bias", p.fixed.bias.size());
  empty(".sigmoid_lut", p.sigmoid_lut.size());
}

void check_fixed_params(const Population& p, const Checker& c) {
  const std::string why = "one per neuron";
  c.size_is(".fixed.du", p.fixed.du.size(), p.size, why);
  c.size_is(".fixed.dv", p.fixed.dv.size(), p.size, why);
  c.size_is(".fixed.theta", p.fixed.theta.size(), p.size, why);
  c.size_is(".fixed.bias", p.fixed.bias.size(), p.size, why);
  c.each_int(".fixed.du", p.fixed.du, kDecayRange);
  c.each_int(".fixed.dv", p.fixed.dv, kDecayRange);
  c.each_int(".fixed.theta", p.fixed.theta, kThetaRange);
  c.each_int(".fixed.bias", p.fixed.bias, kStateRange);
  if (!positive_finite(p.lsb)) c.out_of_range(".lsb", show(p.lsb), "> 0, finite");
}

// The SRM-alpha model is L0's: no fixed-point twin, no bias, deterministic spikes.
void check_srm(const Population& p, bool fixed, const Checker& c) {
  if (fixed)
    c.fail(".model = srm_alpha has no fixed-point twin (nmx quantize maps it onto the chip's datapath first)");
  if (!positive_finite(p.srm.tau)) c.out_of_range(".srm.tau", show(p.srm.tau), "> 0, finite (steps)");
  if (!positive_finite(p.srm.tau_ref)) c.out_of_range(".srm.tau_ref", show(p.srm.tau_ref), "> 0, finite (steps)");
  c.int_in(".srm.ref_kernel", static_cast<int>(p.srm.ref_kernel), kBool);
  if (!(is_finite(p.srm.ref_scale) && p.srm.ref_scale >= 0))
    c.out_of_range(".srm.ref_scale", show(p.srm.ref_scale), ">= 0, finite (thresholds)");
  for (size_t n = 0; n < p.real.bias.size(); ++n)
    if (p.real.bias[n] != 0) c.out_of_range(idx(".real.bias", n), show(p.real.bias[n]), "0 (srm_alpha has no bias)");
  for (size_t n = 0; n < p.spike.size(); ++n)
    if (p.spike[n] != SpikeMode::Deterministic)
      c.out_of_range(idx(".spike", n), "1 (stochastic)", "0 (srm_alpha spikes deterministically)");
}

void check_neuron_population(const Population& p, const Checker& c) {
  const std::string why = "one per neuron";
  c.size_is(".refrac", p.refrac.size(), p.size, why);
  c.size_is(".reset", p.reset.size(), p.size, why);
  c.size_is(".spike", p.spike.size(), p.size, why);
  c.size_is(".lfsr_seed", p.lfsr_seed.size(), p.size, why);
  c.size_is(".real.du", p.real.du.size(), p.size, why);
  c.size_is(".real.dv", p.real.dv.size(), p.size, why);
  c.size_is(".real.theta", p.real.theta.size(), p.size, why);
  c.size_is(".real.bias", p.real.bias.size(), p.size, why);

  c.each_int(".refrac", p.refrac, IntRange{0, fx::kRefracMax});
  c.each_int(".reset", p.reset, kBool);
  c.each_int(".spike", p.spike, kBool);
  c.each_int(".lfsr_seed", p.lfsr_seed, IntRange{1, fx::kLfsrMax});
  c.each_real(".real.du", p.real.du, unit_interval, "0..1");
  c.each_real(".real.dv", p.real.dv, unit_interval, "0..1");
  c.each_real(".real.theta", p.real.theta, positive_finite, "> 0, finite");
  c.each_real(".real.bias", p.real.bias, is_finite, "finite");

  const bool fixed = has_fixed(p);
  if (p.model == NeuronModel::SrmAlpha) check_srm(p, fixed, c);
  if (fixed) check_fixed_params(p, c);
  const bool needs_lut = fixed && p.has_stochastic();
  c.size_is(".sigmoid_lut", p.sigmoid_lut.size(), needs_lut ? fx::kSigmoidLutSize : 0,
            needs_lut ? "quantised population with stochastic neurons"
                      : "only quantised populations with stochastic neurons have one");
}

void check_population(const Network& net, size_t i, const std::string& source) {
  const Population& p = net.populations[i];
  const Checker c(source, pop_prefix(net, i));
  c.int_in(".kind", static_cast<int>(p.kind), kBool);
  c.int_in(".model", static_cast<int>(p.model), kBool);
  c.int_in(".size", p.size, IntRange{1, UINT32_MAX});
  c.int_in(".sigmoid_shift", p.sigmoid_shift, IntRange{0, fx::kStateBits - 1});
  if (p.is_input())
    check_input_population(p, c);
  else
    check_neuron_population(p, c);
}

void check_dense(const Projection& pr, uint64_t pre_size, uint64_t post_size, const Checker& c) {
  c.size_is(".weight", pr.weight.size(), pre_size * post_size, "dense: pre size * post size");
  c.size_is(".row_ptr", pr.row_ptr.size(), 0, "dense projections have none");
  c.size_is(".post_index", pr.post_index.size(), 0, "dense projections have none");
}

void check_sparse(const Projection& pr, uint64_t pre_size, uint64_t post_size, const Checker& c) {
  const size_t nsyn = pr.weight.size();
  c.size_is(".row_ptr", pr.row_ptr.size(), pre_size + 1, "sparse: pre size + 1");
  if (pr.row_ptr.front() != 0) c.out_of_range(".row_ptr[0]", show(pr.row_ptr.front()), "0");
  for (size_t i = 1; i < pr.row_ptr.size(); ++i)
    if (pr.row_ptr[i] < pr.row_ptr[i - 1])
      c.out_of_range(idx(".row_ptr", i), show(pr.row_ptr[i]), show(pr.row_ptr[i - 1]) + ".." + std::to_string(nsyn) +
                                                                   " (non-decreasing)");
  if (pr.row_ptr.back() != nsyn)
    c.out_of_range(idx(".row_ptr", pre_size), show(pr.row_ptr.back()), std::to_string(nsyn) + " (the synapse count)");
  c.size_is(".post_index", pr.post_index.size(), nsyn, "one per synapse");
  c.each_int(".post_index", pr.post_index, IntRange{0, static_cast<int64_t>(post_size) - 1});
}

void check_codes(const Projection& pr, const Checker& c) {
  const int wb = pr.weight_bits;
  c.size_is(".code", pr.code.size(), pr.weight.size(), "one per synapse");
  const IntRange legal{fx::weight_code_min(wb), fx::weight_code_max(wb)};
  for (size_t i = 0; i < pr.code.size(); ++i) {
    if (fx::weight_code_legal(pr.code[i], wb)) continue;
    if (wb == 2)  // the one code that fits the width but is reserved
      c.fail(idx(".code", i) + " = -2: illegal weight code 2 (binary 10) in a ternary projection (allowed: -1..1)");
    c.out_of_range(idx(".code", i), show(pr.code[i]), legal.text());
  }
  c.int_in(".scale.mant", pr.scale.mant, IntRange{1, (1 << fx::kScaleMantBits) - 1});
  c.int_in(".scale.exp", pr.scale.exp, IntRange{0, fx::kScaleExpMax});
}

// A synapse group: its microcode in range and exactly what its rule text compiles to
// with its parameters (the file stores the text and the parameters, not the microcode),
// on a quantised projection (the rule changes weight codes).
void check_plasticity(const ProjectionPlasticity& pl, int weight_bits, const std::string& where) {
  if (weight_bits == 0)
    throw_field_error(where, "weight_bits", "0 (float only)",
                      "2, 4, 8: a plastic projection changes weight codes, quantise it first (nmx quantize)");
  plastic::check_microcode(pl.code, where);
  if (!plastic::same_microcode(plastic::compile_rule(pl.rule, plastic::params_of(pl.code), where), pl.code))
    throw InputError(where + ": the microcode is not what rule '" + pl.rule +
                     "' compiles to (set the rule with compile_rule, or nmx plasticity set)");
}

void check_projection(const Network& net, size_t i, uint32_t input, const std::string& source) {
  const Projection& pr = net.projections[i];
  const Checker c(source, "projections[" + std::to_string(i) + "] '" + pr.name + "' ");
  const IntRange pop_index{0, static_cast<int64_t>(net.populations.size()) - 1};
  c.int_in(".pre", pr.pre, pop_index);
  c.int_in(".post", pr.post, pop_index);
  if (pr.post == input)
    c.fail(".post = " + show(pr.post) + " is the input population (allowed: a neuron population)");
  c.int_in(".layout", static_cast<int>(pr.layout), kBool);

  const uint64_t pre_size = net.populations[pr.pre].size, post_size = net.populations[pr.post].size;
  if (pr.layout == Layout::Dense)
    check_dense(pr, pre_size, post_size, c);
  else
    check_sparse(pr, pre_size, post_size, c);

  c.size_is(".delay", pr.delay.size(), pr.weight.size(), "one per synapse");
  c.each_int(".delay", pr.delay, IntRange{0, fx::kMaxDelaySlots - 1});
  c.each_real(".weight", pr.weight, is_finite, "finite");
  if (pr.weight_bits != 0 && !fx::weight_bits_supported(pr.weight_bits))
    c.out_of_range(".weight_bits", show(pr.weight_bits), "0 (float only), 2, 4, 8");
  if (pr.weight_bits != 0)
    check_codes(pr, c);
  else
    c.size_is(".code", pr.code.size(), 0, "weight_bits = 0: float only");
  if (pr.plasticity) check_plasticity(*pr.plasticity, pr.weight_bits, source + ": projections[" + std::to_string(i) + "] '" + pr.name + "' .plasticity");
}

void check_encoder(const Encoder& e, const std::string& source) {
  const Checker c(source, "encoder");
  c.int_in(".kind", static_cast<int>(e.kind), IntRange{0, 2});
  c.int_in(".steps", e.steps, IntRange{1, 100000});
  c.int_in(".latency_steps", e.latency_steps, IntRange{1, e.steps});
  if (!unit_interval(e.max_rate)) c.out_of_range(".max_rate", show(e.max_rate), "0..1");
  if (!unit_interval(e.current_gain)) c.out_of_range(".current_gain", show(e.current_gain), "0..1");
  if (!(e.min_intensity >= 0.0 && e.min_intensity < 1.0))
    c.out_of_range(".min_intensity", show(e.min_intensity), "0 <= x < 1");
}

void check_readout(const Network& net, uint32_t input, const std::string& source) {
  const Checker c(source, "readout");
  c.int_in(".kind", static_cast<int>(net.readout.kind), IntRange{0, 2});
  c.int_in(".population", net.readout.population, IntRange{0, static_cast<int64_t>(net.populations.size()) - 1});
  if (net.readout.population == input)
    c.fail(".population = " + show(input) + " is the input population (allowed: a neuron population)");
}

// Every neuron of every neuron population is placed on exactly one core.
void check_mapping(const Network& net, uint32_t input, const std::string& source) {
  if (net.mapping.empty()) return;
  std::vector<std::vector<int64_t>> owner(net.populations.size());  // mapping entry per neuron, -1 = none
  for (size_t p = 0; p < net.populations.size(); ++p)
    if (p != input) owner[p].assign(net.populations[p].size, -1);

  for (size_t m = 0; m < net.mapping.size(); ++m) {
    const CorePlacement& cp = net.mapping[m];
    const Checker c(source, idx("mapping", m));
    c.int_in(".population", cp.population, IntRange{0, static_cast<int64_t>(net.populations.size()) - 1});
    if (cp.population == input)
      c.fail(".population = " + show(input) + " is the input population (allowed: a neuron population)");
    const int64_t size = net.populations[cp.population].size;
    c.int_in(".count", cp.count, IntRange{1, size});
    c.int_in(".first_neuron", cp.first_neuron, IntRange{0, size - cp.count});
    for (uint32_t n = cp.first_neuron; n < cp.first_neuron + cp.count; ++n) {
      int64_t& o = owner[cp.population][n];
      if (o >= 0)
        c.fail(": neuron " + show(n) + " of " + pop_prefix(net, cp.population) + "is already placed by " +
               idx("mapping", o));
      o = static_cast<int64_t>(m);
    }
  }
  for (size_t p = 0; p < owner.size(); ++p) {
    const auto hole = std::find(owner[p].begin(), owner[p].end(), -1);
    if (hole != owner[p].end())
      throw InputError(source + ": mapping: neuron " + std::to_string(hole - owner[p].begin()) + " of " +
                       pop_prefix(net, p) + "is not placed on any core");
  }
}

// A mode projection's quantised twin (docs/formats.md): codes of code_bits bits, sized as
// the float factors, shifts and the rate trace's decay and amplitude in their fields.
void check_mode_codes(const ModeProjection& mp, uint64_t n, const Checker& c) {
  if (mp.code_bits == 0) return;  // float only
  c.int_in(".code_bits", mp.code_bits, IntRange{fx::kModeCodeBitsMin, fx::kModeCodeBits});
  const std::string why = "population size " + std::to_string(n) + " x modes " + std::to_string(mp.modes);
  c.size_is(".xi_in_q", mp.xi_in_code.size(), n * mp.modes, why);
  c.size_is(".xi_out_q", mp.xi_out_code.size(), n * mp.modes, why);
  c.size_is(".lambda_q", mp.lambda_code.size(), mp.modes, "one per mode");
  const IntRange code{fx::min_of(mp.code_bits), fx::max_of(mp.code_bits)};
  c.each_int(".xi_in_q", mp.xi_in_code, code);
  c.each_int(".xi_out_q", mp.xi_out_code, code);
  c.each_int(".lambda_q", mp.lambda_code, code);
  const IntRange shift{0, fx::kModeShiftMax};
  c.int_in(".shift_out", mp.shift_out, shift);
  c.int_in(".shift_lambda", mp.shift_lambda, shift);
  c.int_in(".shift_in", mp.shift_in, shift);
  c.int_in(".rate_decay_q", mp.rate_decay_fixed, IntRange{0, fx::kDecayOne});
  c.int_in(".rate_amp_q", mp.rate_amp, IntRange{0, fx::kTraceAmpMax});
}

}  // namespace

// A low-rank recurrence: factors sized by its population and mode count, finite values;
// then its quantised twin.
void validate_mode_projection(const Network& net, size_t k, const std::string& source) {
  const ModeProjection& mp = net.mode_projections[k];
  const Checker c(source, "mode_projections[" + std::to_string(k) + "] '" + mp.name + "' ");
  c.int_in(".population", mp.population, IntRange{0, static_cast<int64_t>(net.populations.size()) - 1});
  if (net.populations[mp.population].is_input())
    c.fail(".population = " + show(mp.population) + " is the input population (allowed: a neuron population)");
  c.int_in(".modes", mp.modes, IntRange{1, kMaxModes});
  const uint64_t n = net.populations[mp.population].size;
  const std::string why = "population size " + std::to_string(n) + " x modes " + std::to_string(mp.modes);
  c.size_is(".xi_in", mp.xi_in.size(), n * mp.modes, why);
  c.size_is(".xi_out", mp.xi_out.size(), n * mp.modes, why);
  c.size_is(".lambda", mp.lambda.size(), mp.modes, "one per mode");
  c.each_real(".xi_in", mp.xi_in, is_finite, "finite");
  c.each_real(".xi_out", mp.xi_out, is_finite, "finite");
  c.each_real(".lambda", mp.lambda, is_finite, "finite");
  if (!(mp.rate_decay > 0.0 && mp.rate_decay <= 1.0))
    c.out_of_range(".rate_decay", show(mp.rate_decay), "0 < x <= 1");
  check_mode_codes(mp, n, c);
}

void validate(const Network& net, const std::string& source) {
  if (net.version != kNetworkFormatVersion)
    throw_field_error(source, "version", std::to_string(net.version), std::to_string(kNetworkFormatVersion));
  const uint32_t input = find_input(net, source + ": ");
  for (size_t i = 0; i < net.populations.size(); ++i) check_population(net, i, source);
  for (size_t i = 0; i < net.projections.size(); ++i) check_projection(net, i, input, source);
  for (size_t k = 0; k < net.mode_projections.size(); ++k) validate_mode_projection(net, k, source);
  check_encoder(net.encoder, source);
  check_readout(net, input, source);
  check_mapping(net, input, source);
}

}  // namespace nmx
