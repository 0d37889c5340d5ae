// Network IR validation and the HDF5 network file: round trips and bad input.
#include <H5Cpp.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/error.hpp"
#include "net/network.hpp"
#include "net/network_io.hpp"
#include "net/plasticity_edit.hpp"
#include "plastic/presets.hpp"
#include "plastic/rule_compile.hpp"

namespace fs = std::filesystem;
using Catch::Contains;
using nmx::InputError;
using nmx::Network;

namespace {

// A fresh directory per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("nmx_netio_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::vector<std::string> entries() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(path_)) out.push_back(e.path().filename().string());
    return out;
  }

 private:
  fs::path path_;
};

std::vector<uint16_t> sigmoid_lut() {
  std::vector<uint16_t> lut(nmx::fx::kSigmoidLutSize);
  for (int i = 0; i < nmx::fx::kSigmoidLutSize; ++i)
    lut[i] = static_cast<uint16_t>(std::lround(65535.0 / (1.0 + std::exp(-(i - 128) / 16.0))));
  return lut;
}

nmx::Population input_population() {
  nmx::Population p;
  p.name = "pixels";
  p.kind = nmx::PopulationKind::Input;
  p.size = 6;
  return p;
}

// Five neurons, every parameter different, neurons 1 and 3 stochastic; float and fixed.
nmx::Population hidden_population() {
  using nmx::ResetMode;
  using nmx::SpikeMode;
  nmx::Population p;
  p.name = "hidden";
  p.size = 5;
  p.refrac = {0, 1, 2, 15, 7};
  p.reset = {ResetMode::Zero, ResetMode::Subtract, ResetMode::Zero, ResetMode::Subtract, ResetMode::Subtract};
  p.spike = {SpikeMode::Deterministic, SpikeMode::Stochastic, SpikeMode::Deterministic, SpikeMode::Stochastic,
             SpikeMode::Deterministic};
  p.lfsr_seed = {1, 0xACE1, 0xFFFF, 42, 7};
  p.real.du = {0.0, 0.125, 0.5, 0.999, 1.0};
  p.real.dv = {0.05, 0.1, 0.2, 0.3, 0.0};
  p.real.theta = {1.0, 0.5, 2.25, 1e-3, 100.0};
  p.real.bias = {0.0, -0.25, 0.1, 3.5, -7.0};
  p.lsb = 1.0 / 1024;
  p.fixed.du = {0, 512, 2048, 4092, 4096};
  p.fixed.dv = {205, 410, 819, 1229, 0};
  p.fixed.theta = {1024, 512, 2304, 1, nmx::fx::kStateMax};
  p.fixed.bias = {0, -256, 102, 3584, nmx::fx::kStateMin};
  p.sigmoid_shift = 6;
  p.sigmoid_lut = sigmoid_lut();
  return p;
}

// pixels -> hidden dense with 4-bit codes; hidden -> hidden sparse, float only.
Network make_network() {
  Network net;
  net.name = "tiny";
  net.description = "unit-test network: 6 inputs, 5 heterogeneous neurons";
  net.populations = {input_population(), hidden_population()};

  nmx::Projection dense;
  dense.name = "pix_hid";
  dense.pre = 0;
  dense.post = 1;
  dense.layout = nmx::Layout::Dense;
  dense.weight_bits = 4;
  dense.scale = {3, 5};
  for (int i = 0; i < 30; ++i) {
    dense.code.push_back(static_cast<int8_t>(i % 16 - 8));
    dense.weight.push_back(dense.code.back() * 3 * 32 / 1024.0);
    dense.delay.push_back(static_cast<uint8_t>(i % 3));
  }

  nmx::Projection sparse;
  sparse.name = "hid_hid";
  sparse.pre = 1;
  sparse.post = 1;
  sparse.layout = nmx::Layout::Sparse;
  sparse.row_ptr = {0, 2, 2, 3, 5, 6};
  sparse.post_index = {1, 4, 0, 2, 3, 0};
  sparse.weight = {0.5, -0.25, 1.75, -1e-9, 3.0, -2.0};
  sparse.delay = {0, 63, 5, 1, 0, 17};
  net.projections = {dense, sparse};

  net.encoder.kind = nmx::EncoderKind::Poisson;
  net.encoder.steps = 25;
  net.encoder.latency_steps = 7;
  net.encoder.max_rate = 0.8;
  net.encoder.current_gain = 0.25;
  net.encoder.min_intensity = 0.1;
  net.encoder.seed = 12345;
  net.readout = {nmx::ReadoutKind::MaxMembrane, 1};
  net.mapping = {{1, 0, 3}, {1, 3, 2}};
  return net;
}

// Ternary codes on the sparse projection too: every population and projection quantised.
Network make_quantised_network() {
  Network net = make_network();
  nmx::Projection& sparse = net.projections[1];
  sparse.weight_bits = 2;
  sparse.code = {1, -1, 1, 0, 1, -1};
  sparse.scale = {255, 15};
  return net;
}

Network make_float_network() {
  Network net = make_network();
  nmx::Population& hidden = net.populations[1];
  hidden.fixed = {};
  hidden.sigmoid_lut.clear();
  for (nmx::Projection& pr : net.projections) {
    pr.weight_bits = 0;
    pr.code.clear();
  }
  net.mapping.clear();
  return net;
}

