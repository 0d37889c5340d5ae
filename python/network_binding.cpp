// Networks in Python: read (nmx .h5 or NIR), generate, quantise and map, write.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "gen/generate.hpp"
#include "gen/random_chip.hpp"
#include "hw/hw_config.hpp"
#include "net/network_io.hpp"
#include "nir/nir_export.hpp"
#include "nir/nir_import.hpp"
#include "quant/quantize.hpp"

namespace py = pybind11;

namespace nmx::python {
namespace {

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

Network load(const std::string& path, std::optional<double> dt, std::optional<uint32_t> steps) {
  if (!ends_with(path, ".nir")) return read_network(path);
  nir::ImportOptions o;
  o.dt = dt;
  o.steps = steps;
  return nir::import_graph(nir::read_graph(path), path, o).net;
}

void save(const Network& net, const std::string& path, double dt) {
  if (!ends_with(path, ".nir")) return write_network(net, path);
  nir::write_graph(nir::export_graph(net, path, dt, nir::Method::Exact).graph, path);
}

py::list populations(const Network& net) {
  py::list out;
  for (const Population& p : net.populations) {
    py::dict d;
    d["name"] = p.name;
    d["size"] = p.size;
    d["kind"] = p.is_input() ? "input" : "neuron";
    out.append(d);
  }
  return out;
}

// [samples][steps][inputs] of 0/1 from [sample][step] lists of active inputs.
py::array_t<uint8_t> rasters_array(const std::vector<std::vector<std::vector<uint32_t>>>& samples, uint32_t inputs) {
  const size_t steps = samples.empty() ? 0 : samples[0].size();
  py::array_t<uint8_t> a({samples.size(), steps, static_cast<size_t>(inputs)});
  auto w = a.mutable_unchecked<3>();
  for (size_t s = 0; s < samples.size(); ++s)
    for (size_t t = 0; t < steps; ++t) {
      for (size_t i = 0; i < inputs; ++i) w(s, t, i) = 0;
      for (uint32_t i : samples[s][t]) w(s, t, i) = 1;
    }
  return a;
}

}  // namespace

void bind_network(py::module_& m) {
  py::class_<Network>(m, "Network", "a spiking network (float, or quantised and mapped onto a chip)")
      .def_readwrite("name", &Network::name)
      .def_property_readonly("populations", &populations, "[{name, size, kind}] in network order")
      .def_property_readonly("input_size", [](const Network& n) { return n.populations[n.input_population()].size; })
      .def_property(
          "steps", [](const Network& n) { return n.encoder.steps; },
          [](Network& n, uint32_t s) { n.encoder.steps = s; }, "timesteps per sample of the encoder")
      .def_property_readonly("quantised", &Network::quantised)
      .def_property_readonly("synapses", &Network::synapse_count)
      .def("save", &save, py::arg("path"), py::arg("dt") = 1e-3,
           "write as nmx HDF5 (.h5), or as a NIR graph (.nir) with step length dt")
      .def("__repr__", [](const Network& n) {
        std::string s = "<nmx.Network '" + n.name + "'";
        for (const Population& p : n.populations) s += " " + p.name + ":" + std::to_string(p.size);
        return s + (n.quantised() ? " quantised>" : " float>");
      });

  m.def("load", [](const std::string& path, std::optional<double> dt, std::optional<uint32_t> steps) {
    return load(path, dt, steps);
  }, py::arg("path"), py::arg("dt") = py::none(), py::arg("steps") = py::none(),
        "read a network: nmx HDF5 (.h5), or a NIR graph (.nir; dt and steps as `nmx import`)");

  m.def("generate", [](const std::vector<uint32_t>& layers, uint64_t seed, double weight_gain, uint32_t max_delay,
                       uint32_t steps) {
    GenerateOptions g;
    g.layers = layers;
    g.seed = seed;
    g.weight_gain = weight_gain;
    g.max_delay = max_delay;
    g.encoder.steps = steps;
    return generate_network(g);
  }, py::arg("layers"), py::arg("seed") = 1, py::arg("weight_gain") = 1.0, py::arg("max_delay") = 15,
        py::arg("steps") = 10, "a random float network, as `nmx generate` (layers[0] is the input population)");

  m.def("quantize", [](const Network& net, int weight_bits, int theta_bits, int decay_bits, const std::string& hw) {
    QuantizeOptions q;
    q.weight_bits = weight_bits;
    q.theta_bits = theta_bits;
    q.decay_bits = decay_bits;
    return quantize_for_chip(net, q, hw_config_or_default(hw), nullptr);
  }, py::arg("net"), py::arg("weight_bits") = 2, py::arg("theta_bits") = 12, py::arg("decay_bits") = 12,
        py::arg("hw") = "", "quantise for a chip (hw: configuration JSON, '' = built-in) and map onto its cores");

  m.def("random_network", [](uint64_t seed, uint32_t samples) {
    RandomChip rc = random_chip(seed, samples);
    rc.network.hw = rc.hw;
    const uint32_t inputs = rc.network.populations[rc.network.input_population()].size;
    return py::make_tuple(rc.network, rasters_array(rc.samples, inputs));
  }, py::arg("seed"), py::arg("samples") = 1,
        "(network, spikes): a random quantised network within the chip's limits and input rasters, as "
        "`nmx check --random SEED`");
}

}  // namespace nmx::python
