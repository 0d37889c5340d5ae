#include "data/idx.hpp"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/error.hpp"

namespace nmx {
namespace {

// Reads go through zlib's internal buffer (chunk < buffer): only then does zlib notice a gzip
// stream whose trailer is cut off after the last data byte. (It still cannot when the data
// ends exactly on a buffer boundary; the byte-count check catches every other truncation.)
constexpr unsigned kGzBuffer = 256 * 1024;
constexpr size_t kBlock = 64 * 1024;  // read granularity; also bounds memory before sizes are trusted

std::string hex32(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08X", static_cast<unsigned>(v));
  return buf;
}

// gzread reads gzip and plain files alike, so one reader serves .gz and unpacked IDX files.
class GzReader {
 public:
  explicit GzReader(const std::string& path) : path_(path), f_(gzopen(path.c_str(), "rb")) {
    if (!f_) throw InputError(path + ": cannot open (" + std::strerror(errno) + ")");
    gzbuffer(f_, kGzBuffer);
  }
  ~GzReader() { gzclose(f_); }
  GzReader(const GzReader&) = delete;
  GzReader& operator=(const GzReader&) = delete;

  // Reads up to n bytes; fewer only at end of file. A corrupt gzip stream is an InputError.
  size_t read(void* buf, size_t n) {
    size_t done = 0;
    while (done < n) {
      const unsigned want = static_cast<unsigned>(std::min(n - done, kBlock));
      const int got = gzread(f_, static_cast<char*>(buf) + done, want);
      if (got < 0) throw InputError(path_ + ": not a readable gzip or IDX file (" + last_error() + ")");
      if (got == 0) break;
      done += static_cast<size_t>(got);
    }
    return done;
  }

  // Reads up to n bytes in blocks, so a header claiming billions of items cannot make us
  // allocate more than the file really holds.
  std::vector<uint8_t> read_bytes(uint64_t n) {
    std::vector<uint8_t> out;
    while (out.size() < n) {
      const size_t want = static_cast<size_t>(std::min<uint64_t>(n - out.size(), kBlock));
      const size_t old = out.size();
      out.resize(old + want);
      const size_t got = read(out.data() + old, want);
      out.resize(old + got);
      if (got < want) break;
    }
    return out;
  }

  // zlib reports a gzip stream that stops mid-way only softly (Z_BUF_ERROR, gzread returns 0).
  bool stream_cut_off() {
    int code = Z_OK;
    gzerror(f_, &code);
    return code == Z_BUF_ERROR;
  }

  // Counts the bytes left, to report trailing garbage or the true size of a truncated file.
  uint64_t count_rest() {
    std::vector<char> buf(kBlock);
    uint64_t total = 0;
    for (size_t got; (got = read(buf.data(), buf.size())) > 0;) total += got;
    return total;
  }

 private:
  std::string last_error() {
    int code = 0;
    const char* msg = gzerror(f_, &code);
    return code == Z_ERRNO ? std::strerror(errno) : msg;
  }

  std::string path_;
  gzFile f_;
};

uint32_t big_endian(const uint8_t* p) {
  return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | uint32_t{p[3]};
}

// Reads the header as big-endian words; magic is checked first so a wrong or tiny file
// gets the most useful message.
std::vector<uint32_t> read_header(GzReader& in, const std::string& path, uint32_t magic,
                                  size_t words, const char* what) {
  std::vector<uint8_t> raw = in.read_bytes(4 * words);
  if (raw.size() >= 4 && big_endian(raw.data()) != magic) {
    const uint32_t found = big_endian(raw.data());
    std::string hint;
    if (found == kIdxImagesMagic) hint = " (this is an IDX images file)";
    if (found == kIdxLabelsMagic) hint = " (this is an IDX labels file)";
    throw InputError(path + ": IDX magic = " + hex32(found) + hint + ", expected " + hex32(magic) +
                     " (" + what + "); is this the right file, gzip-compressed IDX?");
  }
  if (raw.size() < 4 * words)
    throw InputError(path + ": truncated header: expected " + std::to_string(4 * words) +
                     " bytes, got " + std::to_string(raw.size()));
  std::vector<uint32_t> header(words);
  for (size_t i = 0; i < words; ++i) header[i] = big_endian(raw.data() + 4 * i);
  return header;
}

// The whole file must be exactly header + payload bytes: catches truncated downloads
// and concatenated or padded files alike.
void check_size(GzReader& in, const std::string& path, uint64_t expected, uint64_t got,
                const std::string& layout) {
  const bool cut_off = in.stream_cut_off();
  if (got == expected && !cut_off) return;
  if (got == expected)
    throw InputError(path + ": gzip stream is cut off (its trailer is missing) after all " +
                     std::to_string(expected) + " bytes (" + layout + "); the file is damaged");
  const char* problem = got < expected ? "truncated" : "trailing data after the last item";
  throw InputError(path + ": " + problem + ": expected " + std::to_string(expected) + " bytes (" +
                   layout + "), got " + std::to_string(got) +
                   (cut_off ? "; the gzip stream itself is cut off" : ""));
}

uint64_t kept_items(uint32_t count, size_t limit) {
  return limit == 0 ? count : std::min<uint64_t>(count, limit);
}

}  // namespace

IdxImages read_idx_images(const std::string& path, size_t limit) {
  GzReader in(path);
  const std::vector<uint32_t> h = read_header(in, path, kIdxImagesMagic, 4, "IDX images, 3 dimensions");
  IdxImages out;
  out.count = h[1];
  if (h[2] != kIdxSide || h[3] != kIdxSide)
    throw InputError(path + ": image size = " + std::to_string(h[2]) + "x" + std::to_string(h[3]) +
                     ", expected 28x28");

  const uint64_t pixels_per_image = uint64_t{kIdxSide} * kIdxSide;
  const uint64_t header_bytes = 16;
  const uint64_t expected = header_bytes + uint64_t{out.count} * pixels_per_image;
  const std::vector<uint8_t> raw = in.read_bytes(kept_items(out.count, limit) * pixels_per_image);
  const uint64_t got = header_bytes + raw.size() + in.count_rest();
  check_size(in, path, expected, got,
             "16-byte header + " + std::to_string(out.count) + " images of 28x28");

  out.pixels.resize(raw.size());
  std::transform(raw.begin(), raw.end(), out.pixels.begin(),
                 [](uint8_t b) { return static_cast<float>(b) / 255.0f; });
  return out;
}

IdxLabels read_idx_labels(const std::string& path, size_t limit) {
  GzReader in(path);
  const std::vector<uint32_t> h = read_header(in, path, kIdxLabelsMagic, 2, "IDX labels, 1 dimension");
  IdxLabels out;
  out.count = h[1];

  // Label files are small: read and validate all of them, then keep the prefix.
  const uint64_t header_bytes = 8;
  out.labels = in.read_bytes(out.count);
  const uint64_t got = header_bytes + out.labels.size() + in.count_rest();
  check_size(in, path, header_bytes + out.count, got,
             "8-byte header + " + std::to_string(out.count) + " labels");
  for (size_t i = 0; i < out.labels.size(); ++i)
    if (out.labels[i] > 9)
      throw_field_error(path, "label[" + std::to_string(i) + "]", std::to_string(out.labels[i]), "0..9");
  out.labels.resize(kept_items(out.count, limit));
  return out;
}

}  // namespace nmx