void require_same(const nmx::Population& a, const nmx::Population& b) {
  INFO("population " << a.name);
  CHECK(a.name == b.name);
  CHECK(a.kind == b.kind);
  CHECK(a.size == b.size);
  CHECK(a.refrac == b.refrac);
  CHECK(a.reset == b.reset);
  CHECK(a.spike == b.spike);
  CHECK(a.lfsr_seed == b.lfsr_seed);
  CHECK(a.real.du == b.real.du);
  CHECK(a.real.dv == b.real.dv);
  CHECK(a.real.theta == b.real.theta);
  CHECK(a.real.bias == b.real.bias);
  CHECK(a.fixed.du == b.fixed.du);
  CHECK(a.fixed.dv == b.fixed.dv);
  CHECK(a.fixed.theta == b.fixed.theta);
  CHECK(a.fixed.bias == b.fixed.bias);
  CHECK(a.lsb == b.lsb);
  CHECK(a.sigmoid_shift == b.sigmoid_shift);
  CHECK(a.sigmoid_lut == b.sigmoid_lut);
}

void require_same(const nmx::Projection& a, const nmx::Projection& b) {
  INFO("projection " << a.name);
  CHECK(a.name == b.name);
  CHECK(a.pre == b.pre);
  CHECK(a.post == b.post);
  CHECK(a.layout == b.layout);
  CHECK(a.row_ptr == b.row_ptr);
  CHECK(a.post_index == b.post_index);
  CHECK(a.weight == b.weight);
  CHECK(a.delay == b.delay);
  CHECK(a.weight_bits == b.weight_bits);
  CHECK(a.code == b.code);
  CHECK(a.scale.mant == b.scale.mant);
  CHECK(a.scale.exp == b.scale.exp);
}

void require_same(const Network& a, const Network& b) {
  CHECK(a.version == b.version);
  CHECK(a.name == b.name);
  CHECK(a.description == b.description);
  REQUIRE(a.populations.size() == b.populations.size());
  for (size_t i = 0; i < a.populations.size(); ++i) require_same(a.populations[i], b.populations[i]);
  REQUIRE(a.projections.size() == b.projections.size());
  for (size_t i = 0; i < a.projections.size(); ++i) require_same(a.projections[i], b.projections[i]);
  CHECK(a.encoder.kind == b.encoder.kind);
  CHECK(a.encoder.steps == b.encoder.steps);
  CHECK(a.encoder.latency_steps == b.encoder.latency_steps);
  CHECK(a.encoder.max_rate == b.encoder.max_rate);
  CHECK(a.encoder.current_gain == b.encoder.current_gain);
  CHECK(a.encoder.min_intensity == b.encoder.min_intensity);
  CHECK(a.encoder.seed == b.encoder.seed);
  CHECK(a.readout.kind == b.readout.kind);
  CHECK(a.readout.population == b.readout.population);
  REQUIRE(a.mapping.size() == b.mapping.size());
  for (size_t i = 0; i < a.mapping.size(); ++i) {
    CHECK(a.mapping[i].population == b.mapping[i].population);
    CHECK(a.mapping[i].first_neuron == b.mapping[i].first_neuron);
    CHECK(a.mapping[i].count == b.mapping[i].count);
  }
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// Edits an HDF5 file in place (the tests' way of forging a bad network file).
H5::H5File open_for_edit(const std::string& path) {
  H5::Exception::dontPrint();
  return H5::H5File(path, H5F_ACC_RDWR);
}

template <class T>
void overwrite_dataset(const std::string& path, const std::string& name, const std::vector<T>& values,
                       const H5::PredType& file_type, const H5::PredType& mem_type) {
  const H5::H5File f = open_for_edit(path);
  f.unlink(name);
  const hsize_t n = values.size();
  f.createDataSet(name, file_type, H5::DataSpace(1, &n)).write(values.data(), mem_type);
}

void overwrite_string_attr(const std::string& path, const std::string& group, const std::string& name,
                           const std::string& value) {
  const H5::H5File f = open_for_edit(path);
  const H5::Group g = f.openGroup(group);
  g.removeAttr(name);
  const H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
  g.createAttribute(name, type, H5::DataSpace(H5S_SCALAR)).write(type, value);
}

// A written file, edited by `edit`, must fail to read with a message containing `what`.
template <class Edit>
void require_read_fails(Edit edit, const std::string& what) {
  TempDir dir;
  const std::string path = dir.file("net.h5");
  nmx::write_network(make_network(), path);
  edit(path);
  REQUIRE_THROWS_AS(nmx::read_network(path), InputError);
  REQUIRE_THROWS_WITH(nmx::read_network(path), Contains(path) && Contains(what));
}

// An invalid network must not be written: InputError naming the field, nothing on disk.
template <class Break>
void require_write_fails(Break breaker, const std::string& what) {
  TempDir dir;
  Network net = make_network();
  breaker(net);
  REQUIRE_THROWS_AS(nmx::write_network(net, dir.file("net.h5")), InputError);
  REQUIRE_THROWS_WITH(nmx::write_network(net, dir.file("net.h5")), Contains(what));
  CHECK(dir.entries().empty());
}

}  // namespace

