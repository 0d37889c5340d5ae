#include "nir/nir_import.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <set>

#include "core/error.hpp"
#include "fixed/fixed_point.hpp"

namespace nmx::nir {
namespace {

constexpr const char* kSupported =
    "Input, Output, Linear, Affine, Scale, Delay, Flatten, LIF, CubaLIF, IF, LI, Integrator, Threshold";

bool is_neuron(const std::string& t) {
  return t == "LIF" || t == "CubaLIF" || t == "IF" || t == "LI" || t == "Integrator" || t == "Threshold";
}
NeuronKind kind_of(const std::string& t) {
  return t == "IF"           ? NeuronKind::IF
         : t == "LIF"        ? NeuronKind::LIF
         : t == "CubaLIF"    ? NeuronKind::CubaLIF
         : t == "LI"         ? NeuronKind::LI
         : t == "Integrator" ? NeuronKind::Integrator
                             : NeuronKind::Threshold;
}
// LI and Integrator never spike: their threshold is set out of reach (silent_theta).
bool is_silent(NeuronKind k) { return k == NeuronKind::LI || k == NeuronKind::Integrator; }
bool is_weight_path(const std::string& t) {
  return t == "Linear" || t == "Affine" || t == "Scale" || t == "Delay" || t == "Flatten";
}

// One node's fields, with messages naming the file, node, type and field.
class Fields {
 public:
  Fields(const Node& n, const std::string& file) : n_(n), file_(file) {}

  [[noreturn]] void fail(const std::string& field, const std::string& what) const {
    throw InputError(file_ + ": node '" + n_.name + "' (" + n_.type + "): " + (field.empty() ? "" : field + ": ") + what);
  }
  bool has(const std::string& field) const { return n_.group.has(field); }
  const h5::Item& item(const std::string& field) const {
    const auto it = n_.group.children.find(field);
    if (it == n_.group.children.end() || it->second.group) fail(field, "missing (/node/nodes/" + n_.name + "/" + field + ")");
    if (it->second.type == h5::Type::String) fail(field, "must hold numbers");
    return it->second;
  }
  // A per-element array of exactly n values (a scalar stands for all n).
  std::vector<double> values(const std::string& field, size_t n, const std::string& why) const {
    const h5::Item& d = item(field);
    if (d.shape.empty()) return std::vector<double>(n, d.numbers.at(0));
    if (d.count() != n) fail(field, "has " + std::to_string(d.count()) + " elements, expected " + std::to_string(n) + " (" + why + ")");
    for (double x : d.numbers)
      if (!std::isfinite(x)) fail(field, "holds " + shortest_text(x) + " (allowed: finite numbers)");
    return d.numbers;
  }
  std::vector<double> optional(const std::string& field, size_t n, double fallback, const std::string& why) const {
    return has(field) ? values(field, n, why) : std::vector<double>(n, fallback);
  }
  size_t count(const std::string& field) const { return std::max<size_t>(1, item(field).count()); }
  const Node& node() const { return n_; }
  // The node's own metadata entry, if present.
  const h5::Item* meta(const std::string& key) const {
    const auto m = n_.group.children.find("metadata");
    if (m == n_.group.children.end()) return nullptr;
    const auto it = m->second.children.find(key);
    return it == m->second.children.end() ? nullptr : &it->second;
  }

 private:
  const Node& n_;
  const std::string& file_;
};

// A path of weight nodes from one population, composed so far: a dense rows x cols matrix
// (cols = the source population), per-entry delays in time units, and a constant (Affine).
struct Path {
  uint32_t pre = 0;
  size_t rows = 0, cols = 0;
  std::vector<double> w, delay, bias;  // w, delay: rows x cols row-major; bias: rows
  bool linear = false;                 // a Linear or Affine is on the path
  std::string name;                    // the projection's name: the first weight node
  std::vector<std::string> nodes;      // the weight nodes passed, for messages
};

struct Target {
  size_t node = 0;
  Path path;
};

class Importer {
 public:
  Importer(const Graph& g, const std::string& file, const ImportOptions& opt) : g_(g), file_(file), opt_(opt) {}
  Imported run();

