#include "rtl_user/user_core.hpp"

#include <dlfcn.h>

#include <csignal>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/spawn_process.hpp"
#include "core/temp_path.hpp"

namespace nmx {
namespace fs = std::filesystem;
namespace {

// Set by sim/CMakeLists.txt: where nmx's RTL and the pin adapter are, and the tool.
constexpr const char* kRtlDir = NMX_RTL_DIR;
constexpr const char* kSimDir = NMX_SIM_DIR;
constexpr const char* kVerilator = NMX_VERILATOR;

// Verilator's first errors, turned into what the user has to fix.
std::string explain_failure(const std::string& log_path, const std::string& top) {
  std::ifstream log(log_path);
  std::vector<std::string> errors;
  for (std::string line; std::getline(log, line);)
    if (line.rfind("%Error", 0) == 0 && line.find("Exiting due to") == std::string::npos) errors.push_back(line);
  static const std::regex pin(R"(Pin not found: '([^']+)')"), param(R"(Parameter (?:pin )?not found: '([^']+)')"),
      no_module(R"(Cannot find file containing module: '([^']+)')");
  std::smatch m;
  for (const std::string& e : errors) {
    if (std::regex_search(e, m, no_module) && m[1] == top)
      return "--top " + top + ": no module of that name in the --rtl files";
    const bool at_chip = e.find("nmx_chip.sv") != std::string::npos;  // the chip's instance of the core
    if (at_chip && std::regex_search(e, m, pin))
      return "core '" + top + "' lacks the interface port '" + m[1].str() +
             "' (docs/core-interface.md lists the ports)\n" + e;
    if (at_chip && std::regex_search(e, m, param))
      return "core '" + top + "' lacks the interface parameter '" + m[1].str() +
             "' (docs/core-interface.md lists the parameters)\n" + e;
  }
  std::string text = "Verilator could not build the chip around core '" + top + "' (log: " + log_path + ")";
  for (size_t i = 0; i < errors.size() && i < 5; ++i) text += "\n" + errors[i];
  if (errors.empty()) text += "\nno %Error line: see the log";
  return text;
}

void run_step(const std::vector<std::string>& argv, const std::string& log, const std::string& top) {
  const ProcessExit x = run_process(argv, log);
  if (!x.exited && x.code == SIGINT) {
    request_interrupt();
    throw Interrupted();
  }
  throw_if_interrupted();
  if (!x.exited || x.code != 0) throw InputError(explain_failure(log, top));
}

}  // namespace

const RtlBuildTools& rtl_build_tools() {
  static const RtlBuildTools tools{kRtlDir, kSimDir, kVerilator};
  return tools;
}

l3::RtlChipFactory build_user_core(const UserCore& core, const Say& say) {
  if (core.files.empty()) throw InputError("--rtl: give the core's SystemVerilog files");
  static const std::regex identifier("[A-Za-z_][A-Za-z0-9_$]*");
  if (!std::regex_match(core.top, identifier))
    throw InputError("--top '" + core.top + "': a SystemVerilog module name is required");
  std::vector<std::string> files;
  const fs::path package = fs::weakly_canonical(fs::path(kRtlDir) / "nmx_pkg.sv");
  for (const std::string& f : core.files) {
    std::ifstream probe(f);
    if (!probe) throw InputError("--rtl " + f + ": cannot read the file");
    if (fs::weakly_canonical(f) != package) files.push_back(fs::absolute(f).string());  // the package goes first anyway
  }

  TempPath dir = core.build_dir.empty() ? TempPath::new_dir("nmx-rtl-") : TempPath(core.build_dir);
  if (!core.build_dir.empty()) {
    dir.commit();
    std::error_code ec;
    fs::create_directories(core.build_dir, ec);
    if (ec) throw InputError("--rtl-build " + core.build_dir + ": cannot create the folder (" + ec.message() + ")");
  }
  verilate_chip(files, core.top, core.limits, dir.path(), say);
  return load_chip_library(dir.path() + "/obj/chip.so");
}

void verilate_chip(const std::vector<std::string>& files, const std::string& top, const l3::RtlLimits& limits,
                   const std::string& dir, const Say& say, const std::string& opt_fast, uint32_t threads) {
  const std::string obj = dir + "/obj", log = dir + "/verilator.log";
  const bool own = files.empty();  // nmx's own core: its fault hooks too, as in the built-in chip
  std::vector<std::string> argv = {kVerilator, "--cc", "--exe", "--build", "-j", "2", "--Mdir", obj,
                                   "--prefix", "Vnmx_chip", "--top-module", "nmx_chip", "-O3", "--x-assign", "fast",
                                   "--x-initial", "fast", "--trace-fst", "-Wno-fatal", "+define+NMX_CORE=" + top,
                                   kSizedChipGates};
  if (own) argv.push_back("-GFaultsEnabled=1'b1");
  if (threads > 1) argv.insert(argv.end(), {"--threads", std::to_string(threads)});  // the model's own threads
  std::string defines;
  for (const auto& [name, value] : l3::rtl_parameters(limits)) {
    argv.push_back("-G" + std::string(name) + "=" + std::to_string(value));
    defines += " -DNMX_RTL_" + std::string(name) + "=" + std::to_string(value);
  }
  argv.insert(argv.end(), {"-y", kRtlDir, std::string(kRtlDir) + "/nmx_pkg.sv"});
  argv.insert(argv.end(), files.begin(), files.end());
  argv.insert(argv.end(), {std::string(kRtlDir) + "/nmx_router.sv", std::string(kRtlDir) + "/nmx_chip.sv",
                           std::string(kSimDir) + "/l3/rtl_chip_verilated.cpp", "-o", "chip.so",
                           // the library keeps its own Verilator runtime: hidden, bound to itself
                           "-CFLAGS", "-fPIC -fvisibility=hidden -std=c++17 -DNMX_RTL_PLUGIN -I" + std::string(kSimDir) + defines,
                           "-LDFLAGS", "-shared -Wl,-Bsymbolic",
                           "-MAKEFLAGS", "OPT_FAST=" + opt_fast + " OPT_SLOW=-O0 OPT_GLOBAL=-O1"});
  say("verilating nmx_chip around core '" + top + "' (" + std::to_string(limits.cores) + " core" +
      (limits.cores == 1 ? "" : "s") + ", " + std::to_string(limits.column_entries) + " column entries, " +
      std::to_string(limits.synapse_words) + " synapse words), log " + log);
  const auto start = std::chrono::steady_clock::now();
  run_step(argv, log, top);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  say("built in " + std::to_string(static_cast<int>(seconds + 0.5)) + " s");
}

l3::RtlChipFactory load_chip_library(const std::string& so) {
  void* handle = ::dlopen(so.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) throw std::runtime_error(so + ": cannot load the chip library: " + ::dlerror());
  std::shared_ptr<void> library(handle, [](void* h) { ::dlclose(h); });
  auto abi = reinterpret_cast<int (*)()>(::dlsym(handle, "nmx_rtl_chip_abi"));
  auto create = reinterpret_cast<l3::RtlChip* (*)(int)>(::dlsym(handle, "nmx_rtl_chip_create"));
  if (!abi || !create || abi() != l3::kRtlChipAbi)
    throw std::runtime_error(so + ": not a chip library of this nmx (interface version " +
                             std::to_string(l3::kRtlChipAbi) + ")");
  return [library, create](bool trace) { return std::unique_ptr<l3::RtlChip>(create(trace ? 1 : 0)); };
}

}  // namespace nmx
