#include "net/network_io.hpp"

#include <H5Cpp.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <new>
#include <optional>
#include <stdexcept>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/json_input.hpp"
#include "plastic/rule_compile.hpp"
#include "plastic/rule_params.hpp"

namespace nmx {
namespace {

constexpr const char* kFormatTag = "nmx-network";
// A plastic projection's synapse group (version 4): its rule text and its trace
// parameters as canonical JSON; read back and compiled again.
constexpr const char* kRuleAttr = "plasticity_rule";
constexpr const char* kRuleParamsAttr = "plasticity_params";
constexpr uint32_t kFirstPlasticityVersion = 4;

// ---- enums stored as strings --------------------------------------------------------------
const char* enum_name(PopulationKind k) { return k == PopulationKind::Input ? "input" : "neuron"; }
const char* enum_name(Layout l) { return l == Layout::Dense ? "dense" : "sparse"; }
const char* enum_name(EncoderKind k) { return to_string(k); }
const char* enum_name(ReadoutKind k) { return to_string(k); }
const char* enum_name(NeuronModel m) { return to_string(m); }
const char* enum_name(RefractoryKernel k) { return to_string(k); }

constexpr std::array kPopulationKinds{PopulationKind::Input, PopulationKind::Neuron};
constexpr std::array kNeuronModels{NeuronModel::Datapath, NeuronModel::SrmAlpha};
constexpr std::array kRefractoryKernels{RefractoryKernel::Alpha, RefractoryKernel::Exponential};
constexpr std::array kLayouts{Layout::Dense, Layout::Sparse};
constexpr std::array kEncoderKinds{EncoderKind::Poisson, EncoderKind::Latency, EncoderKind::Current};
constexpr std::array kReadoutKinds{ReadoutKind::SpikeCount, ReadoutKind::MaxMembrane, ReadoutKind::FinalMembrane};

// HDF5 reports a failure through the C++ exception only by the API call's name; the
// innermost entry of its error stack says what went wrong (the errno text, a failed
// checksum). It is recorded when the failure happens, because the destructors that run
// while the exception unwinds are API calls too, and they clear the stack.
thread_local std::string t_hdf5_cause;

herr_t record_cause(hid_t stack, void*) {
  const auto innermost = [](unsigned n, const H5E_error2_t* err, void* out) -> herr_t {
    if (n == 0 && err->desc) *static_cast<std::string*>(out) = err->desc;
    return 0;
  };
  t_hdf5_cause.clear();
  H5Ewalk2(stack, H5E_WALK_UPWARD, innermost, &t_hdf5_cause);
  return 0;
}

// While nmx reads or writes a file, HDF5 records its errors instead of printing them (per
// thread: the error stack is thread-local). Afterwards it stays silent: the recorder calls
// the library, which must not happen while the library shuts down at exit.
class Hdf5ErrorScope {
 public:
  Hdf5ErrorScope() {
    t_hdf5_cause.clear();
    H5Eset_auto2(H5E_DEFAULT, record_cause, nullptr);
  }
  ~Hdf5ErrorScope() { H5::Exception::dontPrint(); }
  Hdf5ErrorScope(const Hdf5ErrorScope&) = delete;
  Hdf5ErrorScope& operator=(const Hdf5ErrorScope&) = delete;
};

std::string hdf5_cause(const H5::Exception& e) {
  const std::string& cause = t_hdf5_cause.empty() ? e.getDetailMsg() : t_hdf5_cause;
  const std::string tag = "error message = '";  // an OS error: keep just its text
  const size_t at = cause.find(tag);
  if (at == std::string::npos) return cause;
  const size_t from = at + tag.size();
  return cause.substr(from, cause.find('\'', from) - from);
}

// ---- C++ type -> HDF5 file type (fixed, little-endian) and memory type ----------------------
template <class T>
struct H5Of;
template <>
struct H5Of<uint8_t> {
  static const H5::PredType& file() { return H5::PredType::STD_U8LE; }
  static const H5::PredType& mem() { return H5::PredType::NATIVE_UINT8; }
};
template <>
struct H5Of<int8_t> {
  static const H5::PredType& file() { return H5::PredType::STD_I8LE; }
  static const H5::PredType& mem() { return H5::PredType::NATIVE_INT8; }
};
template <>
struct H5Of<uint16_t> {
  static const H5::PredType& file() { return H5::PredType::STD_U16LE; }
  static const H5::PredType& mem() { return H5::PredType::NATIVE_UINT16; }
};
template <>
struct H5Of<int16_t> {
  static const H5::PredType& file() { return H5::PredType::STD_I16LE; }
  static const H5::PredType& mem() { return H5::PredType::NATIVE_INT16; }
};
template <>
struct H5Of<int32_t> {
  static const H5::PredType& file() { return H5::PredType::STD_I32LE; }
  static const H5::PredType& mem() { return H5::PredType::NATIVE_INT32; }
};
template <>
struct H5Of<uint32_t> {
  static const H5::PredType& file() { return H5::PredType::STD_U32LE; }
  static const H5::PredType& mem() { return H5::PredType::NATIVE_UINT32; }
};
template <>
struct H5Of<double> {
  static const H5::PredType& file() { return H5::PredType::IEEE_F64LE; }
  static const H5::PredType& mem() { return H5::PredType::NATIVE_DOUBLE; }
};

// ---- writing ------------------------------------------------------------------------------
// Fixed-length strings live in the (checksummed) attribute itself; variable-length ones
// would go to the global heap, which has no checksum and crashes HDF5 when garbled.
void write_attr(const H5::H5Object& obj, const char* name, const std::string& value) {
  H5::StrType type(H5::PredType::C_S1, std::max<size_t>(value.size(), 1));  // HDF5 has no 0-byte strings
  type.setStrpad(H5T_STR_NULLPAD);
  type.setCset(H5T_CSET_UTF8);
  obj.createAttribute(name, type, H5::DataSpace(H5S_SCALAR)).write(type, value);
}

template <class T>
void write_attr(const H5::H5Object& obj, const char* name, T value) {
  obj.createAttribute(name, H5Of<T>::file(), H5::DataSpace(H5S_SCALAR)).write(H5Of<T>::mem(), &value);
}

// Raw data is chunked with a Fletcher-32 checksum so that a garbled value is an error on
// read, not a silently different network. Empty vectors become contiguous datasets of
// extent 0 (never H5S_NULL), as a chunk cannot be empty.
template <class T>
void write_data(const H5::Group& g, const char* name, const std::vector<T>& v) {
  constexpr hsize_t kChunk = 1 << 16;  // elements
  const hsize_t n = v.size();
  H5::DSetCreatPropList props;
  if (n != 0) {
    const hsize_t chunk = std::min(n, kChunk);
    props.setChunk(1, &chunk);
    props.setFletcher32();
  }
  const H5::DataSet ds = g.createDataSet(name, H5Of<T>::file(), H5::DataSpace(1, &n), props);
  if (n != 0) ds.write(v.data(), H5Of<T>::mem());
}

template <class E>
std::vector<uint8_t> as_bytes(const std::vector<E>& v) {
  std::vector<uint8_t> out;
  out.reserve(v.size());
  for (E e : v) out.push_back(static_cast<uint8_t>(e));
  return out;
}

void write_population(const H5::Group& parent, size_t i, const Population& p) {
  const H5::Group g = parent.createGroup(std::to_string(i));
  write_attr(g, "name", p.name);
  write_attr(g, "kind", std::string(enum_name(p.kind)));
  write_attr<uint32_t>(g, "size", p.size);
  write_attr(g, "model", std::string(enum_name(p.model)));
  if (p.model == NeuronModel::SrmAlpha) {
    write_attr<double>(g, "srm_tau", p.srm.tau);
    write_attr<double>(g, "srm_tau_ref", p.srm.tau_ref);
    write_attr(g, "srm_ref_kernel", std::string(enum_name(p.srm.ref_kernel)));
    write_attr<double>(g, "srm_ref_scale", p.srm.ref_scale);
  }
  write_attr<double>(g, "lsb", p.lsb);
  write_attr<int32_t>(g, "sigmoid_shift", p.sigmoid_shift);
  write_data(g, "refrac", p.refrac);
  write_data(g, "reset", as_bytes(p.reset));
  write_data(g, "spike", as_bytes(p.spike));
  write_data(g, "lfsr_seed", p.lfsr_seed);
  write_data(g, "du", p.real.du);
  write_data(g, "dv", p.real.dv);
  write_data(g, "theta", p.real.theta);
  write_data(g, "bias", p.real.bias);
  if (!p.fixed.du.empty()) {  // validated: the fixed arrays are all filled or all empty
    write_data(g, "du_q", p.fixed.du);
    write_data(g, "dv_q", p.fixed.dv);
    write_data(g, "theta_q", p.fixed.theta);
    write_data(g, "bias_q", p.fixed.bias);
  }
  if (!p.sigmoid_lut.empty()) write_data(g, "sigmoid_lut", p.sigmoid_lut);
}

void write_plasticity(const H5::Group& g, const ProjectionPlasticity& pl) {
  write_attr(g, kRuleAttr, pl.rule);
  write_attr(g, kRuleParamsAttr, plastic::rule_params_to_json(plastic::params_of(pl.code)));
}

void write_projection(const H5::Group& parent, size_t i, const Projection& pr) {
  const H5::Group g = parent.createGroup(std::to_string(i));
  write_attr(g, "name", pr.name);
  write_attr<uint32_t>(g, "pre", pr.pre);
  write_attr<uint32_t>(g, "post", pr.post);
  write_attr(g, "layout", std::string(enum_name(pr.layout)));
  write_attr<uint8_t>(g, "weight_bits", static_cast<uint8_t>(pr.weight_bits));
  write_attr<uint8_t>(g, "scale_mant", pr.scale.mant);
  write_attr<uint8_t>(g, "scale_exp", pr.scale.exp);
  write_data(g, "weight", pr.weight);
  write_data(g, "delay", pr.delay);
  if (pr.layout == Layout::Sparse) {
    write_data(g, "row_ptr", pr.row_ptr);
    write_data(g, "post_index", pr.post_index);
  }
  if (pr.weight_bits != 0) write_data(g, "code", pr.code);
  if (pr.plasticity) write_plasticity(g, *pr.plasticity);
}

// A mode projection's quantised twin (docs/formats.md, "Mode projections: the quantised
// twin"), next to its float fields in the same group.
void write_mode_codes(const H5::Group& g, const ModeProjection& mp) {
  write_attr<uint8_t>(g, "code_bits", static_cast<uint8_t>(mp.code_bits));
  if (mp.code_bits == 0) return;
  write_data(g, "xi_in_q", mp.xi_in_code);
  write_data(g, "xi_out_q", mp.xi_out_code);
  write_data(g, "lambda_q", mp.lambda_code);
  write_attr<uint8_t>(g, "shift_out", mp.shift_out);
  write_attr<uint8_t>(g, "shift_lambda", mp.shift_lambda);
  write_attr<uint8_t>(g, "shift_in", mp.shift_in);
  write_attr<int32_t>(g, "rate_decay_q", mp.rate_decay_fixed);
  write_attr<int32_t>(g, "rate_amp_q", mp.rate_amp);
}

void write_encoder(const H5::Group& root, const Encoder& e) {
  const H5::Group g = root.createGroup("encoder");
  write_attr(g, "kind", std::string(enum_name(e.kind)));
  write_attr<uint32_t>(g, "steps", e.steps);
  write_attr<uint32_t>(g, "latency_steps", e.latency_steps);
  write_attr<double>(g, "max_rate", e.max_rate);
  write_attr<double>(g, "current_gain", e.current_gain);
  write_attr<double>(g, "min_intensity", e.min_intensity);
  write_attr<uint32_t>(g, "seed", e.seed);
}

void write_readout(const H5::Group& root, const Readout& r) {
  const H5::Group g = root.createGroup("readout");
  write_attr(g, "kind", std::string(enum_name(r.kind)));
  write_attr<uint32_t>(g, "population", r.population);
}

void write_mapping(const H5::Group& root, const std::vector<CorePlacement>& mapping) {
  std::vector<uint32_t> population, first, count;
  for (const CorePlacement& c : mapping) {
    population.push_back(c.population);
    first.push_back(c.first_neuron);
    count.push_back(c.count);
  }
  const H5::Group g = root.createGroup("mapping");
  write_data(g, "population", population);
  write_data(g, "first_neuron", first);
  write_data(g, "count", count);
}

// Low-rank recurrences (version 4): one numbered group each under /mode_projections,
// written only when the network has any.
void write_mode_projections(const H5::Group& root, const std::vector<ModeProjection>& mps) {
  if (mps.empty()) return;
  const H5::Group parent = root.createGroup("mode_projections");
  for (size_t i = 0; i < mps.size(); ++i) {
    const ModeProjection& mp = mps[i];
    const H5::Group g = parent.createGroup(std::to_string(i));
    write_attr(g, "name", mp.name);
    write_attr<uint32_t>(g, "population", mp.population);
    write_attr<uint32_t>(g, "modes", mp.modes);
    write_attr<double>(g, "rate_decay", mp.rate_decay);
    write_data(g, "xi_in", mp.xi_in);
    write_data(g, "xi_out", mp.xi_out);
    write_data(g, "lambda", mp.lambda);
    write_mode_codes(g, mp);
  }
}

// The HDF5 1.10 object format checksums all metadata, chunk indexes included (the 1.8
// chunk B-tree is unchecked); such files need HDF5 >= 1.10 to read.
H5::FileAccPropList file_access() {
  H5::FileAccPropList props;
  props.setLibverBounds(H5F_LIBVER_V110, H5F_LIBVER_V110);
  return props;
}

void write_file(const Network& net, const std::string& path) {
  const H5::H5File file(path, H5F_ACC_TRUNC, H5::FileCreatPropList::DEFAULT, file_access());
  const H5::Group root = file.openGroup("/");
  write_attr(root, "format", std::string(kFormatTag));
  write_attr<uint32_t>(root, "version", net.version);
  write_attr(root, "name", net.name);
  write_attr(root, "description", net.description);
  const H5::Group pops = root.createGroup("populations");
  for (size_t i = 0; i < net.populations.size(); ++i) write_population(pops, i, net.populations[i]);
  const H5::Group projs = root.createGroup("projections");
  for (size_t i = 0; i < net.projections.size(); ++i) write_projection(projs, i, net.projections[i]);
  write_encoder(root, net.encoder);
  write_readout(root, net.readout);
  write_mapping(root, net.mapping);
  write_mode_projections(root, net.mode_projections);
  if (net.hw) write_attr(root, "hw_config", hw_config_to_json(*net.hw));
}

// ---- reading ------------------------------------------------------------------------------
// A group and its HDF5 path, for messages.
struct Node {
  H5::Group group;
  std::string path;