 private:
  [[noreturn]] void fail(const std::string& what) const { throw InputError(file_ + ": " + what); }
  const h5::Item* graph_meta(const std::string& key) const {
    const auto it = g_.metadata.children.find(key);
    return it == g_.metadata.children.end() ? nullptr : &it->second;
  }
  double meta_number(const std::string& key, double fallback) const {
    const h5::Item* m = graph_meta(key);
    return m && m->type != h5::Type::String && m->count() == 1 ? m->numbers[0] : fallback;
  }
  std::string meta_text(const std::string& key, const std::string& fallback) const {
    const h5::Item* m = graph_meta(key);
    return m && m->type == h5::Type::String && m->strings.size() == 1 ? m->strings[0] : fallback;
  }

  void index_graph();
  size_t node_size(size_t i) const;  // values a node emits
  void follow(size_t from, Path path, std::vector<Target>& out, size_t depth) const;
  Path apply(size_t i, Path p) const;
  void add_population(size_t node);
  void build_projections(const std::vector<std::pair<size_t, Path>>& paths);
  void set_silent_thresholds();
  uint32_t delay_steps(const Path& p, double t) const;

  const Graph& g_;
  const std::string& file_;
  const ImportOptions& opt_;
  double dt_ = 0;
  Method method_ = Method::Exact;
  std::map<std::string, size_t> by_name_;
  std::vector<std::vector<size_t>> out_, in_;  // edges by node index
  std::map<size_t, uint32_t> population_of_;   // node -> population index
  std::vector<std::vector<double>> gains_;     // [population][neuron]
  std::vector<NeuronKind> kinds_;              // [population]
  std::map<size_t, std::vector<double>> silent_meta_;  // LI / Integrator population -> its nmx_theta
  Imported result_;
};

void Importer::index_graph() {
  for (size_t i = 0; i < g_.nodes.size(); ++i) by_name_[g_.nodes[i].name] = i;
  out_.assign(g_.nodes.size(), {});
  in_.assign(g_.nodes.size(), {});
  for (size_t e = 0; e < g_.edges.size(); ++e) {
    const auto& [a, b] = g_.edges[e];
    for (const std::string* end : {&a, &b})
      if (!by_name_.count(*end))
        fail("/node/edges[" + std::to_string(e) + "] ('" + a + "' -> '" + b + "'): no node named '" + *end + "'");
    out_[by_name_[a]].push_back(by_name_[b]);
    in_[by_name_[b]].push_back(by_name_[a]);
  }
  for (const Node& n : g_.nodes) {
    if (n.type == "NIRGraph")
      fail("node '" + n.name + "' is a nested NIRGraph: import takes a flat graph (flatten the subgraph first)");
    if (n.type != "Input" && n.type != "Output" && !is_neuron(n.type) && !is_weight_path(n.type))
      fail("node '" + n.name + "' has type '" + n.type + "', which the chip cannot run (supported: " + kSupported + ")");
  }
}

size_t Importer::node_size(size_t i) const {
  const Node& n = g_.nodes[i];
  const Fields f(n, file_);
  if (n.type == "Input" || n.type == "Output") {
    const h5::Item& s = f.item("shape");
    size_t size = 1;
    for (double d : s.numbers) {
      if (!(d >= 1) || d != std::floor(d)) f.fail("shape", "holds " + shortest_text(d) + " (allowed: whole numbers >= 1)");
      size *= static_cast<size_t>(d);
    }
    return size;
  }
  if (n.type == "LIF" || n.type == "CubaLIF" || n.type == "IF") return f.count("v_threshold");
  if (n.type == "LI") return f.count("tau");
  if (n.type == "Integrator") return f.count("r");
  if (n.type == "Threshold") return f.count("threshold");
  if (n.type == "Scale") return f.count("scale");
  if (n.type == "Delay") return f.count("delay");
  fail("node '" + n.name + "': internal: no size");
}

// One weight node applied to the path arriving at it.
Path Importer::apply(size_t i, Path p) const {
  const Node& n = g_.nodes[i];
  const Fields f(n, file_);
  p.nodes.push_back(n.name);
  if (n.type == "Flatten") return p;  // 1-D data on the chip: flattening changes nothing
  if (n.type == "Linear" || n.type == "Affine") {
    if (p.linear)
      f.fail("", "follows another weight matrix on the path (" + p.nodes.front() +
                     "): the chip has one synapse per pre/post pair; multiply the matrices first");
    const h5::Item& w = f.item("weight");
    if (w.shape.size() != 2) f.fail("weight", "must be a 2-D matrix (outputs x inputs), has " + std::to_string(w.shape.size()) + " dimensions");
    const size_t out = w.shape[0], in = w.shape[1];
    if (in != p.rows)
      f.fail("weight", "has " + std::to_string(in) + " columns but its input has " + std::to_string(p.rows) + " values");
    for (double x : w.numbers)
      if (!std::isfinite(x)) f.fail("weight", "holds " + shortest_text(x) + " (allowed: finite numbers)");
    const std::vector<double> b = n.type == "Affine" ? f.values("bias", out, "one per output") : std::vector<double>(out, 0.0);
    // Before the first matrix the path is diagonal (identity, Scale, Delay per element).
    Path q = p;
    q.rows = out;
    q.w.assign(out * p.cols, 0.0);
    q.delay.assign(out * p.cols, 0.0);
    q.bias = b;
    for (size_t o = 0; o < out; ++o)
      for (size_t c = 0; c < p.cols; ++c) {
        q.w[o * p.cols + c] = w.numbers[o * in + c] * p.w[c * p.cols + c];
        q.delay[o * p.cols + c] = p.delay[c * p.cols + c];
      }
    q.linear = true;
    const h5::Item* named = f.meta("nmx_projection");
    q.name = named && named->type == h5::Type::String && !named->strings.empty() ? named->strings[0] : n.name;
    return q;
  }
  if (n.type == "Scale") {
    const std::vector<double> s = f.values("scale", p.rows, "one per value of its input");
    for (size_t r = 0; r < p.rows; ++r) {
      for (size_t c = 0; c < p.cols; ++c) p.w[r * p.cols + c] *= s[r];
      p.bias[r] *= s[r];
    }
    return p;
  }
  // Delay
  const std::vector<double> d = f.values("delay", p.rows, "one per value of its input");
  for (size_t r = 0; r < p.rows; ++r) {
    if (d[r] < 0) f.fail("delay", "[" + std::to_string(r) + "] = " + shortest_text(d[r]) + " is negative");
    for (size_t c = 0; c < p.cols; ++c) p.delay[r * p.cols + c] += d[r];
  }
  return p;
}

// Walks the weight nodes after `from` to every population or Output they reach.
void Importer::follow(size_t from, Path path, std::vector<Target>& out, size_t depth) const {
  if (depth > g_.nodes.size()) fail("node '" + g_.nodes[from].name + "': weight nodes form a cycle without a neuron");
  for (size_t next : out_[from]) {
    const Node& n = g_.nodes[next];
    if (n.type == "Input") fail("edge '" + g_.nodes[from].name + "' -> '" + n.name + "': nothing may feed an Input node");
    if (is_neuron(n.type) || n.type == "Output") {
      out.push_back({next, path});
      continue;
    }
    if (in_[next].size() != 1)
      fail("node '" + n.name + "' (" + n.type + ") has " + std::to_string(in_[next].size()) +
           " inputs: the chip sums inputs only at a neuron (give each path its own weight nodes)");
    if (n.type == "Scale" || n.type == "Delay") {
      const size_t size = node_size(next);
      if (size != path.rows)
        fail("node '" + n.name + "' (" + n.type + ") has " + std::to_string(size) + " elements, its input has " +
             std::to_string(path.rows) + " values");
    }
    follow(next, apply(next, path), out, depth + 1);
  }
}

void Importer::add_population(size_t i) {
  const Node& n = g_.nodes[i];
  const Fields f(n, file_);
  const size_t size = node_size(i);
  Population pop;
  pop.name = n.name;
  pop.kind = PopulationKind::Neuron;
  pop.size = static_cast<uint32_t>(size);
  const std::string per = "one per neuron";
  Continuous c;
  c.kind = kind_of(n.type);
  // LI and Integrator get their threshold once their inputs are known (run()).
  const std::string theta_field = c.kind == NeuronKind::Threshold ? "threshold" : "v_threshold";
  const std::vector<double> theta = is_silent(c.kind) ? std::vector<double>(size, 1.0) : f.values(theta_field, size, per);
  const bool has_reset = c.kind == NeuronKind::IF || c.kind == NeuronKind::LIF || c.kind == NeuronKind::CubaLIF;
  const std::vector<double> reset_v = has_reset ? f.optional("v_reset", size, 0.0, per) : std::vector<double>(size, 0.0);
  const std::vector<double> r = c.kind == NeuronKind::Threshold ? std::vector<double>(size, 1.0) : f.values("r", size, per);
  std::vector<double> tau_mem(size, 0), tau_syn(size, 0), v_leak(size, 0), w_in(size, 1);
  if (c.kind == NeuronKind::LIF || c.kind == NeuronKind::LI) tau_mem = f.values("tau", size, per);
  if (c.kind == NeuronKind::CubaLIF) {
    tau_mem = f.values("tau_mem", size, per);
    tau_syn = f.values("tau_syn", size, per);
    w_in = f.optional("w_in", size, 1.0, per);
  }
  if (c.kind == NeuronKind::LIF || c.kind == NeuronKind::CubaLIF || c.kind == NeuronKind::LI)
    v_leak = f.values("v_leak", size, per);
  std::vector<double> reset_mode(size, 0), refrac(size, 0);
  if (const h5::Item* m = f.meta("nmx_reset"); m && m->count() == size) reset_mode = m->numbers;
  if (const h5::Item* m = f.meta("nmx_refrac"); m && m->count() == size) refrac = m->numbers;
  if (const h5::Item* m = f.meta("nmx_theta"); m && is_silent(c.kind)) {  // nmx's own export keeps its threshold
    if (m->count() != size) f.fail("metadata/nmx_theta", "has " + std::to_string(m->count()) + " elements, expected " + std::to_string(size));
    silent_meta_[result_.net.populations.size()] = m->numbers;
  }
  std::vector<double> gain(size);
  for (size_t k = 0; k < size; ++k) {
    const std::string at = "[" + std::to_string(k) + "]";
    if (!(theta[k] > 0))
      f.fail(theta_field, at + " = " + shortest_text(theta[k]) + " (allowed: > 0; the chip's membrane rests at 0" +
                              (c.kind == NeuronKind::Threshold ? ", so it cannot fire without input)" : ")"));
    if (reset_v[k] != 0)
      f.fail("v_reset", at + " = " + shortest_text(reset_v[k]) + " (allowed: 0; the chip resets the membrane to 0)");
    if (refrac[k] < 0 || refrac[k] > fx::kRefracMax || refrac[k] != std::floor(refrac[k]))
      f.fail("metadata/nmx_refrac", at + " = " + shortest_text(refrac[k]) + " (allowed: 0.." + std::to_string(fx::kRefracMax) + ")");
    c.r = r[k], c.tau_mem = tau_mem[k], c.tau_syn = tau_syn[k], c.v_leak = v_leak[k], c.w_in = w_in[k];
    Discrete d;
    const std::string why = discretise(c, dt_, method_, d);
    if (!why.empty()) f.fail("", "neuron " + std::to_string(k) + ": " + why);
    pop.real.du.push_back(d.du);
    pop.real.dv.push_back(d.dv);
    pop.real.theta.push_back(theta[k]);
    pop.real.bias.push_back(d.bias);
    gain[k] = d.gain;
    pop.refrac.push_back(static_cast<uint8_t>(refrac[k]));
    pop.reset.push_back(reset_mode[k] != 0 ? ResetMode::Subtract : ResetMode::Zero);
    pop.spike.push_back(SpikeMode::Deterministic);
    pop.lfsr_seed.push_back(static_cast<uint16_t>(1 + k % fx::kLfsrMax));
  }
  population_of_[i] = static_cast<uint32_t>(result_.net.populations.size());
  result_.net.populations.push_back(std::move(pop));
  gains_.push_back(std::move(gain));
  kinds_.push_back(c.kind);
}

uint32_t Importer::delay_steps(const Path& p, double t) const {
  const double steps = t / dt_;
  const double k = std::round(steps);
  const std::string where = "the Delay on the path " + p.nodes.front() + " ... " + p.nodes.back();
  if (std::fabs(steps - k) > 1e-6 * std::max(1.0, k))
    fail(where + " is " + shortest_text(t) + " = " + shortest_text(steps) + " steps of dt = " + shortest_text(dt_) +
         " (allowed: whole steps; choose --dt so every delay is a multiple of it)");
  if (k > fx::kMaxDelaySlots - 1)
    fail(where + " is " + shortest_text(k) + " steps (allowed: 0.." + std::to_string(fx::kMaxDelaySlots - 1) + ")");
  return static_cast<uint32_t>(k);
}

// Paths between the same two populations become one projection when no synapse is on two
// of them (the exporter's split by delay), else one projection each.
void Importer::build_projections(const std::vector<std::pair<size_t, Path>>& paths) {
  Network& net = result_.net;
  std::map<std::pair<uint32_t, uint32_t>, std::vector<size_t>> groups;  // (pre, post) -> projections
  for (const auto& [post_node, p] : paths) {
    const uint32_t post = population_of_.at(post_node);
    const Population& dst = net.populations[post];
    const std::vector<double>& gain = gains_[post];
    for (size_t r = 0; r < p.rows; ++r)
      if (p.bias[r] != 0 && kinds_[post] == NeuronKind::CubaLIF)
        fail("node '" + p.nodes.back() + "': bias[" + std::to_string(r) + "] = " + shortest_text(p.bias[r]) +
             " feeds CubaLIF '" + dst.name + "' (allowed: 0; the chip's bias acts on v, not on the synaptic current)");
    for (size_t r = 0; r < p.rows; ++r) net.populations[post].real.bias[r] += gain[r] * p.bias[r];
    const uint32_t pre_size = net.populations[p.pre].size;
    auto& list = groups[{p.pre, post}];
    Projection* into = nullptr;
    for (size_t idx : list) {
      Projection& cand = net.projections[idx];
      bool disjoint = true;
      for (size_t r = 0; r < p.rows && disjoint; ++r)
        for (size_t c = 0; c < p.cols && disjoint; ++c)
          disjoint = p.w[r * p.cols + c] == 0 || cand.weight[c * dst.size + r] == 0;
      if (disjoint) {
        into = &cand;
        break;
      }
    }
    if (!into) {
      Projection pr;
      pr.name = p.linear ? p.name : net.populations[p.pre].name + "_" + dst.name;
      pr.pre = p.pre;
      pr.post = post;
      pr.layout = Layout::Dense;
      pr.weight.assign(size_t{pre_size} * dst.size, 0.0);
      pr.delay.assign(pr.weight.size(), 0);
      list.push_back(net.projections.size());
      net.projections.push_back(std::move(pr));
      into = &net.projections.back();
    }
    for (size_t r = 0; r < p.rows; ++r)
      for (size_t c = 0; c < p.cols; ++c) {
        const double w = p.w[r * p.cols + c];
        if (w == 0) continue;
        const size_t s = c * dst.size + r;  // nmx dense order: pre-major
        into->weight[s] = w * gain[r];
        into->delay[s] = static_cast<uint8_t>(delay_steps(p, p.delay[r * p.cols + c]));
      }
  }
}

// LI and Integrator: a threshold twice what their inputs can reach over a sample.
void Importer::set_silent_thresholds() {
  Network& net = result_.net;
  const uint32_t steps = opt_.steps ? *opt_.steps : static_cast<uint32_t>(meta_number("nmx_steps", net.encoder.steps));
  for (uint32_t p = 1; p < net.populations.size(); ++p) {
    if (!is_silent(kinds_[p])) continue;
    Population& pop = net.populations[p];
    std::vector<double> drive(pop.size, 0.0);  // sum of |w| onto each neuron
    for (const Projection& pr : net.projections)
      if (pr.post == p)
        for (size_t s = 0; s < pr.weight.size(); ++s) drive[s % pop.size] += std::fabs(pr.weight[s]);
    const auto kept = silent_meta_.find(p);
    for (uint32_t k = 0; k < pop.size; ++k) {
      pop.real.theta[k] = silent_theta(pop.real.dv[k], pop.real.bias[k], drive[k], steps);
      if (kept == silent_meta_.end()) continue;
      const double bound = silent_bound(pop.real.dv[k], pop.real.bias[k], drive[k], steps);
      if (!(kept->second[k] > bound))
        fail("node '" + pop.name + "' (" + to_string(kinds_[p]) + "): metadata/nmx_theta: [" + std::to_string(k) +
             "] = " + shortest_text(kept->second[k]) + " is within reach of its input (allowed: > " + shortest_text(bound) +
             ", so that it never spikes)");
      pop.real.theta[k] = kept->second[k];
    }
  }
}

Imported Importer::run() {
  index_graph();
  const h5::Item* meta_dt = graph_meta("nmx_dt");
  if (opt_.dt) dt_ = *opt_.dt;
  else if (meta_dt) dt_ = meta_number("nmx_dt", 0);
  else fail("no step length: give --dt (one chip step in the time unit of the file's tau and delay values)");
  if (!(dt_ > 0) || !std::isfinite(dt_)) fail("dt = " + shortest_text(dt_) + " (allowed: > 0)");
  method_ = opt_.method ? *opt_.method : parse_method(meta_text("nmx_discretisation", "exact"));
  result_.dt = dt_;
  result_.method = method_;
  Network& net = result_.net;
  net.name = meta_text("nmx_name", "");
  net.description = meta_text("nmx_description", "imported from NIR " + g_.version);

  // The one Input, then neurons in breadth-first order through the edges (deterministic).
  std::vector<size_t> inputs;
  for (size_t i = 0; i < g_.nodes.size(); ++i)
    if (g_.nodes[i].type == "Input") inputs.push_back(i);
  if (inputs.size() != 1)
    fail("the graph has " + std::to_string(inputs.size()) + " Input nodes (allowed: exactly 1; the chip has one input population)");
  const size_t input = inputs[0];
  Population in;
  in.name = g_.nodes[input].name;
  in.kind = PopulationKind::Input;
  in.size = static_cast<uint32_t>(node_size(input));
  population_of_[input] = 0;
  net.populations.push_back(in);
  gains_.emplace_back();
  kinds_.push_back(NeuronKind::IF);

  std::vector<std::pair<size_t, Path>> paths;
  std::vector<size_t> readouts;
  std::deque<size_t> queue{input};
  std::set<size_t> seen{input};
  while (!queue.empty()) {
    const size_t from = queue.front();
    queue.pop_front();
    Path start;
    start.pre = population_of_.at(from);
    start.rows = start.cols = net.populations[start.pre].size;
    start.w.assign(start.rows * start.cols, 0.0);
    start.delay.assign(start.w.size(), 0.0);
    start.bias.assign(start.rows, 0.0);
    for (size_t k = 0; k < start.rows; ++k) start.w[k * start.cols + k] = 1.0;
    start.nodes.push_back(g_.nodes[from].name);
    std::vector<Target> targets;
    follow(from, start, targets, 0);
    for (Target& t : targets) {
      const Node& n = g_.nodes[t.node];
      const size_t size = node_size(t.node);
      if (n.type == "Output") {
        if (t.path.nodes.size() > 1)
          fail("Output '" + n.name + "' is fed through '" + t.path.nodes[1] +
               "': the chip reads out a neuron population itself (connect it to Output directly)");
        if (size != t.path.rows)
          fail("Output '" + n.name + "' has shape of " + std::to_string(size) + " values, '" + g_.nodes[from].name +
               "' gives " + std::to_string(t.path.rows));
        readouts.push_back(from);
        continue;
      }
      if (size != t.path.rows)
        fail("node '" + n.name + "' (" + n.type + ") has " + std::to_string(size) + " neurons, its input '" +
             t.path.nodes.back() + "' gives " + std::to_string(t.path.rows) + " values");
      if (!seen.count(t.node)) {
        seen.insert(t.node);
        add_population(t.node);
        queue.push_back(t.node);
      }
      paths.emplace_back(t.node, std::move(t.path));
    }
  }
  for (size_t i = 0; i < g_.nodes.size(); ++i)
    if (is_neuron(g_.nodes[i].type) && !seen.count(i))
      fail("node '" + g_.nodes[i].name + "' (" + g_.nodes[i].type + ") is not reached from Input '" + in.name + "'");
  build_projections(paths);
  set_silent_thresholds();

  std::sort(readouts.begin(), readouts.end());
  readouts.erase(std::unique(readouts.begin(), readouts.end()), readouts.end());
  if (readouts.size() != 1 || readouts[0] == input)
    fail("the chip reads out exactly one neuron population; " + std::to_string(readouts.size()) +
         " feed an Output node" + (readouts.size() == 1 ? " and it is the Input" : ""));
  net.readout.population = population_of_.at(readouts[0]);
  // A non-spiking readout (LI, Integrator) is read by its membrane unless the file says otherwise.
  const bool silent_readout = is_silent(kinds_[net.readout.population]);
  const std::string readout = meta_text("nmx_readout", silent_readout ? "max_membrane" : "spike_count");
  if (silent_readout && !graph_meta("nmx_readout"))
    result_.notes.push_back("readout '" + net.populations[net.readout.population].name + "' is " +
                            to_string(kinds_[net.readout.population]) + " (no spikes): read by its highest membrane");
  net.readout.kind = readout == "max_membrane"     ? ReadoutKind::MaxMembrane
                     : readout == "final_membrane" ? ReadoutKind::FinalMembrane
                                                   : ReadoutKind::SpikeCount;
  const std::string enc = meta_text("nmx_encoder", "latency");
  net.encoder.kind = enc == "poisson" ? EncoderKind::Poisson : enc == "current" ? EncoderKind::Current : EncoderKind::Latency;
  net.encoder.steps = opt_.steps ? *opt_.steps : static_cast<uint32_t>(meta_number("nmx_steps", net.encoder.steps));
  net.encoder.latency_steps = std::min(net.encoder.steps, static_cast<uint32_t>(meta_number("nmx_latency_steps", net.encoder.latency_steps)));
  net.encoder.max_rate = meta_number("nmx_max_rate", net.encoder.max_rate);
  net.encoder.current_gain = meta_number("nmx_current_gain", net.encoder.current_gain);
  net.encoder.min_intensity = meta_number("nmx_min_intensity", net.encoder.min_intensity);
  net.encoder.seed = static_cast<uint32_t>(meta_number("nmx_seed", net.encoder.seed));

  result_.notes.push_back("dt = " + shortest_text(dt_) + " per step, " + to_string(method_) + " discretisation");
  if (!graph_meta("nmx_encoder"))
    result_.notes.push_back("NIR has no input encoder: " + std::string(to_string(net.encoder.kind)) + " code over " +
                            std::to_string(net.encoder.steps) + " steps (change with --steps, or nmx run --input)");
  validate(net, file_);
  return result_;
}

}  // namespace

Imported import_graph(const Graph& g, const std::string& file, const ImportOptions& opt) {
  return Importer(g, file, opt).run();
}

}  // namespace nmx::nir
