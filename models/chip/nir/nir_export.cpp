#include "nir/nir_export.hpp"

#include <cmath>
#include <map>
#include <set>

#include "core/error.hpp"

namespace nmx::nir {
namespace {

h5::Item vec(const std::vector<double>& v) { return h5::numbers(v, {v.size()}); }

std::string unique_name(const std::string& want, std::set<std::string>& taken) {
  std::string name = want.empty() ? "node" : want;
  for (int k = 2; taken.count(name); ++k) name = want + "_" + std::to_string(k);
  taken.insert(name);
  return name;
}

}  // namespace

Exported export_graph(const Network& net, const std::string& source, double dt, Method method) {
  if (!(dt > 0)) throw InputError("--dt " + shortest_text(dt) + ": the step length must be > 0");
  if (!net.mode_projections.empty())
    throw InputError(source + ": mode_projections[0] '" + net.mode_projections[0].name +
                     "': a low-rank mode projection has no NIR form");
  Exported out;
  Graph& g = out.graph;
  g.version = kNirVersion;
  std::set<std::string> taken;
  std::vector<std::string> node_of(net.populations.size());
  std::vector<bool> needs_affine(net.populations.size(), false);
  std::vector<std::vector<double>> input_bias(net.populations.size());
  // The sum of |w| onto each neuron: a LIF or IF population whose thresholds are out of its
  // reach (silent_bound) never spikes, and is NIR's LI or Integrator.
  std::vector<std::vector<double>> drive(net.populations.size());
  for (size_t p = 0; p < net.populations.size(); ++p) drive[p].assign(net.populations[p].size, 0.0);
  for (const Projection& pr : net.projections) {
    const uint32_t post = net.populations[pr.post].size;
    for (size_t s = 0; s < pr.weight.size(); ++s)
      drive[pr.post][pr.layout == Layout::Dense ? s % post : pr.post_index[s]] += std::fabs(pr.weight[s]);
  }

  for (size_t p = 0; p < net.populations.size(); ++p) {
    const Population& pop = net.populations[p];
    const std::string where = source + ": populations[" + std::to_string(p) + "] '" + pop.name + "'";
    if (!taken.insert(pop.name).second) throw InputError(where + ": name used twice (NIR node names are unique)");
    node_of[p] = pop.name;
    Node n;
    n.name = pop.name;
    n.group = h5::group();
    if (pop.is_input()) {
      n.type = "Input";
      n.group.children["shape"] = h5::numbers({double(pop.size)}, {1}, h5::Type::I64);
      g.nodes.push_back(std::move(n));
      continue;
    }
    if (pop.model != NeuronModel::Datapath)
      throw InputError(where + ": model " + std::string(to_string(pop.model)) +
                       " has no NIR form (nmx quantize maps it onto the datapath first)");
    std::vector<double> tau_syn, tau_mem, r, v_leak, w_in, reset, refrac;
    bool any_subtract = false, any_refrac = false;
    NeuronKind kind = NeuronKind::IF;
    input_bias[p].assign(pop.size, 0.0);
    for (uint32_t k = 0; k < pop.size; ++k) {
      const std::string at = where + " neuron " + std::to_string(k);
      if (pop.spike[k] == SpikeMode::Stochastic)
        throw InputError(at + ": .spike = stochastic has no NIR form (NIR neurons are deterministic)");
      Continuous c;
      const std::string why = continuous(pop.real.du[k], pop.real.dv[k], pop.real.bias[k], dt, method, c, input_bias[p][k]);
      if (!why.empty()) throw InputError(at + ": " + why);
      if (k == 0) kind = c.kind;
      else if (c.kind != kind)
        throw InputError(at + ": is a " + std::string(to_string(c.kind)) + " neuron (du = " + shortest_text(pop.real.du[k]) +
                         ", dv = " + shortest_text(pop.real.dv[k]) + ") but neuron 0 is a " + to_string(kind) +
                         " (one NIR node holds one neuron type)");
      if (input_bias[p][k] != 0) needs_affine[p] = true;
      tau_syn.push_back(c.tau_syn), tau_mem.push_back(c.tau_mem), r.push_back(c.r), v_leak.push_back(c.v_leak);
      w_in.push_back(c.w_in);
      reset.push_back(pop.reset[k] == ResetMode::Subtract ? 1 : 0);
      refrac.push_back(pop.refrac[k]);
      any_subtract |= pop.reset[k] == ResetMode::Subtract;
      any_refrac |= pop.refrac[k] != 0;
    }
    if (kind == NeuronKind::LIF || kind == NeuronKind::IF) {
      bool silent = true;
      for (uint32_t k = 0; k < pop.size && silent; ++k)
        silent = pop.real.theta[k] > silent_bound(pop.real.dv[k], pop.real.bias[k], drive[p][k], net.encoder.steps);
      if (silent) kind = kind == NeuronKind::LIF ? NeuronKind::LI : NeuronKind::Integrator;
    }
    n.type = to_string(kind);
    auto& f = n.group.children;
    const bool spiking = kind == NeuronKind::IF || kind == NeuronKind::LIF || kind == NeuronKind::CubaLIF;
    if (kind != NeuronKind::Threshold) f["r"] = vec(r);
    if (spiking) {
      f["v_threshold"] = vec(pop.real.theta);
      f["v_reset"] = vec(std::vector<double>(pop.size, 0.0));
    }
    if (kind == NeuronKind::Threshold) f["threshold"] = vec(pop.real.theta);
    if (kind == NeuronKind::LIF || kind == NeuronKind::LI) f["tau"] = vec(tau_mem);
    if (kind == NeuronKind::LIF || kind == NeuronKind::LI || kind == NeuronKind::CubaLIF) f["v_leak"] = vec(v_leak);
    if (kind == NeuronKind::CubaLIF) {
      f["tau_syn"] = vec(tau_syn);
      f["tau_mem"] = vec(tau_mem);
      f["w_in"] = vec(w_in);
    }
    h5::Item meta = h5::group();
    if (any_subtract) meta.children["nmx_reset"] = h5::numbers(reset, {pop.size}, h5::Type::U8);
    if (any_refrac) meta.children["nmx_refrac"] = h5::numbers(refrac, {pop.size}, h5::Type::U8);
    if (kind == NeuronKind::LI || kind == NeuronKind::Integrator) meta.children["nmx_theta"] = vec(pop.real.theta);
    if (!meta.children.empty()) {
      f["metadata"] = meta;
      std::string kept;
      if (any_subtract) kept = "its subtractive reset (nmx_reset)";
      if (any_refrac) kept += std::string(kept.empty() ? "its" : " and") + " refractory periods (nmx_refrac)";
      if (meta.children.count("nmx_theta")) kept += std::string(kept.empty() ? "its" : " and") + " thresholds (nmx_theta)";
      out.notes.push_back("population '" + pop.name + "': metadata keeps " + kept +
                          (any_subtract || any_refrac ? "; other NIR tools reset to v_reset without a refractory period"
                                                      : "; for other NIR tools an " + std::string(to_string(kind)) +
                                                            " has no threshold"));
    }
    g.nodes.push_back(std::move(n));
  }

  std::vector<bool> bias_written(net.populations.size(), false);
  for (size_t j = 0; j < net.projections.size(); ++j) {
    const Projection& pr = net.projections[j];
    const std::string where = source + ": projections[" + std::to_string(j) + "] '" + pr.name + "'";
    if (pr.plasticity) throw InputError(where + ": a plastic projection (" + pr.plasticity->rule + ") has no NIR form");
    const uint32_t pre = net.populations[pr.pre].size, post = net.populations[pr.post].size;
    // Dense post x pre matrices, one per delay.
    std::map<uint8_t, std::vector<double>> by_delay;
    for (uint32_t i = 0; i < pre; ++i) {
      const size_t lo = pr.layout == Layout::Dense ? size_t{i} * post : pr.row_ptr[i];
      const size_t hi = pr.layout == Layout::Dense ? lo + post : pr.row_ptr[i + 1];
      for (size_t s = lo; s < hi; ++s) {
        const uint32_t o = pr.layout == Layout::Dense ? static_cast<uint32_t>(s - lo) : pr.post_index[s];
        if (pr.weight[s] == 0) continue;
        auto& m = by_delay[pr.delay[s]];
        if (m.empty()) m.assign(size_t{post} * pre, 0.0);
        if (m[size_t{o} * pre + i] != 0)
          throw InputError(where + ": two synapses from neuron " + std::to_string(i) + " to " + std::to_string(o) +
                           " with one delay (a NIR weight matrix has one entry per pair)");
        m[size_t{o} * pre + i] = pr.weight[s];
      }
    }
    if (by_delay.empty()) by_delay[0].assign(size_t{post} * pre, 0.0);
    for (auto& [d, m] : by_delay) {
      Node lin;
      lin.name = unique_name(by_delay.size() == 1 ? pr.name : pr.name + ".d" + std::to_string(d), taken);
      lin.group = h5::group();
      lin.group.children["weight"] = h5::numbers(m, {post, pre});
      const bool affine = needs_affine[pr.post] && !bias_written[pr.post];
      lin.type = affine ? "Affine" : "Linear";
      if (affine) {
        lin.group.children["bias"] = vec(input_bias[pr.post]);
        bias_written[pr.post] = true;
      }
      h5::Item meta = h5::group();
      meta.children["nmx_projection"] = h5::text(pr.name);
      lin.group.children["metadata"] = meta;
      g.edges.emplace_back(node_of[pr.pre], lin.name);
      std::string last = lin.name;
      g.nodes.push_back(std::move(lin));
      if (d != 0) {
        Node del;
        del.name = unique_name(pr.name + ".d" + std::to_string(d) + ".delay", taken);
        del.type = "Delay";
        del.group = h5::group();
        del.group.children["delay"] = vec(std::vector<double>(post, d * dt));
        g.edges.emplace_back(last, del.name);
        last = del.name;
        g.nodes.push_back(std::move(del));
      }
      g.edges.emplace_back(last, node_of[pr.post]);
    }
  }
  for (size_t p = 0; p < net.populations.size(); ++p)
    if (needs_affine[p] && !bias_written[p])
      throw InputError(source + ": populations[" + std::to_string(p) + "] '" + net.populations[p].name +
                       "': an IF, Integrator or Threshold population with a bias needs an incoming projection to carry it "
                       "(NIR's Affine bias)");

  const Population& ro = net.populations[net.readout.population];
  Node output;
  output.name = unique_name("output", taken);
  output.type = "Output";
  output.group = h5::group();
  output.group.children["shape"] = h5::numbers({double(ro.size)}, {1}, h5::Type::I64);
  g.edges.emplace_back(node_of[net.readout.population], output.name);
  g.nodes.push_back(std::move(output));

  auto& meta = g.metadata.children;
  meta["nmx_dt"] = h5::scalar(dt);
  meta["nmx_discretisation"] = h5::text(to_string(method));
  meta["nmx_name"] = h5::text(net.name);
  meta["nmx_description"] = h5::text(net.description);
  meta["nmx_steps"] = h5::scalar(net.encoder.steps, h5::Type::U32);
  meta["nmx_encoder"] = h5::text(to_string(net.encoder.kind));
  meta["nmx_latency_steps"] = h5::scalar(net.encoder.latency_steps, h5::Type::U32);
  meta["nmx_max_rate"] = h5::scalar(net.encoder.max_rate);
  meta["nmx_current_gain"] = h5::scalar(net.encoder.current_gain);
  meta["nmx_min_intensity"] = h5::scalar(net.encoder.min_intensity);
  meta["nmx_seed"] = h5::scalar(net.encoder.seed, h5::Type::U32);
  meta["nmx_readout"] = h5::text(to_string(net.readout.kind));
  out.notes.push_back("dt = " + shortest_text(dt) + " per step, " + to_string(method) +
                      " discretisation (graph metadata nmx_dt, nmx_discretisation)");
  if (net.quantised()) out.notes.push_back("the fixed-point twin is not exported: NIR carries the real parameters");
  return out;
}

}  // namespace nmx::nir