  std::string child(const std::string& name) const { return (path == "/" ? "/" : path + "/") + name; }
  std::string attr(const std::string& name) const { return path + " attribute '" + name + "'"; }
};

// Expected length of a dataset and the reason, for the message.
struct Expect {
  uint64_t n;
  const char* why;
};

class Reader {
 public:
  explicit Reader(const std::string& file) : file_(file) {}

  Network read() const;

 private:
  [[noreturn]] void fail(const std::string& where, const std::string& what) const {
    throw InputError(file_ + ": " + where + ": " + what);
  }

  // Runs an HDF5 access; library failures become an InputError naming `where`.
  template <class F>
  auto guard(const std::string& where, F&& f) const -> decltype(f()) {
    try {
      return f();
    } catch (const H5::Exception& e) {
      fail(where, "cannot read (truncated or corrupt file: " + hdf5_cause(e) + ")");
    } catch (const std::bad_alloc&) {
      fail(where, "too large to read (corrupt file?)");
    } catch (const std::length_error&) {
      fail(where, "too large to read (corrupt file?)");
    }
  }

  H5::H5File open() const;
  uint32_t check_format(const Node& root) const;

  bool has(const Node& n, const std::string& name) const;
  Node group(const Node& parent, const std::string& name) const;
  size_t member_count(const Node& n) const;