// ---- IR ----------------------------------------------------------------------------------
TEST_CASE("network IR: derived quantities", "[network]") {
  const Network net = make_network();
  CHECK(net.input_population() == 0);
  CHECK(net.synapse_count() == 36);
  CHECK(net.max_delay() == 63);
  CHECK(net.populations[1].has_stochastic());
  CHECK_FALSE(net.populations[0].has_stochastic());
  CHECK_FALSE(net.quantised());  // the sparse projection has no codes
  CHECK(make_quantised_network().quantised());
  CHECK_FALSE(make_float_network().quantised());
  CHECK(std::string(nmx::to_string(nmx::EncoderKind::Current)) == "current");
  CHECK(std::string(nmx::to_string(nmx::ReadoutKind::SpikeCount)) == "spike_count");
  REQUIRE_NOTHROW(nmx::validate(net, "mem"));
  REQUIRE_NOTHROW(nmx::validate(make_quantised_network(), "mem"));
  REQUIRE_NOTHROW(nmx::validate(make_float_network(), "mem"));
}

TEST_CASE("network IR: exactly one input population", "[network]") {
  Network net = make_network();
  net.populations.push_back(input_population());
  REQUIRE_THROWS_WITH(net.input_population(), Contains("2 input populations"));
  REQUIRE_THROWS_WITH(nmx::validate(net, "mem"), Contains("mem: network has 2 input populations"));
  net.populations[0].kind = net.populations[2].kind = nmx::PopulationKind::Neuron;
  REQUIRE_THROWS_AS(net.input_population(), InputError);
}

TEST_CASE("network IR: validation names the field and the allowed range", "[network]") {
  const auto fails = [](auto breaker, const std::string& what) {
    Network net = make_network();
    breaker(net);
    REQUIRE_THROWS_WITH(nmx::validate(net, "net.h5"), Contains("net.h5: ") && Contains(what));
  };
  fails([](Network& n) { n.version = 5; }, "net.h5: version = 5 is out of range (allowed: 4)");
  fails([](Network& n) { n.populations[1].model = static_cast<nmx::NeuronModel>(2); }, ".model = 2 is out of range (allowed: 0..1)");
  fails([](Network& n) { n.populations[1].fixed.du[3] = 5000; },
        "populations[1] 'hidden' .fixed.du[3] = 5000 is out of range (allowed: 0..4096)");
  fails([](Network& n) { n.populations[1].real.dv[0] = 1.5; }, ".real.dv[0] = 1.5");
  fails([](Network& n) { n.populations[1].real.bias[2] = NAN; }, ".real.bias[2] = nan");
  fails([](Network& n) { n.populations[1].refrac[0] = 16; }, ".refrac[0] = 16 is out of range (allowed: 0..15)");
  fails([](Network& n) { n.populations[1].fixed.bias[0] = 1 << 23; }, ".fixed.bias[0] = 8388608");
  fails([](Network& n) { n.populations[1].lsb = 0; }, ".lsb = 0");
  fails([](Network& n) { n.populations[1].sigmoid_shift = 24; }, ".sigmoid_shift = 24");
  fails([](Network& n) { n.populations[1].sigmoid_lut.pop_back(); }, ".sigmoid_lut has 255 entries, expected 256");
  fails([](Network& n) { n.populations[1].real.theta.pop_back(); }, ".real.theta has 4 entries, expected 5");
  fails([](Network& n) { n.populations[1].fixed.dv.clear(); }, ".fixed.dv has 0 entries, expected 5");
  fails([](Network& n) { n.populations[0].refrac = {1}; }, "populations[0] 'pixels' .refrac has 1 entries, expected none");
  fails([](Network& n) { n.projections[0].post = 0; }, "projections[0] 'pix_hid' .post = 0 is the input population");
  fails([](Network& n) { n.projections[1].pre = 9; }, ".pre = 9 is out of range (allowed: 0..1)");
  fails([](Network& n) { n.projections[0].weight.pop_back(); }, ".weight has 29 entries, expected 30");
  fails([](Network& n) { n.projections[1].row_ptr[2] = 1; }, ".row_ptr[2] = 1");
  fails([](Network& n) { n.projections[1].row_ptr[5] = 5; }, ".row_ptr[5] = 5");
  fails([](Network& n) { n.projections[1].post_index[0] = 5; }, ".post_index[0] = 5 is out of range (allowed: 0..4)");
  fails([](Network& n) { n.projections[1].weight[1] = INFINITY; }, ".weight[1] = inf");
  fails([](Network& n) { n.projections[0].weight_bits = 3; }, ".weight_bits = 3");
  fails([](Network& n) { n.projections[0].code[0] = 8; }, ".code[0] = 8 is out of range (allowed: -8..7)");
  fails([](Network& n) { n.projections[0].scale.exp = 16; }, ".scale.exp = 16");
  fails([](Network& n) { n.projections[0].scale.mant = 0; }, ".scale.mant = 0");
  fails([](Network& n) { n.projections[1].code = {0}; }, ".code has 1 entries, expected 0");
  fails([](Network& n) { n.encoder.steps = 0; }, "encoder.steps = 0");
  fails([](Network& n) { n.encoder.latency_steps = 26; }, "encoder.latency_steps = 26 is out of range (allowed: 1..25)");
  fails([](Network& n) { n.encoder.max_rate = -0.1; }, "encoder.max_rate = -0.1");
  fails([](Network& n) { n.encoder.min_intensity = 1.0; }, "encoder.min_intensity = 1");
  fails([](Network& n) { n.readout.population = 0; }, "readout.population = 0 is the input population");
  fails([](Network& n) { n.mapping[1].count = 3; }, "mapping[1].first_neuron = 3 is out of range (allowed: 0..2)");
  fails([](Network& n) { n.mapping[1] = {1, 2, 3}; }, "mapping[1]: neuron 2 of populations[1] 'hidden' is already placed");
  fails([](Network& n) { n.mapping.pop_back(); }, "neuron 3 of populations[1] 'hidden' is not placed on any core");
  fails([](Network& n) { n.mapping.push_back({0, 0, 6}); }, "mapping[2].population = 0 is the input population");
}

