#include "smnn/smnn_checkpoint.hpp"

#include <cstring>
#include <fstream>
#include <sstream>

#include <zlib.h>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace nmx {
namespace {

constexpr char kMagic[8] = {'N', 'M', 'X', 'S', 'M', 'N', 'C', '1'};

void put_bytes(std::string& b, const void* p, size_t n) { b.append(static_cast<const char*>(p), n); }
template <typename T>
void put(std::string& b, T v) {
  put_bytes(b, &v, sizeof v);
}
void put(std::string& b, const std::vector<double>& v) { put_bytes(b, v.data(), v.size() * sizeof(double)); }

class Reader {
 public:
  Reader(const std::string& bytes, const std::string& path) : b_(bytes), path_(path) {}
  template <typename T>
  T get() {
    T v;
    need(sizeof v);
    std::memcpy(&v, b_.data() + pos_, sizeof v);
    pos_ += sizeof v;
    return v;
  }
  std::vector<double> get(size_t n) {
    need(n * sizeof(double));
    std::vector<double> v(n);
    std::memcpy(v.data(), b_.data() + pos_, n * sizeof(double));
    pos_ += n * sizeof(double);
    return v;
  }
  size_t left() const { return b_.size() - pos_; }

 private:
  void need(size_t n) const {
    if (pos_ + n > b_.size()) throw InputError(path_ + ": checkpoint is truncated");
  }
  const std::string& b_;
  std::string path_;
  size_t pos_ = 0;
};

std::string shape_text(const smnn::Shape& s) {
  return std::to_string(s.inputs) + " inputs, N = " + std::to_string(s.neurons) + ", P = " + std::to_string(s.modes) +
         ", " + std::to_string(s.outputs) + " outputs, " + std::to_string(s.steps) + " steps";
}

}  // namespace

void write_smnn_checkpoint(const std::string& path, const SmnnCheckpoint& c) {
  std::string b(kMagic, sizeof kMagic);
  const smnn::Shape& s = c.params.shape;
  for (uint32_t v : {s.inputs, s.neurons, s.modes, s.outputs, s.steps, c.task, c.epoch}) put(b, v);
  put(b, c.adam_step);
  put(b, c.seed);
  put(b, static_cast<uint32_t>(c.history.size()));
  for (const auto& h : c.history)
    for (uint32_t k = 0; k < kSmnnHistoryFields; ++k) put(b, k < h.size() ? h[k] : 0.0);
  put(b, c.params.v);
  put(b, c.m);
  put(b, c.v);
  put(b, static_cast<uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(b.data()), static_cast<uInt>(b.size()))));
  write_atomically(path, [&](const std::string& tmp) {
    std::ofstream out(tmp, std::ios::binary);
    out.write(b.data(), static_cast<std::streamsize>(b.size()));
    if (!out) throw InputError(path + ": cannot write the checkpoint");
  });
}

SmnnCheckpoint read_smnn_checkpoint(const std::string& path, const smnn::Shape& expected, uint32_t task) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open the checkpoint");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string bytes = ss.str();
  if (bytes.size() < sizeof kMagic + 4 || std::memcmp(bytes.data(), kMagic, sizeof kMagic - 1) != 0)
    throw InputError(path + ": not an nmx SMNN-training checkpoint");
  uint32_t stored;
  std::memcpy(&stored, bytes.data() + bytes.size() - 4, 4);
  const auto crc =
      static_cast<uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size() - 4)));
  if (crc != stored) throw InputError(path + ": checkpoint is damaged (CRC mismatch)");
  if (bytes[sizeof kMagic - 1] != kMagic[sizeof kMagic - 1])
    throw InputError(path + ": checkpoint format version " + std::string(1, bytes[sizeof kMagic - 1]) +
                     " is not one this build reads (1)");
  Reader r(bytes, path);
  for (size_t k = 0; k < sizeof kMagic; ++k) r.get<char>();
  SmnnCheckpoint c;
  smnn::Shape& s = c.params.shape;
  s.inputs = r.get<uint32_t>(), s.neurons = r.get<uint32_t>(), s.modes = r.get<uint32_t>();
  s.outputs = r.get<uint32_t>(), s.steps = r.get<uint32_t>();
  c.task = r.get<uint32_t>();
  if (s.inputs != expected.inputs || s.neurons != expected.neurons || s.modes != expected.modes ||
      s.outputs != expected.outputs || s.steps != expected.steps || c.task != task)
    throw InputError(path + ": checkpoint is of " + std::string(c.task ? "selective" : "mnist") + ", " +
                     shape_text(s) + "; this run is " + (task ? "selective" : "mnist") + ", " + shape_text(expected) +
                     " (use another --checkpoint, or the run's own options)");
  c.epoch = r.get<uint32_t>();
  c.adam_step = r.get<uint64_t>();
  c.seed = r.get<uint64_t>();
  const uint32_t n_hist = r.get<uint32_t>();
  if (n_hist > 100000) throw InputError(path + ": checkpoint is damaged (history)");
  for (uint32_t e = 0; e < n_hist; ++e) c.history.push_back(r.get(kSmnnHistoryFields));
  const size_t n = smnn::ParamLayout(s).total;
  c.params.v = r.get(n), c.m = r.get(n), c.v = r.get(n);
  if (r.left() != 4) throw InputError(path + ": checkpoint is damaged (trailing bytes)");
  return c;
}

}  // namespace nmx