  H5::Attribute attribute(const Node& n, const char* name) const;
  std::string read_string(const Node& n, const char* name) const;
  double read_real(const Node& n, const char* name) const;
  template <class T>
  T read_int(const Node& n, const char* name) const;
  template <class E, size_t N>
  E read_enum(const Node& n, const char* name, const std::array<E, N>& values) const;

  H5::DataSet dataset(const Node& n, const char* name, bool integer, std::optional<Expect> expect, hsize_t& len) const;
  std::vector<double> read_reals(const Node& n, const char* name, std::optional<Expect> expect) const;
  template <class T>
  std::vector<T> read_ints(const Node& n, const char* name, std::optional<Expect> expect) const;

  Population read_population(const Node& n, uint32_t version) const;
  Projection read_projection(const Node& n, const Network& net, uint32_t version) const;
  void read_plasticity(const Node& n, uint32_t version, Projection& pr) const;
  void read_mode_codes(const Node& n, ModeProjection& mp) const;
  Encoder read_encoder(const Node& root) const;
  Readout read_readout(const Node& root) const;
  std::vector<CorePlacement> read_mapping(const Node& root) const;
  std::vector<ModeProjection> read_mode_projections(const Node& root, const Network& net) const;

  const std::string& file_;
};

H5::H5File Reader::open() const {
  if (std::filesystem::is_directory(file_)) throw InputError(file_ + ": is a directory, not a network file");
  if (!std::ifstream(file_)) throw InputError(file_ + ": cannot open (" + std::strerror(errno) + ")");
  try {
    return H5::H5File(file_, H5F_ACC_RDONLY);
  } catch (const H5::Exception&) {
    throw InputError(file_ + ": not an HDF5 file (truncated or corrupt)");
  }
}

// Returns the file's format version: this one, or 1 (no neuron models: all datapath).
uint32_t Reader::check_format(const Node& root) const {
  const bool tagged = guard(root.attr("format"), [&] { return root.group.attrExists("format"); });
  const std::string format = tagged ? read_string(root, "format") : "";
  if (format != kFormatTag)
    throw InputError(file_ + ": not an nmx network file (root attribute 'format' is " +
                     (tagged ? "'" + format + "'" : std::string("missing")) + ", expected '" + kFormatTag + "')");
  const auto version = read_int<uint32_t>(root, "version");
  if (version < 1 || version > kNetworkFormatVersion)
    throw_field_error(file_, root.attr("version"), std::to_string(version),
                      "1.." + std::to_string(kNetworkFormatVersion) + ", the format versions this build reads");
  return version;
}

bool Reader::has(const Node& n, const std::string& name) const {
  return guard(n.child(name), [&] { return n.group.nameExists(name); });
}

Node Reader::group(const Node& parent, const std::string& name) const {
  const std::string where = parent.child(name);
  if (!has(parent, name)) fail(where, "missing");
  return guard(where, [&] {
    if (parent.group.childObjType(name) != H5O_TYPE_GROUP) fail(where, "is not a group");
    return Node{parent.group.openGroup(name), where};
  });
}

size_t Reader::member_count(const Node& n) const {
  return guard(n.path, [&] { return static_cast<size_t>(n.group.getNumObjs()); });
}

H5::Attribute Reader::attribute(const Node& n, const char* name) const {
  const std::string where = n.attr(name);
  return guard(where, [&] {
    if (!n.group.attrExists(name)) fail(where, "missing");
    H5::Attribute a = n.group.openAttribute(name);
    if (a.getSpace().getSimpleExtentNpoints() != 1) fail(where, "must be a single value");
    return a;
  });
}

std::string Reader::read_string(const Node& n, const char* name) const {
  const std::string where = n.attr(name);
  const H5::Attribute a = attribute(n, name);
  return guard(where, [&] {
    if (a.getTypeClass() != H5T_STRING) fail(where, "must be a string");
    std::string s;
    a.read(a.getStrType(), s);
    return s;
  });
}

double Reader::read_real(const Node& n, const char* name) const {
  const std::string where = n.attr(name);
  const H5::Attribute a = attribute(n, name);
  return guard(where, [&] {
    if (a.getTypeClass() != H5T_FLOAT && a.getTypeClass() != H5T_INTEGER) fail(where, "must be a number");
    double x = 0;
    a.read(H5::PredType::NATIVE_DOUBLE, &x);
    return x;
  });
}

// Integers are read at 64 bits and narrowed with a range check, because HDF5's own
// conversion would silently clamp an out-of-range value.
template <class T>
T Reader::read_int(const Node& n, const char* name) const {
  const std::string where = n.attr(name);
  const H5::Attribute a = attribute(n, name);
  const int64_t x = guard(where, [&] {
    if (a.getTypeClass() != H5T_INTEGER) fail(where, "must be an integer");
    int64_t v = 0;
    a.read(H5::PredType::NATIVE_INT64, &v);
    return v;
  });
  using L = std::numeric_limits<T>;
  if (x < int64_t{L::min()} || x > int64_t{L::max()})
    throw_field_error(file_, where, std::to_string(x), std::to_string(L::min()) + ".." + std::to_string(L::max()));
  return static_cast<T>(x);
}

template <class E, size_t N>
E Reader::read_enum(const Node& n, const char* name, const std::array<E, N>& values) const {
  const std::string text = read_string(n, name);
  std::string allowed;
  for (E v : values) {
    if (text == enum_name(v)) return v;
    allowed += (allowed.empty() ? "" : ", ") + std::string(enum_name(v));
  }
  fail(n.attr(name), "unknown " + std::string(name) + " '" + text + "' (allowed: " + allowed + ")");
}

// Opens a one-dimensional dataset (extent 0 or H5S_NULL for an empty one) and checks
// its type class and, when known, its length.
H5::DataSet Reader::dataset(const Node& n, const char* name, bool integer, std::optional<Expect> expect,
                            hsize_t& len) const {
  const std::string where = n.child(name);
  if (!has(n, name)) fail(where, "missing");
  return guard(where, [&] {
    if (n.group.childObjType(name) != H5O_TYPE_DATASET) fail(where, "is not a dataset");
    H5::DataSet ds = n.group.openDataSet(name);
    const H5T_class_t cls = ds.getTypeClass();
    if (integer && cls != H5T_INTEGER) fail(where, "must hold integers");
    if (!integer && cls != H5T_FLOAT && cls != H5T_INTEGER) fail(where, "must hold numbers");
    const H5::DataSpace space = ds.getSpace();
    len = 0;
    if (space.getSimpleExtentType() != H5S_NULL) {
      if (space.getSimpleExtentNdims() != 1) fail(where, "must be one-dimensional");
      space.getSimpleExtentDims(&len);
    }
    if (expect && len != expect->n)
      fail(where, "has " + std::to_string(len) + " elements, expected " + std::to_string(expect->n) + " (" +
                      expect->why + ")");
    return ds;
  });
}

std::vector<double> Reader::read_reals(const Node& n, const char* name, std::optional<Expect> expect) const {
  hsize_t len = 0;
  const H5::DataSet ds = dataset(n, name, false, expect, len);
  return guard(n.child(name), [&] {
    std::vector<double> v(len);
    if (len != 0) ds.read(v.data(), H5::PredType::NATIVE_DOUBLE);
    return v;
  });
}

template <class T>
std::vector<T> Reader::read_ints(const Node& n, const char* name, std::optional<Expect> expect) const {
  const std::string where = n.child(name);
  hsize_t len = 0;
  const H5::DataSet ds = dataset(n, name, true, expect, len);
  const std::vector<int64_t> raw = guard(where, [&] {
    std::vector<int64_t> v(len);
    if (len != 0) ds.read(v.data(), H5::PredType::NATIVE_INT64);
    return v;
  });
  using L = std::numeric_limits<T>;
  std::vector<T> out(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] < int64_t{L::min()} || raw[i] > int64_t{L::max()})
      throw_field_error(file_, where + "[" + std::to_string(i) + "]", std::to_string(raw[i]),
                        std::to_string(L::min()) + ".." + std::to_string(L::max()));
    out[i] = static_cast<T>(raw[i]);
  }
  return out;
}