// ---- files: round trips -------------------------------------------------------------------
TEST_CASE("network file: a partly quantised network round-trips exactly", "[network][io]") {
  TempDir dir;
  const Network net = make_network();
  nmx::write_network(net, dir.file("net.h5"));
  require_same(net, nmx::read_network(dir.file("net.h5")));
  CHECK(dir.entries() == std::vector<std::string>{"net.h5"});
}

TEST_CASE("network file: a quantised network round-trips exactly", "[network][io]") {
  TempDir dir;
  const Network net = make_quantised_network();
  nmx::write_network(net, dir.file("q.h5"));
  const Network back = nmx::read_network(dir.file("q.h5"));
  require_same(net, back);
  CHECK(back.quantised());
}

TEST_CASE("network file: a float-only network round-trips, empty vectors included", "[network][io]") {
  TempDir dir;
  Network net = make_float_network();
  net.description.clear();
  net.projections[1].row_ptr = {0, 0, 0, 0, 0, 0};  // a sparse projection without synapses
  net.projections[1].post_index.clear();
  net.projections[1].weight.clear();
  net.projections[1].delay.clear();
  nmx::write_network(net, dir.file("f.h5"));
  const Network back = nmx::read_network(dir.file("f.h5"));
  require_same(net, back);
  CHECK_FALSE(back.quantised());
}

TEST_CASE("network file: an existing file is replaced", "[network][io]") {
  TempDir dir;
  nmx::write_network(make_network(), dir.file("net.h5"));
  nmx::write_network(make_float_network(), dir.file("net.h5"));
  require_same(make_float_network(), nmx::read_network(dir.file("net.h5")));
  CHECK(dir.entries() == std::vector<std::string>{"net.h5"});
}

// ---- files: bad input ---------------------------------------------------------------------
TEST_CASE("network file: a missing file", "[network][io]") {
  TempDir dir;
  REQUIRE_THROWS_WITH(nmx::read_network(dir.file("none.h5")), Contains("none.h5: cannot open"));
}

TEST_CASE("network file: a truncated file", "[network][io]") {
  require_read_fails(
      [](const std::string& path) {
        const std::string bytes = read_bytes(path);
        write_bytes(path, bytes.substr(0, bytes.size() / 2));
      },
      "not an HDF5 file (truncated or corrupt)");
}

TEST_CASE("network file: garbled bytes", "[network][io]") {
  SECTION("in the header") {
    require_read_fails(
        [](const std::string& path) {
          std::string bytes = read_bytes(path);
          for (size_t i = 0; i < 64; ++i) bytes[i] = static_cast<char>(i * 37 + 11);
          write_bytes(path, bytes);
        },
        "not an HDF5 file");
  }
  SECTION("after the header") {
    require_read_fails(
        [](const std::string& path) {
          std::string bytes = read_bytes(path);
          for (size_t i = 96; i < bytes.size(); i += 3) bytes[i] = static_cast<char>(i * 131 + 7);
          write_bytes(path, bytes);
        },
        "truncated or corrupt");
  }
  SECTION("one bit of a weight (caught by the data checksum)") {
    require_read_fails(
        [](const std::string& path) {
          std::string bytes = read_bytes(path);
          const double w = -1e-9;  // projections[1].weight[3], unique in the file
          const size_t at = bytes.find(std::string(reinterpret_cast<const char*>(&w), sizeof w));
          REQUIRE(at != std::string::npos);
          bytes[at] ^= 1;
          write_bytes(path, bytes);
        },
        "/projections/1/weight: cannot read (truncated or corrupt file: data error detected by Fletcher32 checksum)");
  }
}

TEST_CASE("network file: an HDF5 file that is not a network", "[network][io]") {
  TempDir dir;
  const std::string path = dir.file("other.h5");
  {
    H5::Exception::dontPrint();
    const H5::H5File f(path, H5F_ACC_TRUNC);
    const hsize_t n = 3;
    const double x[3] = {1, 2, 3};
    f.createDataSet("data", H5::PredType::IEEE_F64LE, H5::DataSpace(1, &n)).write(x, H5::PredType::NATIVE_DOUBLE);
  }
  REQUIRE_THROWS_WITH(nmx::read_network(path),
                      Contains(path) && Contains("not an nmx network file (root attribute 'format' is missing"));
}

