// IDX reader (the MNIST / Fashion-MNIST file format), gzip-compressed or plain.
// Every malformed input (missing file, wrong magic, wrong dimensions, truncation,
// trailing bytes, bad label) raises nmx::InputError naming the file and the problem.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace nmx {

constexpr uint32_t kIdxImagesMagic = 0x00000803;  // unsigned byte, 3 dimensions
constexpr uint32_t kIdxLabelsMagic = 0x00000801;  // unsigned byte, 1 dimension
constexpr uint32_t kIdxSide = 28;                 // the only image size nmx accepts

struct IdxImages {
  uint32_t count = 0;         // images declared in the header (the whole file is checked)
  uint32_t rows = kIdxSide, cols = kIdxSide;
  std::vector<float> pixels;  // min(count, limit) * rows * cols intensities in [0,1]
};

struct IdxLabels {
  uint32_t count = 0;           // labels declared in the header
  std::vector<uint8_t> labels;  // first min(count, limit) labels, each in 0..9
};

// limit 0 = all. The whole file is always read, so a truncated or over-long file
// is rejected even when only a prefix is kept.
IdxImages read_idx_images(const std::string& path, size_t limit = 0);
IdxLabels read_idx_labels(const std::string& path, size_t limit = 0);

}  // namespace nmx