template <class E>
std::vector<E> to_enums(const std::vector<uint8_t>& bytes) {  // values are range-checked by validate()
  std::vector<E> out;
  out.reserve(bytes.size());
  for (uint8_t b : bytes) out.push_back(static_cast<E>(b));
  return out;
}

Population Reader::read_population(const Node& n, uint32_t version) const {
  Population p;
  p.name = read_string(n, "name");
  p.kind = read_enum(n, "kind", kPopulationKinds);
  p.size = read_int<uint32_t>(n, "size");
  if (version >= 2) p.model = read_enum(n, "model", kNeuronModels);
  if (p.model == NeuronModel::SrmAlpha) {
    p.srm.tau = read_real(n, "srm_tau");
    p.srm.tau_ref = read_real(n, "srm_tau_ref");
    p.srm.ref_kernel = read_enum(n, "srm_ref_kernel", kRefractoryKernels);
    p.srm.ref_scale = read_real(n, "srm_ref_scale");
  }
  p.lsb = read_real(n, "lsb");
  p.sigmoid_shift = read_int<int32_t>(n, "sigmoid_shift");
  const Expect per_neuron{p.is_input() ? 0 : p.size, p.is_input() ? "input population" : "one per neuron"};
  p.refrac = read_ints<uint8_t>(n, "refrac", per_neuron);
  p.reset = to_enums<ResetMode>(read_ints<uint8_t>(n, "reset", per_neuron));
  p.spike = to_enums<SpikeMode>(read_ints<uint8_t>(n, "spike", per_neuron));
  p.lfsr_seed = read_ints<uint16_t>(n, "lfsr_seed", per_neuron);
  p.real.du = read_reals(n, "du", per_neuron);
  p.real.dv = read_reals(n, "dv", per_neuron);
  p.real.theta = read_reals(n, "theta", per_neuron);
  p.real.bias = read_reals(n, "bias", per_neuron);
  if (has(n, "du_q")) {  // the fixed-point twin comes as a set
    p.fixed.du = read_ints<int32_t>(n, "du_q", per_neuron);
    p.fixed.dv = read_ints<int32_t>(n, "dv_q", per_neuron);
    p.fixed.theta = read_ints<int32_t>(n, "theta_q", per_neuron);
    p.fixed.bias = read_ints<int32_t>(n, "bias_q", per_neuron);
  }
  if (has(n, "sigmoid_lut"))
    p.sigmoid_lut = read_ints<uint16_t>(n, "sigmoid_lut", Expect{fx::kSigmoidLutSize, "sigmoid LUT size"});
  return p;
}

