#include "sweep/point_request.hpp"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <stdexcept>

#include "core/atomic_file.hpp"
#include "net/network_io.hpp"

namespace nmx {
namespace {

namespace fs = std::filesystem;

std::string in_dir(const std::string& dir, const char* name) { return (fs::path(dir) / name).string(); }

// HDF5 (Debian's build) is not thread-safe, and the sweep's threads write requests at once.
std::mutex& hdf5_mutex() {
  static std::mutex m;
  return m;
}

void write_file(const std::string& path, const std::string& bytes) {
  write_atomically(path, [&](const std::string& tmp) {
    std::ofstream f(tmp, std::ios::binary);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!f.flush()) throw std::runtime_error("cannot write " + tmp);
  });
}

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

}  // namespace

std::string point_reply_path(const std::string& dir) { return in_dir(dir, "reply.json"); }

void write_point_request(const std::string& dir, const SweepSpec& spec, const Network& net, const Dataset& data,
                         const SweepPoint& p) {
  if (spec.text.empty()) throw std::logic_error("an L2 point worker needs the sweep spec's text");
  {
    std::lock_guard<std::mutex> lock(hdf5_mutex());
    write_network(net, in_dir(dir, "network.h5"));
  }
  // data.bin: the pixels (float, native order), then the labels: the worker runs on the same host.
  std::string bin(reinterpret_cast<const char*>(data.pixels.data()), data.pixels.size() * sizeof(float));
  bin.append(reinterpret_cast<const char*>(data.labels.data()), data.labels.size());
  write_file(in_dir(dir, "data.bin"), bin);
  const nlohmann::json req = {
      {"spec", spec.text}, {"source", spec.source}, {"point", p.key()},
      {"data", {{"name", data.name}, {"split", data.split}, {"rows", data.rows}, {"cols", data.cols},
                {"count", data.size()}}}};
  write_file(in_dir(dir, "request.json"), req.dump());
}

PointRequest read_point_request(const std::string& dir) {
  const std::string req_path = in_dir(dir, "request.json");
  nlohmann::json req;
  try {
    req = nlohmann::json::parse(read_file(req_path));
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(req_path + ": " + e.what());
  }
  PointRequest r;
  r.spec = parse_sweep_spec(req.at("spec").get<std::string>(), req.at("source").get<std::string>());
  const std::string key = req.at("point").get<std::string>();
  bool found = false;
  for (SweepPoint& p : sweep_points(r.spec))
    if (p.key() == key) r.point = std::move(p), found = true;
  if (!found) throw std::runtime_error(req_path + ": point " + key + " is not in the sweep");
  r.net = read_network(in_dir(dir, "network.h5"));

  const nlohmann::json& d = req.at("data");
  r.data.name = d.at("name").get<std::string>();
  r.data.split = d.at("split").get<std::string>();
  r.data.rows = d.at("rows").get<uint32_t>();
  r.data.cols = d.at("cols").get<uint32_t>();
  const size_t n = d.at("count").get<size_t>(), pixels = n * r.data.rows * r.data.cols;
  const std::string data_path = in_dir(dir, "data.bin");
  const std::string bin = read_file(data_path);
  if (bin.size() != pixels * sizeof(float) + n)
    throw std::runtime_error(data_path + ": " + std::to_string(bin.size()) + " bytes, expected " +
                             std::to_string(pixels * sizeof(float) + n));
  r.data.pixels.resize(pixels);
  std::memcpy(r.data.pixels.data(), bin.data(), pixels * sizeof(float));
  r.data.labels.assign(bin.begin() + static_cast<std::ptrdiff_t>(pixels * sizeof(float)), bin.end());
  return r;
}


}  // namespace nmx
