// The byte layer the gradient trainers' checkpoints share (delay, smnn): values appended in
// native byte order, a CRC-32 of everything before it as the last 4 bytes, the file written
// atomically; reading checks the magic's prefix and the CRC before any field is trusted.
// Each format keeps its own magic, version rule and fields.
#pragma once

#include <cstddef>
#include <cstring>
#include <string>
#include <vector>

namespace nmx::optim {

class CheckpointWriter {
 public:
  explicit CheckpointWriter(const char* magic, size_t magic_bytes) : bytes_(magic, magic_bytes) {}
  template <typename T>
  void put(const T& v) {
    bytes_.append(reinterpret_cast<const char*>(&v), sizeof(T));
  }
  void put(const std::vector<double>& v) { bytes_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(double)); }
  // Appends the CRC and writes the file through a temporary (nothing partial on failure).
  void write(const std::string& path);

 private:
  std::string bytes_;
};

// The file's bytes, CRC included, once its first `prefix` bytes equal `magic` and the CRC
// holds; `what` names the format in the error ("delay-training").
std::string read_checkpoint_bytes(const std::string& path, const char* magic, size_t magic_bytes, size_t prefix,
                                  const std::string& what);

class CheckpointReader {
 public:
  // Reads `bytes` (kept by reference) after the magic.
  CheckpointReader(const std::string& bytes, size_t magic_bytes, const std::string& path)
      : b_(bytes), path_(path), pos_(magic_bytes) {}
  template <typename T>
  T get() {
    T v;
    need(sizeof(T));
    std::memcpy(&v, b_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
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
  void need(size_t n) const;
  const std::string& b_;
  std::string path_;
  size_t pos_;
};

}  // namespace nmx::optim