// Size of population `index`, if it exists (a bad index is reported by validate()).
std::optional<uint64_t> population_size(const Network& net, uint32_t index) {
  if (index >= net.populations.size()) return std::nullopt;
  return net.populations[index].size;
}

// A rule needs version 4: in an older file it is refused, not ignored (the file would
// run without learning).
void Reader::read_plasticity(const Node& n, uint32_t version, Projection& pr) const {
  if (!guard(n.attr(kRuleAttr), [&] { return n.group.attrExists(kRuleAttr); })) return;
  if (version < kFirstPlasticityVersion)
    fail(n.attr(kRuleAttr), "a plasticity rule needs format version " + std::to_string(kFirstPlasticityVersion) +
                                " or later, but the file's version attribute is " + std::to_string(version));
  const std::string rule = read_string(n, kRuleAttr);
  const std::string params_text = read_string(n, kRuleParamsAttr);
  const plastic::RuleParams params =
      plastic::parse_rule_params(JsonInput(params_text, file_ + ":" + n.path + "/" + kRuleParamsAttr), "");
  pr.plasticity = ProjectionPlasticity{rule, plastic::compile_rule(rule, params, file_ + ": " + n.attr(kRuleAttr))};
}

Projection Reader::read_projection(const Node& n, const Network& net, uint32_t version) const {
  Projection pr;
  pr.name = read_string(n, "name");
  pr.pre = read_int<uint32_t>(n, "pre");
  pr.post = read_int<uint32_t>(n, "post");
  pr.layout = read_enum(n, "layout", kLayouts);
  pr.weight_bits = read_int<uint8_t>(n, "weight_bits");
  pr.scale.mant = read_int<uint8_t>(n, "scale_mant");
  pr.scale.exp = read_int<uint8_t>(n, "scale_exp");
  const auto pre_size = population_size(net, pr.pre), post_size = population_size(net, pr.post);

  std::optional<Expect> weight_len;
  if (pr.layout == Layout::Dense && pre_size && post_size) weight_len = Expect{*pre_size * *post_size, "pre size * post size"};
  pr.weight = read_reals(n, "weight", weight_len);
  const Expect per_synapse{pr.weight.size(), "one per synapse"};
  pr.delay = read_ints<uint8_t>(n, "delay", per_synapse);
  if (pr.layout == Layout::Sparse) {
    std::optional<Expect> rows;
    if (pre_size) rows = Expect{*pre_size + 1, "pre size + 1"};
    pr.row_ptr = read_ints<uint32_t>(n, "row_ptr", rows);
    pr.post_index = read_ints<uint32_t>(n, "post_index", per_synapse);
  }
  if (pr.weight_bits != 0) pr.code = read_ints<int8_t>(n, "code", per_synapse);
  read_plasticity(n, version, pr);
  return pr;
}