TEST_CASE("network file: a wrong format tag", "[network][io]") {
  require_read_fails([](const std::string& p) { overwrite_string_attr(p, "/", "format", "nir"); },
                     "root attribute 'format' is 'nir', expected 'nmx-network'");
}

TEST_CASE("network file: a wrong version", "[network][io]") {
  require_read_fails(
      [](const std::string& path) {
        const H5::H5File f = open_for_edit(path);
        const uint32_t v = nmx::kNetworkFormatVersion + 1;
        f.openGroup("/").openAttribute("version").write(H5::PredType::NATIVE_UINT32, &v);
      },
      "/ attribute 'version' = " + std::to_string(nmx::kNetworkFormatVersion + 1) + " is out of range (allowed: 1.." +
          std::to_string(nmx::kNetworkFormatVersion) + ", the format versions this build reads)");
}

TEST_CASE("network file: the chip a network was mapped for is stored, and an older file has none", "[network][io][hw]") {
  TempDir dir;
  Network net = make_quantised_network();
  nmx::HwConfig hw = nmx::default_hw_config();
  hw.core.delay_slots = 64;
  hw.mesh_x = 3;
  hw.clock_mhz = 250;
  hw.energy.spike_hop = 1.25;
  net.hw = hw;
  nmx::write_network(net, dir.file("q.h5"));
  const Network back = nmx::read_network(dir.file("q.h5"));
  REQUIRE(back.hw);
  CHECK(back.file_version == nmx::kNetworkFormatVersion);
  CHECK(back.hw->core.delay_slots == 64);
  CHECK(back.hw->mesh_x == 3);
  CHECK(back.hw->clock_mhz == 250);
  CHECK(back.hw->energy.spike_hop == 1.25);
  CHECK(back.hw->source == dir.file("q.h5") + ":/hw_config");

  // The same file as format 2 wrote it: no hw_config attribute, version 2.
  {
    const H5::H5File f = open_for_edit(dir.file("q.h5"));
    f.openGroup("/").removeAttr("hw_config");
    const uint32_t v = 2;
    f.openGroup("/").openAttribute("version").write(H5::PredType::NATIVE_UINT32, &v);
  }
  const Network old = nmx::read_network(dir.file("q.h5"));
  CHECK_FALSE(old.hw);
  CHECK(old.file_version == 2);
  CHECK(old.version == nmx::kNetworkFormatVersion);  // written back as the current format
}

TEST_CASE("network file: a stored chip with an unknown key is refused", "[network][io][hw]") {
  require_read_fails(
      [](const std::string& p) {
        const H5::H5File f = open_for_edit(p);
        const H5::Group root = f.openGroup("/");
        const std::string text = R"({"core": {"neuronz": 8}})";
        const H5::StrType type(H5::PredType::C_S1, text.size());
        root.createAttribute("hw_config", type, H5::DataSpace(H5S_SCALAR)).write(type, text);
      },
      ":/hw_config:1:11: unknown key 'core.neuronz'");
}

TEST_CASE("network file: an SRM-alpha population without its kernel parameters", "[network][io][srm]") {
  require_read_fails([](const std::string& p) { overwrite_string_attr(p, "/populations/1", "model", "srm_alpha"); },
                     "/populations/1 attribute 'srm_tau': missing");
}

TEST_CASE("network file: an unknown neuron model", "[network][io]") {
  require_read_fails([](const std::string& p) { overwrite_string_attr(p, "/populations/1", "model", "izhikevich"); },
                     "/populations/1 attribute 'model': unknown model 'izhikevich' (allowed: datapath, srm_alpha)");
}

TEST_CASE("network file: a missing dataset or attribute", "[network][io]") {
  require_read_fails([](const std::string& p) { open_for_edit(p).unlink("/projections/0/delay"); },
                     "/projections/0/delay: missing");
  require_read_fails([](const std::string& p) { open_for_edit(p).unlink("/populations/1/theta_q"); },
                     "/populations/1/theta_q: missing");
  require_read_fails([](const std::string& p) { open_for_edit(p).unlink("/encoder"); }, "/encoder: missing");
  require_read_fails([](const std::string& p) { open_for_edit(p).openGroup("/readout").removeAttr("population"); },
                     "/readout attribute 'population': missing");
}

TEST_CASE("network file: a dataset of the wrong length or type", "[network][io]") {
  const auto& f64 = H5::PredType::IEEE_F64LE;
  const auto& dbl = H5::PredType::NATIVE_DOUBLE;
  require_read_fails(
      [&](const std::string& p) { overwrite_dataset<double>(p, "/populations/1/du", {0.1, 0.2, 0.3, 0.4}, f64, dbl); },
      "/populations/1/du: has 4 elements, expected 5 (one per neuron)");
  require_read_fails(
      [&](const std::string& p) { overwrite_dataset<double>(p, "/projections/1/post_index", {1, 2}, f64, dbl); },
      "/projections/1/post_index: must hold integers");
  require_read_fails(
      [](const std::string& p) {
        overwrite_dataset<int32_t>(p, "/populations/1/refrac", {0, 1, 300, 3, 4}, H5::PredType::STD_I32LE,
                                   H5::PredType::NATIVE_INT32);
      },
      "/populations/1/refrac[2] = 300 is out of range (allowed: 0..255)");
}

