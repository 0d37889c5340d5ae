#include "optim/checkpoint_io.hpp"

#include <cstdint>
#include <fstream>
#include <sstream>

#include <zlib.h>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace nmx::optim {
namespace {

uint32_t crc_of(const std::string& b, size_t n) {
  return static_cast<uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(b.data()), static_cast<uInt>(n)));
}

}  // namespace

void CheckpointWriter::write(const std::string& path) {
  put(crc_of(bytes_, bytes_.size()));
  write_atomically(path, [&](const std::string& tmp) {
    std::ofstream out(tmp, std::ios::binary);
    out.write(bytes_.data(), static_cast<std::streamsize>(bytes_.size()));
    if (!out) throw InputError(path + ": cannot write the checkpoint");
  });
}

std::string read_checkpoint_bytes(const std::string& path, const char* magic, size_t magic_bytes, size_t prefix,
                                  const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open the checkpoint");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string bytes = ss.str();
  if (bytes.size() < magic_bytes + 4 || std::memcmp(bytes.data(), magic, prefix) != 0)
    throw InputError(path + ": not an nmx " + what + " checkpoint");
  // The CRC first, so a damaged version byte or shape reads as damage, not as a newer file.
  uint32_t stored;
  std::memcpy(&stored, bytes.data() + bytes.size() - 4, 4);
  if (crc_of(bytes, bytes.size() - 4) != stored) throw InputError(path + ": checkpoint is damaged (CRC mismatch)");
  return bytes;
}

void CheckpointReader::need(size_t n) const {
  if (pos_ + n > b_.size()) throw InputError(path_ + ": checkpoint is truncated");
}

}  // namespace nmx::optim
