#include "rtl_user/sized_chip.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "core/error.hpp"
#include "core/temp_path.hpp"
#include "l3/rtl_image.hpp"

namespace nmx {
namespace fs = std::filesystem;
namespace {

constexpr const char* kOptFast = "-O2";  // built once, run many times (user_core.hpp)

// FNV-1a, 64 bits: a stable name for a build (std::hash may differ between builds of nmx).
struct Fnv {
  uint64_t h = 14695981039346656037ull;
  void add(const std::string& s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;  // a separator, so "ab","c" differs from "a","bc"
  }
};

std::string file_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// What the library depends on: the sizes, the interface version, the tool and every
// source it is built from (all of rtl/, the adapter and its header).
std::string build_key(const l3::RtlLimits& limits, uint32_t threads) {
  const RtlBuildTools& tools = rtl_build_tools();
  Fnv f;
  f.add(std::to_string(l3::kRtlChipAbi));
  f.add(tools.verilator);
  f.add(kOptFast);
  f.add(kSizedChipGates);
  if (threads > 1) f.add("threads=" + std::to_string(threads));
  for (const auto& [name, value] : l3::rtl_parameters(limits)) f.add(std::string(name) + "=" + std::to_string(value));
  std::vector<fs::path> sources;
  for (const auto& e : fs::directory_iterator(tools.rtl_dir))
    if (e.path().extension() == ".sv" || e.path().extension() == ".svh") sources.push_back(e.path());
  std::sort(sources.begin(), sources.end());
  sources.push_back(fs::path(tools.sim_dir) / "l3" / "rtl_chip_verilated.cpp");
  sources.push_back(fs::path(tools.sim_dir) / "l3" / "rtl_chip.hpp");
  for (const fs::path& p : sources) {
    f.add(p.filename().string());
    f.add(file_text(p));
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(f.h));
  return "c" + std::to_string(limits.cores) + "-" + hex;
}

}  // namespace

std::string nmx_cache_dir() {
  if (const char* d = std::getenv("NMX_CACHE_DIR"); d && *d) return d;
  if (const char* d = std::getenv("XDG_CACHE_HOME"); d && *d) return (fs::path(d) / "nmx").string();
  if (const char* d = std::getenv("HOME"); d && *d) return (fs::path(d) / ".cache" / "nmx").string();
  return (fs::temp_directory_path() / "nmx-cache").string();
}

l3::RtlChipFactory sized_rtl_chip(const l3::RtlLimits& limits, const Say& say, uint32_t threads) {
  const fs::path root = fs::path(nmx_cache_dir()) / "rtl";
  const fs::path final_dir = root / build_key(limits, threads);
  const fs::path so = final_dir / "chip.so";
  if (fs::exists(so)) {
    say("RTL chip for this network's sizes: " + so.string() + " (cached)");
    return load_chip_library(so.string());
  }
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec) throw std::runtime_error(root.string() + ": cannot create the RTL chip cache (" + ec.message() +
                                   "); set NMX_CACHE_DIR to a writable folder");
  TempPath build = TempPath::new_dir(".build-", root.string());
  verilate_chip({}, "nmx_core", limits, build.path(), say, kOptFast, threads);
  // Keep the library and the log, not Verilator's objects (tens of MB).
  TempPath staged = TempPath::new_dir(".stage-", root.string());
  fs::rename(fs::path(build.path()) / "obj" / "chip.so", fs::path(staged.path()) / "chip.so");
  fs::rename(fs::path(build.path()) / "verilator.log", fs::path(staged.path()) / "verilator.log");
  fs::rename(staged.path(), final_dir, ec);  // fails if a concurrent run published first: use its copy
  if (!ec) staged.commit();
  if (!fs::exists(so)) throw std::runtime_error(so.string() + ": the chip library was not published");
  say("cached as " + so.string());
  return load_chip_library(so.string());
}

l3::RtlChipFactory rtl_chip_for(const ChipImage& chip, RtlChipChoice choice, const Say& say, uint32_t threads) {
  if (choice == RtlChipChoice::Builtin) {
    l3::build_rtl_image(chip, l3::rtl_limits());  // a network that does not fit fails here, naming the limit
    return {};
  }
  if (choice == RtlChipChoice::Auto) {
    try {
      l3::build_rtl_image(chip, l3::rtl_limits());
      return {};
    } catch (const InputError& e) {
      say(std::string(e.what()) + ": using a chip Verilated for the network instead");
    }
  }
  return sized_rtl_chip(l3::sized_rtl_limits(chip), say, threads);
}

}  // namespace nmx