TEST_CASE("network file: an unknown enum string", "[network][io]") {
  require_read_fails([](const std::string& p) { overwrite_string_attr(p, "/projections/0", "layout", "diagonal"); },
                     "/projections/0 attribute 'layout': unknown layout 'diagonal' (allowed: dense, sparse)");
  require_read_fails([](const std::string& p) { overwrite_string_attr(p, "/encoder", "kind", "rate"); },
                     "unknown kind 'rate' (allowed: poisson, latency, current)");
}

TEST_CASE("network file: out-of-range values in a file are rejected on read", "[network][io]") {
  require_read_fails(
      [](const std::string& p) {
        overwrite_dataset<uint8_t>(p, "/projections/1/delay", {0, 64, 5, 1, 0, 17}, H5::PredType::STD_U8LE,
                                   H5::PredType::NATIVE_UINT8);
      },
      "projections[1] 'hid_hid' .delay[1] = 64 is out of range (allowed: 0..63)");
  require_read_fails(
      [](const std::string& p) {
        overwrite_dataset<int32_t>(p, "/populations/1/du_q", {0, 512, 2048, 5000, 4096}, H5::PredType::STD_I32LE,
                                   H5::PredType::NATIVE_INT32);
      },
      "populations[1] 'hidden' .fixed.du[3] = 5000 is out of range (allowed: 0..4096)");
  require_read_fails(
      [](const std::string& p) {
        overwrite_dataset<int8_t>(p, "/projections/0/code", std::vector<int8_t>(30, -9), H5::PredType::STD_I8LE,
                                  H5::PredType::NATIVE_INT8);
      },
      "projections[0] 'pix_hid' .code[0] = -9 is out of range (allowed: -8..7)");
}

TEST_CASE("network file: invalid networks are not written", "[network][io]") {
  require_write_fails(
      [](Network& n) {
        n.projections[1] = make_quantised_network().projections[1];
        n.projections[1].code[4] = -2;
      },
      "projections[1] 'hid_hid' .code[4] = -2: illegal weight code 2 (binary 10)");
  require_write_fails([](Network& n) { n.projections[0].delay[7] = 64; },
                      "projections[0] 'pix_hid' .delay[7] = 64 is out of range (allowed: 0..63)");
  require_write_fails([](Network& n) { n.populations[1].real.theta[2] = 0.0; },
                      "populations[1] 'hidden' .real.theta[2] = 0 is out of range (allowed: > 0, finite)");
  require_write_fails([](Network& n) { n.populations[1].real.theta[0] = -1.0; }, ".real.theta[0] = -1");
  require_write_fails([](Network& n) { n.populations[1].fixed.theta[1] = 0; },
                      "populations[1] 'hidden' .fixed.theta[1] = 0 is out of range (allowed: 1..8388607)");
  require_write_fails([](Network& n) { n.populations[1].fixed.theta[1] = -5; }, ".fixed.theta[1] = -5");
  require_write_fails([](Network& n) { n.populations[1].fixed.du[3] = 5000; },
                      "populations[1] 'hidden' .fixed.du[3] = 5000 is out of range (allowed: 0..4096)");
  require_write_fails([](Network& n) { n.populations[1].lfsr_seed[4] = 0; },
                      "populations[1] 'hidden' .lfsr_seed[4] = 0 is out of range (allowed: 1..65535)");
}

TEST_CASE("network file: a failed write leaves nothing behind", "[network][io]") {
  TempDir dir;
  SECTION("missing directory") {
    REQUIRE_THROWS_WITH(nmx::write_network(make_network(), dir.file("no/such/dir/net.h5")),
                        Contains("no/such/dir/net.h5: cannot write network file"));
    CHECK(dir.entries().empty());
  }
  SECTION("the target is a directory") {
    fs::create_directory(dir.file("out.h5"));
    fs::create_directory(dir.file("out.h5/keep"));
    REQUIRE_THROWS_AS(nmx::write_network(make_network(), dir.file("out.h5")), InputError);
    CHECK(dir.entries() == std::vector<std::string>{"out.h5"});
    CHECK(fs::is_directory(dir.file("out.h5/keep")));
  }
}

// ---- plasticity (format 4) ---------------------------------------------------------------
namespace {

// The quantised network with an STDP rule on the dense projection and SDSP on the sparse one.
Network make_plastic_network() {
  Network net = make_quantised_network();
  const nmx::plastic::RuleSpec stdp = nmx::plastic::stdp({0.5, 0.25, 10, 30});
  nmx::set_plasticity(net, "pix_hid", stdp.rule, stdp.params, "mem");
  nmx::plastic::RuleParams p = nmx::plastic::sdsp({}).params;
  nmx::set_plasticity(net, "hid_hid", "dw = [v >= 3]*[y1 >= 100]*pre\n  - [w >= 1]*(w + 5)", p, "mem");
  return net;
}

void write_string_attr(const std::string& path, const std::string& group, const std::string& name,
                       const std::string& value) {
  const H5::H5File f = open_for_edit(path);
  const H5::Group g = f.openGroup(group);
  if (g.attrExists(name)) g.removeAttr(name);
  const H5::StrType type(H5::PredType::C_S1, value.size());
  g.createAttribute(name, type, H5::DataSpace(H5S_SCALAR)).write(type, value);
}

void set_version(const std::string& path, uint32_t v) {
  open_for_edit(path).openGroup("/").openAttribute("version").write(H5::PredType::NATIVE_UINT32, &v);
}

}  // namespace

