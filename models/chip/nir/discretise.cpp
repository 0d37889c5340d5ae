#include "nir/discretise.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace nmx::nir {
namespace {

// The per-step decay of a time constant: exact 1 - e^(-dt/tau), or Euler's dt/tau.
double decay(double tau, double dt, Method m) { return m == Method::Exact ? -std::expm1(-dt / tau) : dt / tau; }

// The time constant whose decay is d (0 < d <= 1 for Euler, 0 < d < 1 exact).
double time_constant(double d, double dt, Method m) { return m == Method::Exact ? -dt / std::log1p(-d) : dt / d; }

bool positive_finite(double x) { return std::isfinite(x) && x > 0; }

}  // namespace

const char* to_string(Method m) { return m == Method::Exact ? "exact" : "euler"; }

Method parse_method(const std::string& name) {
  if (name == "exact") return Method::Exact;
  if (name == "euler") return Method::Euler;
  throw InputError("--method " + name + ": unknown discretisation (allowed: exact, euler)");
}

const char* to_string(NeuronKind k) {
  switch (k) {
    case NeuronKind::IF: return "IF";
    case NeuronKind::LIF: return "LIF";
    case NeuronKind::CubaLIF: return "CubaLIF";
    case NeuronKind::LI: return "LI";
    case NeuronKind::Integrator: return "Integrator";
    case NeuronKind::Threshold: return "Threshold";
  }
  return "?";
}

std::string discretise(const Continuous& c, double dt, Method m, Discrete& out) {
  if (!std::isfinite(c.r)) return "r = " + shortest_text(c.r) + " must be finite";
  if (!std::isfinite(c.v_leak)) return "v_leak = " + shortest_text(c.v_leak) + " must be finite";
  if (!std::isfinite(c.w_in)) return "w_in = " + shortest_text(c.w_in) + " must be finite";
  out = Discrete{};
  if (c.kind == NeuronKind::IF || c.kind == NeuronKind::Integrator) {
    out.gain = dt * c.r;
    return "";
  }
  if (c.kind == NeuronKind::Threshold) {  // v_t = x_t: no state, no time constant, no error
    out.dv = 1;
    return "";
  }
  const char* tau_name = c.kind == NeuronKind::CubaLIF ? "tau_mem" : "tau";
  if (!positive_finite(c.tau_mem)) return std::string(tau_name) + " = " + shortest_text(c.tau_mem) + " must be > 0 and finite";
  if (m == Method::Euler && c.tau_mem < dt)
    return std::string(tau_name) + " = " + shortest_text(c.tau_mem) + " is below dt = " + shortest_text(dt) +
           " (forward Euler needs tau >= dt; use --method exact)";
  out.dv = decay(c.tau_mem, dt, m);
  out.gain = out.dv * c.r;
  out.bias = out.dv * c.v_leak;
  if (c.kind == NeuronKind::CubaLIF) {
    if (!positive_finite(c.tau_syn)) return "tau_syn = " + shortest_text(c.tau_syn) + " must be > 0 and finite";
    if (m == Method::Euler && c.tau_syn < dt)
      return "tau_syn = " + shortest_text(c.tau_syn) + " is below dt = " + shortest_text(dt) +
             " (forward Euler needs tau >= dt; use --method exact)";
    out.du = decay(c.tau_syn, dt, m);
    out.gain *= out.du * c.w_in;
  }
  return "";
}

std::string continuous(double du, double dv, double bias, double dt, Method m, Continuous& out, double& input_bias) {
  out = Continuous{};
  input_bias = 0;
  if (du == 1 && dv == 0) {  // no decay at all: the integrate-and-fire neuron
    out.kind = NeuronKind::IF;
    out.r = 1 / dt;  // gain dt r = 1
    input_bias = bias;
    return "";
  }
  if (du == 1 && dv == 1) {  // nothing carries over a step: the stateless threshold
    out.kind = NeuronKind::Threshold;
    input_bias = bias;
    return "";
  }
  const bool exact = m == Method::Exact;
  if (dv <= 0) return "dv = 0 (no membrane leak) with du = " + shortest_text(du) + " < 1: NIR has no current-based IF neuron";
  if (exact && dv >= 1) return "dv = 1 with du < 1 (tau_mem = 0) has no exact continuous-time form (export with --method euler)";
  out.tau_mem = time_constant(dv, dt, m);
  const double dv_back = decay(out.tau_mem, dt, m);  // what the importer will compute
  out.v_leak = bias / dv_back;
  if (du == 1) {
    out.kind = NeuronKind::LIF;
    out.r = 1 / dv_back;
    return "";
  }
  if (du <= 0) return "du = 0 (a synaptic current that never decays) has no NIR neuron";
  if (exact && du >= 1) return "du = 1 is a LIF neuron";  // not reached: du == 1 handled above
  out.kind = NeuronKind::CubaLIF;
  out.tau_syn = time_constant(du, dt, m);
  out.r = 1 / (decay(out.tau_syn, dt, m) * dv_back);
  out.w_in = 1;
  return "";
}

double silent_bound(double dv, double bias, double abs_weights, uint32_t steps) {
  const double sum = dv > 0 ? -std::expm1(static_cast<double>(steps) * std::log1p(-std::min(dv, 1.0))) / dv
                            : static_cast<double>(steps);  // (1 - (1 - dv)^steps) / dv
  return (std::fabs(bias) + abs_weights) * (dv >= 1 ? 1.0 : sum);
}

double silent_theta(double dv, double bias, double abs_weights, uint32_t steps) {
  const double b = silent_bound(dv, bias, abs_weights, steps);
  return b > 0 ? 2 * b : 1.0;
}

}  // namespace nmx::nir