// The quantised twin beside the float members; a group without `code_bits` (written
// before quantisation existed, or by the SMNN trainer) is float only.
void Reader::read_mode_codes(const Node& n, ModeProjection& mp) const {
  if (!guard(n.attr("code_bits"), [&] { return n.group.attrExists("code_bits"); })) return;
  mp.code_bits = read_int<uint8_t>(n, "code_bits");
  if (mp.code_bits == 0) return;
  const Expect np{mp.xi_in.size(), "the same length as xi_in"};
  mp.xi_in_code = read_ints<int16_t>(n, "xi_in_q", np);
  mp.xi_out_code = read_ints<int16_t>(n, "xi_out_q", np);
  mp.lambda_code = read_ints<int16_t>(n, "lambda_q", Expect{mp.lambda.size(), "the same length as lambda"});
  mp.shift_out = read_int<uint8_t>(n, "shift_out");
  mp.shift_lambda = read_int<uint8_t>(n, "shift_lambda");
  mp.shift_in = read_int<uint8_t>(n, "shift_in");
  mp.rate_decay_fixed = read_int<int32_t>(n, "rate_decay_q");
  mp.rate_amp = read_int<int32_t>(n, "rate_amp_q");
}

Encoder Reader::read_encoder(const Node& root) const {
  const Node n = group(root, "encoder");
  Encoder e;
  e.kind = read_enum(n, "kind", kEncoderKinds);
  e.steps = read_int<uint32_t>(n, "steps");
  e.latency_steps = read_int<uint32_t>(n, "latency_steps");
  e.max_rate = read_real(n, "max_rate");
  e.current_gain = read_real(n, "current_gain");
  e.min_intensity = read_real(n, "min_intensity");
  e.seed = read_int<uint32_t>(n, "seed");
  return e;
}