TEST_CASE("network file: plastic projections round trip in format 4", "[network][io][plastic]") {
  TempDir dir;
  const Network net = make_plastic_network();
  nmx::write_network(net, dir.file("p.h5"));
  const Network back = nmx::read_network(dir.file("p.h5"));
  CHECK(back.file_version == 4);
  REQUIRE(back.projections[0].plasticity);
  REQUIRE(back.projections[1].plasticity);
  for (int k = 0; k < 2; ++k) {
    CHECK(back.projections[k].plasticity->rule == net.projections[k].plasticity->rule);
    CHECK(nmx::plastic::same_microcode(back.projections[k].plasticity->code, net.projections[k].plasticity->code));
  }
  const auto& code = back.projections[0].plasticity->code;
  CHECK(code.x1.amp == 2048);  // 0.5 = 2048 * 2^-12
  CHECK(code.x1.decay == 390);  // round(4096 (1 - e^(-1/10))) = round(389.79)
  CHECK(code.y1.decay == 134);  // round(4096 (1 - e^(-1/30))) = round(134.27)
  CHECK(code.program[1][0].term[0].shift == 12);
  const auto& sdsp = back.projections[1].plasticity->code;
  CHECK(sdsp.rounding == nmx::plastic::Rounding::Nearest);
  CHECK(sdsp.epoch == 100);
  CHECK(sdsp.program[2][0].terms == 1);  // the drift term, at the epoch
  CHECK(sdsp.program[2][0].term[0].factor[1].c == 5);
  CHECK(back.projections[1].plasticity->rule == "dw = [v >= 3]*[y1 >= 100]*pre\n  - [w >= 1]*(w + 5)");
}

TEST_CASE("network file: a rule edited in the file takes effect, a bad one is refused", "[network][io][plastic]") {
  TempDir dir;
  const std::string path = dir.file("p.h5");
  nmx::write_network(make_plastic_network(), path);
  write_string_attr(path, "/projections/0", "plasticity_rule", "dw = 2^-3*x1*post - 2^-3*x1*y1*pre");
  write_string_attr(path, "/projections/0", "plasticity_params",
                    R"({"x1": {"tau": 5, "amp": 16}, "y1": {"decay": 0, "amp": 9}, "epoch": 7})");
  const Network net = nmx::read_network(path);
  const auto& code = net.projections[0].plasticity->code;
  CHECK(code.x1.decay == 742);  // round(4096 (1 - e^(-1/5))) = round(742.47)
  CHECK(code.x1.amp == 16);
  CHECK(code.y1.amp == 9);
  CHECK(code.epoch == 7);
  CHECK(code.program[0][0].term[0].shift == 3);
  CHECK(code.program[0][0].term[0].factors == 2);

  write_string_attr(path, "/projections/0", "plasticity_rule", "dw = 2^-3*x1*post - 2^-3*z*pre");
  REQUIRE_THROWS_WITH(nmx::read_network(path),
                      path + ": /projections/0 attribute 'plasticity_rule': rule 'dw = 2^-3*x1*post - 2^-3*z*pre': "
                             "column 26: unknown factor 'z' (allowed: x1, x2, y1, y2, e, l, w, d, p, pre, post, an "
                             "integer, (f + c), (f - c), [f >= c], 2^-s)");
  write_string_attr(path, "/projections/0", "plasticity_rule", "dw = x1*post");
  write_string_attr(path, "/projections/0", "plasticity_params", R"({"x1": {"amp": 70000}})");
  REQUIRE_THROWS_WITH(nmx::read_network(path), path + ":/projections/0/plasticity_params:1:9: x1.amp = 70000 is out "
                                                      "of range (allowed: 0..65535 (16-bit unsigned))");
  write_string_attr(path, "/projections/0", "plasticity_params", R"({"x1": {"amp": 7, "tua": 3}})");
  REQUIRE_THROWS_WITH(nmx::read_network(path), Contains("unknown key 'x1.tua' (allowed: amp, decay, tau)"));
  open_for_edit(path).openGroup("/projections/0").removeAttr("plasticity_params");
  REQUIRE_THROWS_WITH(nmx::read_network(path), path + ": /projections/0 attribute 'plasticity_params': missing");
}

TEST_CASE("network file: older versions read with no plasticity, a rule in one is refused", "[network][io][plastic]") {
  TempDir dir;
  const std::string path = dir.file("old.h5");
  nmx::write_network(make_quantised_network(), path);
  set_version(path, 3);
  const Network old = nmx::read_network(path);
  CHECK(old.file_version == 3);
  CHECK_FALSE(old.projections[0].plasticity);
  CHECK_FALSE(old.projections[1].plasticity);

  nmx::write_network(make_plastic_network(), path);
  set_version(path, 3);
  REQUIRE_THROWS_WITH(nmx::read_network(path), path + ": /projections/0 attribute 'plasticity_rule': a plasticity "
                                                      "rule needs format version 4 or later, but the file's version "
                                                      "attribute is 3");
}

