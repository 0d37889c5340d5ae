// NIR import/export (models/chip/nir): the discretisation's numbers, the mapping of the
// fixtures in tests/data/nir (written by make_fixtures.py in nir.write's layout), clear
// errors for bad graphs, and export -> import round trips that keep L0's spikes.
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <random>

#include "core/error.hpp"
#include "gen/generate.hpp"
#include "l0/network_l0.hpp"
#include "net/network_io.hpp"
#include "nir/discretise.hpp"
#include "nir/nir_export.hpp"
#include "nir/nir_graph.hpp"
#include "nir/nir_import.hpp"

namespace fs = std::filesystem;
using Catch::Contains;
using namespace nmx;

namespace {

const std::string kDir = std::string(NMX_TEST_DATA_DIR) + "/nir/";

std::string temp_file(const std::string& name) {
  static std::atomic<int> counter{0};
  return (fs::temp_directory_path() / ("nmx_nir_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + name))
      .string();
}

nir::Imported import_file(const std::string& name, double dt = 1e-3) {
  nir::ImportOptions o;
  o.dt = dt;
  return nir::import_graph(nir::read_graph(kDir + name), kDir + name, o);
}

// Every population's spikes over `samples` random rasters at L0.
std::vector<PopulationSpikes> run_l0(const Network& net, uint32_t samples, uint32_t steps, double rate, uint64_t seed) {
  NetworkL0 l0(net);
  std::mt19937_64 rng(seed);
  std::bernoulli_distribution on(rate);
  const uint32_t n_in = net.populations[net.input_population()].size;
  std::vector<PopulationSpikes> out;
  for (uint32_t s = 0; s < samples; ++s) {
    l0.reset();
    for (uint32_t t = 0; t < steps; ++t) {
      std::vector<uint32_t> in;
      for (uint32_t i = 0; i < n_in; ++i)
        if (on(rng)) in.push_back(i);
      PopulationSpikes spikes;
      l0.step_populations(in, {}, spikes);
      out.push_back(spikes);
    }
  }
  return out;
}

size_t count_spikes(const std::vector<PopulationSpikes>& run) {
  size_t n = 0;
  for (const auto& step : run)
    for (size_t p = 1; p < step.size(); ++p) n += step[p].size();
  return n;
}

Network round_trip(const Network& net, double dt) {
  const std::string path = temp_file(".nir");
  const nir::Exported e = nir::export_graph(net, "net.h5", dt, nir::Method::Exact);
  nir::write_graph(e.graph, path);
  nir::ImportOptions o;  // dt and the method come from the file's metadata
  Network back = nir::import_graph(nir::read_graph(path), path, o).net;
  fs::remove(path);
  return back;
}

void require_same_network(const Network& a, const Network& b) {
  REQUIRE(b.populations.size() == a.populations.size());
  for (size_t p = 0; p < a.populations.size(); ++p) {
    const Population &x = a.populations[p], &y = b.populations[p];
    REQUIRE(y.name == x.name);
    REQUIRE(y.size == x.size);
    REQUIRE(y.refrac == x.refrac);
    REQUIRE(y.reset == x.reset);
    for (uint32_t n = 0; n < x.real.du.size(); ++n) {
      REQUIRE(y.real.du[n] == Approx(x.real.du[n]).epsilon(1e-12));
      REQUIRE(y.real.dv[n] == Approx(x.real.dv[n]).epsilon(1e-12));
      REQUIRE(y.real.theta[n] == x.real.theta[n]);
      REQUIRE(y.real.bias[n] == Approx(x.real.bias[n]).epsilon(1e-12).margin(1e-15));
    }
  }
  REQUIRE(b.readout.population == a.readout.population);
  REQUIRE(b.encoder.steps == a.encoder.steps);
  REQUIRE(b.encoder.kind == a.encoder.kind);
}

}  // namespace

TEST_CASE("nir discretise: exact decays, gains and biases of CubaLIF, LIF and IF", "[nir]") {
  nir::Continuous c;
  c.kind = nir::NeuronKind::CubaLIF;
  c.tau_syn = 5e-3, c.tau_mem = 10e-3, c.r = 100, c.w_in = 0.5, c.v_leak = 0.2;
  nir::Discrete d;
  REQUIRE(nir::discretise(c, 1e-3, nir::Method::Exact, d).empty());
  REQUIRE(d.du == Approx(0.18126924692201818).epsilon(1e-14));  // 1 - e^-0.2
  REQUIRE(d.dv == Approx(0.09516258196404048).epsilon(1e-14));  // 1 - e^-0.1
  REQUIRE(d.gain == Approx(0.18126924692201818 * 0.09516258196404048 * 50).epsilon(1e-14));
  REQUIRE(d.bias == Approx(0.09516258196404048 * 0.2).epsilon(1e-14));
  // Forward Euler: dt/tau, 10% and 5% above the exact decays at dt/tau = 0.2 and 0.1.
  REQUIRE(nir::discretise(c, 1e-3, nir::Method::Euler, d).empty());
  REQUIRE(d.du == Approx(0.2));
  REQUIRE(d.dv == Approx(0.1));
  REQUIRE(d.gain == Approx(1.0));
  REQUIRE(d.bias == Approx(0.02));

  c.kind = nir::NeuronKind::LIF;
  c.tau_mem = 20e-3, c.r = 10, c.v_leak = 0.1;
  REQUIRE(nir::discretise(c, 1e-3, nir::Method::Exact, d).empty());
  REQUIRE(d.du == 1.0);
  REQUIRE(d.dv == Approx(0.04877057549928599).epsilon(1e-14));  // 1 - e^-0.05
  REQUIRE(d.gain == Approx(0.4877057549928599).epsilon(1e-14));
  REQUIRE(d.bias == Approx(0.004877057549928599).epsilon(1e-14));

  c.kind = nir::NeuronKind::IF;
  c.r = 500;
  REQUIRE(nir::discretise(c, 1e-3, nir::Method::Exact, d).empty());
  REQUIRE(d.du == 1.0);
  REQUIRE(d.dv == 0.0);
  REQUIRE(d.gain == Approx(0.5));
  REQUIRE(d.bias == 0.0);
}

TEST_CASE("nir discretise: Euler refuses tau below dt, and bad time constants are named", "[nir]") {
  nir::Continuous c;
  c.kind = nir::NeuronKind::CubaLIF;
  c.tau_syn = 0.5e-3, c.tau_mem = 10e-3;
  nir::Discrete d;
  REQUIRE_THAT(nir::discretise(c, 1e-3, nir::Method::Euler, d), Contains("tau_syn = 5e-04 is below dt = 0.001"));
  REQUIRE(nir::discretise(c, 1e-3, nir::Method::Exact, d).empty());
  REQUIRE(d.du == Approx(0.8646647167633873).epsilon(1e-14));  // 1 - e^-2: still stable
  c.tau_mem = -1;
  REQUIRE_THAT(nir::discretise(c, 1e-3, nir::Method::Exact, d), Contains("tau_mem = -1 must be > 0"));
}

TEST_CASE("nir continuous: the inverse gives back du, dv, bias and gain 1", "[nir]") {
  for (const nir::Method m : {nir::Method::Exact, nir::Method::Euler})
    for (const auto& [du, dv, bias] : std::vector<std::array<double, 3>>{{0.25, 0.1, 0.03}, {1.0, 0.3, -0.2}, {1.0, 0.0, 0.5}}) {
      nir::Continuous c;
      double input_bias = 0;
      REQUIRE(nir::continuous(du, dv, bias, 1e-3, m, c, input_bias).empty());
      REQUIRE(c.kind == (du < 1 ? nir::NeuronKind::CubaLIF : dv > 0 ? nir::NeuronKind::LIF : nir::NeuronKind::IF));
      nir::Discrete d;
      REQUIRE(nir::discretise(c, 1e-3, m, d).empty());
      REQUIRE(d.du == Approx(du).epsilon(1e-13));
      REQUIRE(d.dv == Approx(dv).epsilon(1e-13));
      REQUIRE(d.gain == Approx(1.0).epsilon(1e-13));
      REQUIRE(d.bias + d.gain * input_bias == Approx(bias).epsilon(1e-13));
    }
  nir::Continuous c;
  double b = 0;
  REQUIRE_THAT(nir::continuous(0.5, 0.0, 0, 1e-3, nir::Method::Exact, c, b), Contains("no current-based IF"));
  REQUIRE_THAT(nir::continuous(0.0, 0.5, 0, 1e-3, nir::Method::Exact, c, b), Contains("du = 0"));
}

TEST_CASE("nir import: the chain fixture maps to populations, weights, delays and a readout", "[nir]") {
  const nir::Imported r = import_file("chain.nir");
  const Network& net = r.net;
  REQUIRE(net.populations.size() == 3);
  REQUIRE(net.populations[0].name == "input");
  REQUIRE(net.populations[0].is_input());
  REQUIRE(net.populations[0].size == 4);
  const Population& lif = net.populations[1];
  REQUIRE(lif.name == "lif1");
  REQUIRE(lif.real.du == std::vector<double>{1, 1, 1});
  const double dv0 = -std::expm1(-0.1), dv1 = -std::expm1(-0.05), dv2 = -std::expm1(-0.2);  // tau 10, 20, 5 ms
  REQUIRE(lif.real.dv[0] == Approx(dv0).epsilon(1e-6));  // the file's tau are float32
  REQUIRE(lif.real.dv[1] == Approx(dv1).epsilon(1e-6));
  REQUIRE(lif.real.dv[2] == Approx(dv2).epsilon(1e-6));
  REQUIRE(lif.real.theta == std::vector<double>{1.0, 1.0, 0.5});
  REQUIRE(lif.real.bias[1] == Approx(dv1 * 0.1).epsilon(1e-6));
  const Population& cuba = net.populations[2];
  REQUIRE(cuba.name == "cuba");
  REQUIRE(cuba.real.du[0] == Approx(-std::expm1(-0.2)).epsilon(1e-6));
  REQUIRE(cuba.real.dv[1] == Approx(-std::expm1(-0.05)).epsilon(1e-6));
  REQUIRE(net.readout.population == 2);

  REQUIRE(net.projections.size() == 3);
  const Projection& fc1 = net.projections[0];
  REQUIRE(fc1.name == "fc1");
  REQUIRE(fc1.pre == 0);
  REQUIRE(fc1.post == 1);
  // Dense order is pre-major: synapse (pre 1, post 0) is 1 * 3 + 0; W1[0][1] = 0.5, gain dv0 * r = 10 dv0.
  REQUIRE(fc1.weight[1 * 3 + 0] == Approx(0.5 * 10 * dv0).epsilon(1e-6));
  REQUIRE(fc1.weight[3 * 3 + 0] == Approx(-0.5 * 10 * dv0).epsilon(1e-6));
  REQUIRE(fc1.weight[2 * 3 + 0] == 0.0);
  REQUIRE(fc1.delay == std::vector<uint8_t>(12, 0));
  const Projection& fc2 = net.projections[1];
  REQUIRE(fc2.name == "fc2");
  // The 2 ms Delay is 2 steps of 1 ms on every synapse with a weight.
  REQUIRE(fc2.delay[0 * 2 + 0] == 2);
  REQUIRE(fc2.delay[2 * 2 + 1] == 2);
  const double gain0 = -std::expm1(-0.2) * -std::expm1(-0.1) * 100 * 1.0;
  REQUIRE(fc2.weight[0 * 2 + 0] == Approx(1.0 * gain0).epsilon(1e-6));
  const Projection& rec = net.projections[2];
  REQUIRE(rec.pre == 2);
  REQUIRE(rec.post == 2);
  REQUIRE(rec.delay == std::vector<uint8_t>(4, 0));

  // At a 0.5 ms step the same delay is 4 steps and the decays are smaller.
  const Network half = import_file("chain.nir", 0.5e-3).net;
  REQUIRE(half.projections[1].delay[0] == 4);
  REQUIRE(half.populations[1].real.dv[0] == Approx(-std::expm1(-0.05)).epsilon(1e-6));
}

TEST_CASE("nir import: IF with an Affine bias behind a Flatten", "[nir]") {
  const Network net = import_file("if_affine.nir").net;
  REQUIRE(net.populations[0].size == 2);  // Input shape [1, 2]
  const Population& p = net.populations[1];
  REQUIRE(p.real.du == std::vector<double>{1, 1});
  REQUIRE(p.real.dv == std::vector<double>{0, 0});
  // gain = dt r = 0.5 and 1; bias = gain * Affine bias.
  REQUIRE(p.real.bias[0] == Approx(0.05).epsilon(1e-6));
  REQUIRE(p.real.bias[1] == Approx(-0.2).epsilon(1e-6));
  REQUIRE(net.projections[0].weight[0 * 2 + 0] == Approx(0.5));
  REQUIRE(net.projections[0].weight[1 * 2 + 1] == Approx(0.5));
}

TEST_CASE("nir import: bad graphs name the file, the node and the field", "[nir]") {
  const auto fails = [](const std::string& file, const std::string& what) {
    REQUIRE_THROWS_WITH(import_file(file), Contains(kDir + file) && Contains(what));
  };
  fails("bad_missing_tau.nir", "node 'lif1' (LIF): tau: missing (/node/nodes/lif1/tau)");
  fails("bad_unknown_node.nir", "node 'conv' has type 'Conv2d', which the chip cannot run (supported: Input");
  fails("bad_shape.nir", "node 'fc1' (Linear): weight: has 4 columns but its input has 5 values");
  fails("bad_branch.nir", "node 'fc2' (Linear) has 2 inputs");
  fails("bad_delay.nir", "the Delay on the path lif1 ... delay2 is 0.00249999");
  fails("bad_delay.nir", "steps of dt = 0.001 (allowed: whole steps");
  fails("bad_no_type.nir", "/node/nodes/input/type: missing");
  REQUIRE_THROWS_WITH(nir::read_graph(kDir + "nope.nir"), Contains(kDir + "nope.nir: cannot open"));

  nir::Graph g = nir::read_graph(kDir + "chain.nir");
  nir::ImportOptions none;
  REQUIRE_THROWS_WITH(nir::import_graph(g, "x.nir", none), Contains("x.nir: no step length: give --dt"));
  for (nir::Node& n : g.nodes)
    if (n.name == "lif1") n.group.children["v_reset"] = h5::numbers({0, 0.25, 0}, {3});
  nir::ImportOptions o;
  o.dt = 1e-3;
  REQUIRE_THROWS_WITH(nir::import_graph(g, "x.nir", o),
                      Contains("x.nir: node 'lif1' (LIF): v_reset: [1] = 0.25 (allowed: 0; the chip resets the membrane to 0)"));
}

TEST_CASE("nir export refuses what NIR cannot say", "[nir]") {
  GenerateOptions go;
  go.layers = {6, 4, 3};
  go.stochastic_fraction = 1.0;
  Network net = generate_network(go);
  REQUIRE_THROWS_WITH(nir::export_graph(net, "net.h5", 1e-3, nir::Method::Exact),
                      Contains("net.h5: populations[1] 'hidden1'") && Contains(".spike = stochastic has no NIR form"));
  go.stochastic_fraction = 0;
  net = generate_network(go);
  net.populations[1].real.du[2] = 0.5;
  net.populations[1].real.dv[2] = 0.0;
  REQUIRE_THROWS_WITH(nir::export_graph(net, "net.h5", 1e-3, nir::Method::Exact),
                      Contains("neuron 2: dv = 0 (no membrane leak) with du = 0.5 < 1"));
}

TEST_CASE("nir round trip: a generated network keeps its parameters and its L0 spikes", "[nir]") {
  GenerateOptions go;
  go.layers = {24, 16, 5};
  go.max_delay = 6;
  go.weight_gain = 2.0;
  go.seed = 7;
  const Network net = generate_network(go);  // subtractive reset, refractory 1, heterogeneous decays
  const Network back = round_trip(net, 1e-3);
  require_same_network(net, back);
  REQUIRE(back.projections.size() == net.projections.size());
  for (size_t j = 0; j < net.projections.size(); ++j)
    for (size_t s = 0; s < net.projections[j].weight.size(); ++s) {
      if (net.projections[j].weight[s] == 0) continue;
      REQUIRE(back.projections[j].weight[s] == Approx(net.projections[j].weight[s]).epsilon(1e-12));
      REQUIRE(back.projections[j].delay[s] == net.projections[j].delay[s]);
    }
  const auto a = run_l0(net, 4, 30, 0.3, 1), b = run_l0(back, 4, 30, 0.3, 1);
  REQUIRE(count_spikes(a) > 20);  // the comparison is not of silent networks
  REQUIRE(a == b);
}

TEST_CASE("nir round trip: the bundled trained network keeps its L0 spikes", "[nir]") {
  const std::string path = std::string(NMX_SOURCE_DIR) + "/examples/fmnist-delay-ternary.h5";
  const Network net = read_network(path);
  const Network back = round_trip(net, 1e-3);
  require_same_network(net, back);
  const auto a = run_l0(net, 3, net.encoder.steps, 0.05, 3), b = run_l0(back, 3, net.encoder.steps, 0.05, 3);
  REQUIRE(count_spikes(a) > 100);
  REQUIRE(a == b);
}

TEST_CASE("nir import: Threshold is v = x with theta = threshold, LI a LIF out of reach of its threshold", "[nir]") {
  const nir::Imported r = import_file("li_threshold.nir");
  const Network& net = r.net;
  REQUIRE(net.populations.size() == 3);
  const Population &thr = net.populations[1], &li = net.populations[2];
  REQUIRE(thr.real.du == std::vector<double>{1, 1, 1});
  REQUIRE(thr.real.dv == std::vector<double>{1, 1, 1});  // nothing carries over a step
  REQUIRE(thr.real.theta == std::vector<double>{0.5, 1.5, 1.0});
  REQUIRE(thr.real.bias == std::vector<double>{0, 0, 0});
  // Gain 1: the weights are the file's (pre-major: synapse (pre 1, post 0) is 1 * 3 + 0).
  REQUIRE(net.projections[0].weight[1 * 3 + 0] == 0.5);
  REQUIRE(net.projections[0].weight[2 * 3 + 1] == 1.0);
  const double dv0 = -std::expm1(-0.1), dv1 = -std::expm1(-0.05);  // tau 10, 20 ms at dt 1 ms
  REQUIRE(li.real.du == std::vector<double>{1, 1});
  REQUIRE(li.real.dv[0] == Approx(dv0).epsilon(1e-6));
  REQUIRE(li.real.dv[1] == Approx(dv1).epsilon(1e-6));
  REQUIRE(li.real.bias[1] == Approx(dv1 * 0.1).epsilon(1e-6));
  // WL[1] = {0, 2, 1} with gain dv r = 2 dv1; theta = 2 (|bias| + sum |w|) (1 - (1 - dv)^10) / dv.
  const Projection& fc2 = net.projections[1];
  REQUIRE(fc2.weight[1 * 2 + 1] == Approx(2.0 * 2 * dv1).epsilon(1e-6));
  const double sum1 = (1 - std::pow(1 - dv1, 10)) / dv1;
  REQUIRE(li.real.theta[1] == Approx(2 * (dv1 * 0.1 + 3.0 * 2 * dv1) * sum1).epsilon(1e-6));
  REQUIRE(net.readout.population == 2);
  REQUIRE(net.readout.kind == ReadoutKind::MaxMembrane);  // no spikes to count

  // At L0: Threshold fires exactly when its input reaches the threshold; LI never fires.
  NetworkL0 l0(net);
  l0.reset();
  const std::vector<std::vector<uint32_t>> raster{{0}, {0, 1}, {1, 2}, {0, 1, 2}, {}, {2}, {0, 2}, {1}, {0, 1, 2}, {}};
  const double wt[3][3] = {{1.0, 0.5, 0.0}, {0.0, 1.0, 1.0}, {0.5, 0.5, 0.5}};
  size_t fired = 0;
  for (const auto& in : raster) {
    PopulationSpikes s;
    l0.step_populations(in, {}, s);
    std::vector<uint32_t> want;
    for (uint32_t i = 0; i < 3; ++i) {
      double x = 0;
      for (uint32_t j : in) x += wt[i][j];
      if (x >= thr.real.theta[i]) want.push_back(i);
    }
    REQUIRE(s[1] == want);
    REQUIRE(s[2].empty());
    fired += want.size();
  }
  REQUIRE(fired > 5);
}

TEST_CASE("nir import: Integrator is IF with its threshold out of reach over the sample", "[nir]") {
  const Network net = import_file("integrator.nir").net;
  const Population& p = net.populations[1];
  REQUIRE(p.real.du == std::vector<double>{1, 1});
  REQUIRE(p.real.dv == std::vector<double>{0, 0});
  REQUIRE(p.real.bias[0] == Approx(0.05).epsilon(1e-6));  // gain dt r = 0.5 times the Affine bias 0.1
  // theta = 2 (|bias| + sum |w|) * steps: neuron 0: 2 (0.05 + 0.5 + 0.5) 10, neuron 1: 2 (0.5) 10.
  REQUIRE(p.real.theta[0] == Approx(21.0).epsilon(1e-6));
  REQUIRE(p.real.theta[1] == Approx(10.0).epsilon(1e-6));
  nir::ImportOptions o;
  o.dt = 1e-3;
  o.steps = 40;
  REQUIRE(nir::import_graph(nir::read_graph(kDir + "integrator.nir"), "x.nir", o).net.populations[1].real.theta[1] ==
          Approx(40.0).epsilon(1e-6));
}

TEST_CASE("nir import: a Threshold at 0 and an LI without a valid tau are named", "[nir]") {
  REQUIRE_THROWS_WITH(import_file("bad_threshold.nir"),
                      Contains("bad_threshold.nir: node 'thr' (Threshold): threshold: [1] = 0 (allowed: > 0") &&
                          Contains("cannot fire without input"));
  REQUIRE_THROWS_WITH(import_file("bad_li_tau.nir"), Contains("node 'li' (LI): neuron 1: tau = -0.0199999") &&
                                                         Contains("must be > 0 and finite"));
  nir::Continuous c;
  double b = 0;
  REQUIRE(nir::continuous(1.0, 1.0, 0.25, 1e-3, nir::Method::Exact, c, b).empty());
  REQUIRE(c.kind == nir::NeuronKind::Threshold);
  REQUIRE(b == 0.25);  // carried by an Affine bias
  REQUIRE_THAT(nir::continuous(0.5, 1.0, 0, 1e-3, nir::Method::Exact, c, b), Contains("dv = 1 with du < 1"));
  // An exported LI keeps its threshold in metadata; one within reach of its input is refused.
  nir::Graph g = nir::export_graph(import_file("li_threshold.nir").net, "x.h5", 1e-3, nir::Method::Exact).graph;
  for (nir::Node& n : g.nodes)
    if (n.name == "li") n.group.children["metadata"].children["nmx_theta"] = h5::numbers({0.5, 100.0}, {2});
  REQUIRE_THROWS_WITH(nir::import_graph(g, "x.nir", nir::ImportOptions{}),
                      Contains("x.nir: node 'li' (LI): metadata/nmx_theta: [0] = 0.5 is within reach of its input (allowed: > "));
}

TEST_CASE("nir round trip: Threshold, LI and Integrator come back as themselves", "[nir]") {
  for (const std::string file : {"li_threshold.nir", "integrator.nir"}) {
    const Network net = import_file(file).net;
    const nir::Exported e = nir::export_graph(net, file, 1e-3, nir::Method::Exact);
    std::vector<std::string> types;
    for (const nir::Node& n : e.graph.nodes) types.push_back(n.type);
    if (file == "li_threshold.nir") REQUIRE(types == std::vector<std::string>{"Input", "Threshold", "LI", "Linear", "Linear", "Output"});
    else REQUIRE(types == std::vector<std::string>{"Input", "Integrator", "Affine", "Output"});
    const Network back = round_trip(net, 1e-3);
    REQUIRE(back.populations.size() == net.populations.size());
    for (size_t p = 1; p < net.populations.size(); ++p)
      for (uint32_t k = 0; k < net.populations[p].size; ++k) {
        REQUIRE(back.populations[p].real.du[k] == Approx(net.populations[p].real.du[k]).epsilon(1e-12));
        REQUIRE(back.populations[p].real.dv[k] == Approx(net.populations[p].real.dv[k]).epsilon(1e-12));
        REQUIRE(back.populations[p].real.theta[k] == Approx(net.populations[p].real.theta[k]).epsilon(1e-12));
        REQUIRE(back.populations[p].real.bias[k] == Approx(net.populations[p].real.bias[k]).epsilon(1e-12).margin(1e-15));
      }
    REQUIRE(back.readout.kind == net.readout.kind);
    const auto a = run_l0(net, 3, 10, 0.5, 4), b = run_l0(back, 3, 10, 0.5, 4);
    REQUIRE(a == b);
  }
}