Readout Reader::read_readout(const Node& root) const {
  const Node n = group(root, "readout");
  Readout r;
  r.kind = read_enum(n, "kind", kReadoutKinds);
  r.population = read_int<uint32_t>(n, "population");
  return r;
}

std::vector<CorePlacement> Reader::read_mapping(const Node& root) const {
  if (!has(root, "mapping")) return {};  // not mapped yet
  const Node n = group(root, "mapping");
  const auto population = read_ints<uint32_t>(n, "population", std::nullopt);
  const Expect per_core{population.size(), "one per /mapping/population entry"};
  const auto first = read_ints<uint32_t>(n, "first_neuron", per_core);
  const auto count = read_ints<uint32_t>(n, "count", per_core);
  std::vector<CorePlacement> mapping(population.size());
  for (size_t i = 0; i < mapping.size(); ++i) mapping[i] = CorePlacement{population[i], first[i], count[i]};
  return mapping;
}

// Sizes are checked against the population when it exists (validate() reports the rest).
std::vector<ModeProjection> Reader::read_mode_projections(const Node& root, const Network& net) const {
  if (!has(root, "mode_projections")) return {};
  const Node parent = group(root, "mode_projections");
  std::vector<ModeProjection> mps;
  for (size_t i = 0, n = member_count(parent); i < n; ++i) {
    const Node g = group(parent, std::to_string(i));
    ModeProjection mp;
    mp.name = read_string(g, "name");
    mp.population = read_int<uint32_t>(g, "population");
    mp.modes = read_int<uint32_t>(g, "modes");
    mp.rate_decay = read_real(g, "rate_decay");
    // A mode count out of range is validate()'s to report, by name.
    const bool modes_ok = mp.modes >= 1 && mp.modes <= kMaxModes;
    std::optional<Expect> factor, per_mode;
    const auto size = population_size(net, mp.population);
    if (size && modes_ok) factor = Expect{*size * mp.modes, "population size x modes"};
    if (modes_ok) per_mode = Expect{mp.modes, "one per mode"};
    mp.xi_in = read_reals(g, "xi_in", factor);
    mp.xi_out = read_reals(g, "xi_out", factor);
    mp.lambda = read_reals(g, "lambda", per_mode);
    read_mode_codes(g, mp);
    mps.push_back(std::move(mp));
  }
  return mps;
}