TEST_CASE("network IR: validate checks a synapse group", "[network][plastic]") {
  Network net = make_plastic_network();
  REQUIRE_NOTHROW(nmx::validate(net, "net.h5"));
  Network fl = net;
  fl.projections[0].weight_bits = 0;
  fl.projections[0].code.clear();
  REQUIRE_THROWS_WITH(nmx::validate(fl, "net.h5"),
                      "net.h5: projections[0] 'pix_hid' .plasticity: weight_bits = 0 (float only) is out of range "
                      "(allowed: 2, 4, 8: a plastic projection changes weight codes, quantise it first (nmx quantize))");
  Network shifted = net;
  shifted.projections[0].plasticity->code.program[1][0].term[0].shift = 20;
  REQUIRE_THROWS_WITH(nmx::validate(shifted, "net.h5"),
                      "net.h5: projections[0] 'pix_hid' .plasticity: program[post][w].term[0].shift = 20 is out of "
                      "range (allowed: 0..16)");
  Network amp = net;
  amp.projections[1].plasticity->code.y2.amp = -1;
  REQUIRE_THROWS_WITH(nmx::validate(amp, "net.h5"),
                      "net.h5: projections[1] 'hid_hid' .plasticity: y2.amp = -1 is out of range (allowed: 0..65535)");
  Network v = net;
  v.projections[1].plasticity->code.program[0][0].term[0].factor[0].test = false;
  REQUIRE_THROWS_WITH(nmx::validate(v, "net.h5"),
                      "net.h5: projections[1] 'hid_hid' .plasticity: program[pre][w].term[0].factor[0].test = 0 is "
                      "out of range (allowed: 1 (v, the post membrane, may only be tested))");
  Network other = net;
  other.projections[0].plasticity->code.program[1][0].term[0].shift = 2;  // in range, but not the rule's
  REQUIRE_THROWS_WITH(nmx::validate(other, "net.h5"),
                      Contains("net.h5: projections[0] 'pix_hid' .plasticity: the microcode is not what rule 'dw = "));
  Network fl2 = make_float_network();
  REQUIRE_THROWS_WITH(nmx::set_plasticity(fl2, "pix_hid", "dw = x1*post", {}, "f.h5"),
                      Contains("f.h5: projection 'pix_hid': weight_bits = 0 (float only) is out of range"));
  REQUIRE_THROWS_WITH(nmx::set_plasticity(fl2, "nope", "dw = x1*post", {}, "f.h5"),
                      "f.h5: no projection 'nope' (allowed: pix_hid, hid_hid)");
}

TEST_CASE("rule overrides: --rule and --rule-params change a group", "[network][plastic]") {
  TempDir dir;
  Network net = make_plastic_network();
  nmx::apply_rule_overrides(net, {"pix_hid=dw = 2^-2*x1*post"}, {}, "net.h5");
  const auto& a = net.projections[0].plasticity->code;
  CHECK(net.projections[0].plasticity->rule == "dw = 2^-2*x1*post");
  CHECK(a.program[1][0].term[0].shift == 2);
  CHECK(a.program[0][0].terms == 0);  // the old depression term is gone
  CHECK(a.x1.amp == 2048);            // parameters kept

  {
    std::ofstream(dir.file("p.json")) << R"({"x1": {"tau": "inf"}, "epoch": 9})";
  }
  nmx::apply_rule_overrides(net, {"hid_hid=dd = [d >= 1]*pre - 1"},
                            {"pix_hid=" + dir.file("p.json"), R"(hid_hid={"y1": {"amp": 5}})"}, "net.h5");
  CHECK(net.projections[0].plasticity->code.x1.decay == 0);
  CHECK(net.projections[0].plasticity->code.x1.amp == 2048);
  CHECK(net.projections[0].plasticity->code.epoch == 9);
  const auto& b = net.projections[1].plasticity->code;
  CHECK(b.y1.amp == 5);
  CHECK(b.program[2][2].terms == 1);  // dd's constant term at the epoch
  CHECK(b.program[0][2].terms == 1);
  CHECK(b.program[0][0].terms == 0);
  REQUIRE_NOTHROW(nmx::validate(net, "net.h5"));

  Network plain = make_quantised_network();
  REQUIRE_THROWS_WITH(nmx::apply_rule_overrides(plain, {}, {R"(pix_hid={"epoch": 3})"}, "net.h5"),
                      "--rule-params pix_hid: projection 'pix_hid' of net.h5 has no rule; give one with --rule "
                      "pix_hid='dw = ...'");
  REQUIRE_THROWS_WITH(nmx::apply_rule_overrides(plain, {"pix_hid"}, {}, "net.h5"),
                      "--rule 'pix_hid': expected PROJECTION='dw = ...'");
  REQUIRE_THROWS_WITH(nmx::apply_rule_overrides(plain, {"pix_hid=dw = x1*post"}, {}, "net.h5"),
                      "--rule pix_hid: projection 'pix_hid': rule 'dw = x1*post': column 6: the term reads x1, but "
                      "x1.amp = 0, so it is always 0 (allowed: x1.amp in 1..65535)");
  REQUIRE_THROWS_WITH(nmx::apply_rule_overrides(plain, {"pix=dw = x1*post"}, {}, "net.h5"),
                      "--rule net.h5: no projection 'pix' (allowed: pix_hid, hid_hid)");
}
