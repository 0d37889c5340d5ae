#include "plasticity/stdp_window.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "fixed/fixed_point.hpp"
#include "l0/network_l0.hpp"
#include "l1/chip_l1.hpp"
#include "map/chip_image.hpp"
#include "plastic/rule_compile.hpp"
#include "plasticity/probe_net.hpp"

namespace nmx::plastic_study {
namespace {

using plastic::Event, plastic::Source, plastic::Target;

constexpr int32_t kTeacherCode = 127;  // the teacher's synapse: fires the neuron on its own
constexpr int32_t kProbeTheta = 64;

const plastic::Program& program(const plastic::GroupMicrocode& g, Event ev, Target z) {
  return g.program[static_cast<int>(ev)][static_cast<int>(z)];
}

// One term ±2^-s · c · trace: its codes per trace unit and its trace parameters.
void read_term(const plastic::GroupMicrocode& g, Event ev, Source a, Source b, const std::string& what,
               const std::string& where, double& scale, plastic::TraceParams& trace) {
  const plastic::Program& p = program(g, ev, Target::W);
  const std::string allowed = " (stdp_window measures pair STDP: dw = ±2^-s*c*x1|x2*post ±2^-s*c*y1|y2*pre)";
  if (p.terms != 1) throw InputError(where + ": rule '" + plastic::rule_text_of(g) + "': " + what + " has " +
                                     std::to_string(p.terms) + " terms" + allowed);
  const plastic::Term& t = p.term[0];
  double c = 1;
  int traces = 0;
  for (int f = 0; f < t.factors; ++f) {
    const plastic::Factor& x = t.factor[f];
    if (!x.test && x.source == Source::Zero) c *= x.c;
    else if (!x.test && x.c == 0 && (x.source == a || x.source == b)) {
      ++traces;
      trace = x.source == Source::X1 ? g.x1 : x.source == Source::X2 ? g.x2 : x.source == Source::Y1 ? g.y1 : g.y2;
    } else {
      throw InputError(where + ": rule '" + plastic::rule_text_of(g) + "': " + what + " reads a factor other than its trace" + allowed);
    }
  }
  if (traces != 1 || t.needs_pre)
    throw InputError(where + ": rule '" + plastic::rule_text_of(g) + "': " + what + " is not one trace term" + allowed);
  scale = (t.negative ? -c : c) * std::ldexp(1.0, -t.shift);
}

double factor_of(const plastic::TraceParams& t) { return 1.0 - t.decay / static_cast<double>(fx::kDecayOne); }
double tau_of(double r) { return r >= 1.0 ? std::numeric_limits<double>::infinity() : -1.0 / std::log(r); }

}  // namespace

double PairWindow::expected(int dt) const {
  return dt >= 0 ? a_plus * std::pow(r_plus, dt) : a_minus * std::pow(r_minus, -dt);
}

double PairWindow::l1_bound(int dt, plastic::Rounding rounding) const {
  const int k = std::abs(dt);
  const double r = dt >= 0 ? r_plus : r_minus;
  const double trace_err = r >= 1.0 ? 0.0 : 0.5 * (1.0 - std::pow(r, k)) / (1.0 - r);  // Σ_{j<k} r^j / 2
  const double weight_err = rounding == plastic::Rounding::Nearest ? 0.5 : 1.0;
  return std::abs(dt >= 0 ? scale_plus : scale_minus) * trace_err + weight_err;
}

PairWindow pair_window_of(const plastic::GroupMicrocode& rule, const std::string& where) {
  for (int ev = 0; ev < plastic::kEvents; ++ev)
    for (int z = 1; z < plastic::kTargets; ++z)
      if (rule.program[ev][z].terms)
        throw InputError(where + ": rule '" + plastic::rule_text_of(rule) +
                         "': changes e or d (stdp_window measures a rule that changes w only)");
  if (program(rule, Event::Epoch, Target::W).terms)
    throw InputError(where + ": rule '" + plastic::rule_text_of(rule) + "': has an epoch term (stdp_window measures pair STDP)");
  PairWindow w;
  plastic::TraceParams x, y;
  read_term(rule, Event::Post, Source::X1, Source::X2, "the post event's dw", where, w.scale_plus, x);
  read_term(rule, Event::Pre, Source::Y1, Source::Y2, "the pre event's dw", where, w.scale_minus, y);
  w.a_plus = w.scale_plus * x.amp;
  w.a_minus = w.scale_minus * y.amp;
  w.r_plus = factor_of(x);
  w.r_minus = factor_of(y);
  w.tau_plus = tau_of(w.r_plus);
  w.tau_minus = tau_of(w.r_minus);
  return w;
}

WindowResult stdp_window(const plastic::GroupMicrocode& rule, const WindowOptions& opt, const std::string& where) {
  if (opt.max_lag < 0 || opt.max_lag > 1000) throw InputError(where + ": max lag " + std::to_string(opt.max_lag) + " (allowed: 0..1000)");
  if (opt.replicas < 1 || opt.replicas > 64) throw InputError(where + ": replicas " + std::to_string(opt.replicas) + " (allowed: 1..64)");
  WindowResult r;
  r.window = pair_window_of(rule, where);
  r.rounding = rule.rounding;
  r.rule = plastic::rule_text_of(rule);
  const int32_t wmax = fx::weight_code_max(kProbeWeightBits);
  if (std::max(std::abs(r.window.a_plus), std::abs(r.window.a_minus)) + 1 >= wmax)
    throw InputError(where + ": rule '" + r.rule + "': |A| reaches the 8-bit code range from code 0 (allowed: |A+|, |A-| < " +
                     std::to_string(wmax - 1) + ")");

  // Input k * replicas + j: Δt = k - max_lag; the teacher is the last input.
  const uint32_t lags = 2 * static_cast<uint32_t>(opt.max_lag) + 1;
  const uint32_t inputs = lags * opt.replicas + 1, teacher = inputs - 1;
  std::vector<int8_t> codes(inputs, 0);
  codes[teacher] = static_cast<int8_t>(kTeacherCode);
  const Network net = probe_network("stdp-window", codes, 1, lif_population("post", 1, fx::kDecayOne, fx::kDecayOne, kProbeTheta), rule);
  const uint32_t post_step = static_cast<uint32_t>(opt.max_lag) + 2, steps = post_step + opt.max_lag + 2;
  Raster raster(steps);
  for (uint32_t k = 0; k < lags; ++k)
    for (uint32_t j = 0; j < opt.replicas; ++j) raster[post_step + opt.max_lag - k].push_back(k * opt.replicas + j);
  raster[post_step].push_back(teacher);
  for (auto& s : raster) std::sort(s.begin(), s.end());

  const ChipImage image = build_chip_image(net, probe_hw(inputs), where);  // ChipL1 keeps a reference
  ChipL1 l1(image);
  NetworkL0 l0(net);
  std::vector<CoreSpike> out;
  PopulationSpikes spikes;
  uint32_t post_spikes_l1 = 0, post_spikes_l0 = 0;
  for (const auto& in : raster) {
    out.clear();
    l1.step(in, out);
    l0.step(in, spikes);
    post_spikes_l1 += static_cast<uint32_t>(out.size());
    post_spikes_l0 += static_cast<uint32_t>(spikes[1].size());
  }
  if (post_spikes_l1 != 1 || post_spikes_l0 != 1)
    throw InputError(where + ": the probe neuron fired " + std::to_string(post_spikes_l1) + " times at L1, " +
                     std::to_string(post_spikes_l0) + " at L0 (expected once, at the teacher's step)");
  Network learned = net;
  l1.write_learned(learned);
  const plastic::PlasticityL0& p0 = *l0.plasticity(1);
  r.l1_within_bound = true;
  for (uint32_t k = 0; k < lags; ++k) {
    WindowRow row;
    row.dt = static_cast<int>(k) - opt.max_lag;
    row.expected = r.window.expected(row.dt);
    row.l1_bound = r.window.l1_bound(row.dt, r.rounding);
    for (uint32_t j = 0; j < opt.replicas; ++j) {
      row.l1 += learned.projections[0].code[k * opt.replicas + j];
      row.l0 += p0.code(0, k * opt.replicas + j);
    }
    row.l1 /= opt.replicas;
    row.l0 /= opt.replicas;
    r.max_l1_error = std::max(r.max_l1_error, std::abs(row.l1 - row.expected));
    r.max_l0_error = std::max(r.max_l0_error, std::abs(row.l0 - row.expected));
    r.l1_within_bound = r.l1_within_bound && std::abs(row.l1 - row.expected) <= row.l1_bound;
    r.rows.push_back(row);
  }
  return r;
}

nlohmann::json to_json(const WindowResult& r) {
  nlohmann::json rows = nlohmann::json::array();
  for (const WindowRow& w : r.rows)
    rows.push_back({{"dt", w.dt}, {"expected", w.expected}, {"l1", w.l1}, {"l0", w.l0}, {"l1_bound", w.l1_bound}});
  const auto finite = [](double t) -> nlohmann::json { return std::isfinite(t) ? nlohmann::json(t) : nlohmann::json("inf"); };
  return {{"rule", r.rule},
          {"rounding", r.rounding == plastic::Rounding::Nearest ? "nearest" : "stochastic"},
          {"a_plus", r.window.a_plus},
          {"a_minus", r.window.a_minus},
          {"tau_plus", finite(r.window.tau_plus)},
          {"tau_minus", finite(r.window.tau_minus)},
          {"max_l1_error", r.max_l1_error},
          {"max_l0_error", r.max_l0_error},
          {"l1_within_bound", r.l1_within_bound},
          {"rows", rows}};
}

}  // namespace nmx::plastic_study