Network Reader::read() const {
  const H5::H5File file = open();
  const Node root{guard("/", [&] { return file.openGroup("/"); }), "/"};
  const uint32_t version = check_format(root);

  Network net;
  net.version = kNetworkFormatVersion;
  net.file_version = version;
  net.name = read_string(root, "name");
  net.description = read_string(root, "description");
  const Node pops = group(root, "populations");
  for (size_t i = 0, n = member_count(pops); i < n; ++i)
    net.populations.push_back(read_population(group(pops, std::to_string(i)), version));
  const Node projs = group(root, "projections");
  for (size_t i = 0, n = member_count(projs); i < n; ++i)
    net.projections.push_back(read_projection(group(projs, std::to_string(i)), net, version));
  net.encoder = read_encoder(root);
  net.readout = read_readout(root);
  net.mapping = read_mapping(root);
  if (version >= 4) net.mode_projections = read_mode_projections(root, net);
  const bool stored_hw = version >= 3 && guard(root.attr("hw_config"), [&] { return root.group.attrExists("hw_config"); });
  if (stored_hw) net.hw = parse_hw_config(JsonInput(read_string(root, "hw_config"), file_ + ":/hw_config"));
  return net;
}

}  // namespace

Network read_network(const std::string& path) {
  Network net = [&] {
    const Hdf5ErrorScope errors;
    return Reader(path).read();
  }();
  validate(net, path);
  return net;
}

void write_network(const Network& net, const std::string& path) {
  validate(net, path);
  const Hdf5ErrorScope errors;
  write_atomically(path, [&](const std::string& tmp) {
    try {
      write_file(net, tmp);
    } catch (const H5::Exception& e) {
      throw InputError(path + ": cannot write network file (" + hdf5_cause(e) + ")");
    }
  });
}

}  // namespace nmx
