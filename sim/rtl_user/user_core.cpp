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

// Set by sim/CMakeLists.txt: where nmx's RTL and the pin adapter are, the tools, and the
// -G parameters of the built-in chip other than Cores (the load image's layout needs them).
constexpr const char* kRtlDir = NMX_RTL_DIR;
constexpr const char* kSimDir = NMX_SIM_DIR;
constexpr const char* kVerilator = NMX_VERILATOR;
constexpr const char* kGParams = NMX_RTL_USER_GPARAMS;

std::vector<std::string> split_words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// Verilator's first errors, turned into what the user has to fix.
std::string explain_failure(const std::string& log_path, const UserCore& core) {
  std::ifstream log(log_path);
  std::vector<std::string> errors;
  for (std::string line; std::getline(log, line);)
    if (line.rfind("%Error", 0) == 0 && line.find("Exiting due to") == std::string::npos) errors.push_back(line);
  static const std::regex pin(R"(Pin not found: '([^']+)')"), param(R"(Parameter (?:pin )?not found: '([^']+)')"),
      no_module(R"(Cannot find file containing module: '([^']+)')");
  std::smatch m;
  for (const std::string& e : errors) {
    if (std::regex_search(e, m, no_module) && m[1] == core.top)
      return "--top " + core.top + ": no module of that name in the --rtl files";
    const bool at_chip = e.find("nmx_chip.sv") != std::string::npos;  // the chip's instance of the core
    if (at_chip && std::regex_search(e, m, pin))
      return "core '" + core.top + "' lacks the interface port '" + m[1].str() +
             "' (docs/core-interface.md lists the ports)\n" + e;
    if (at_chip && std::regex_search(e, m, param))
      return "core '" + core.top + "' lacks the interface parameter '" + m[1].str() +
             "' (docs/core-interface.md lists the parameters)\n" + e;
  }
  std::string text = "Verilator could not build the chip around core '" + core.top + "' (log: " + log_path + ")";
  for (size_t i = 0; i < errors.size() && i < 5; ++i) text += "\n" + errors[i];
  if (errors.empty()) text += "\nno %Error line: see the log";
  return text;
}

void run_step(const std::vector<std::string>& argv, const std::string& log, const UserCore& core) {
  const ProcessExit x = run_process(argv, log);
  if (!x.exited && x.code == SIGINT) {
    request_interrupt();
    throw Interrupted();
  }
  throw_if_interrupted();
  if (!x.exited || x.code != 0) throw InputError(explain_failure(log, core));
}

}  // namespace

l3::RtlChipFactory build_user_core(const UserCore& core, const std::function<void(const std::string&)>& say) {
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
  const std::string obj = dir.path() + "/obj", log = dir.path() + "/verilator.log";
  const std::string cores = std::to_string(core.cores);
  std::vector<std::string> argv = {kVerilator, "--cc", "--exe", "--build", "-j", "2", "--Mdir", obj,
                                   "--prefix", "Vnmx_chip", "--top-module", "nmx_chip", "-O3", "--x-assign", "fast",
                                   "--x-initial", "fast", "--trace-fst", "-Wno-fatal", "+define+NMX_CORE=" + core.top,
                                   "-GCores=" + cores, "-GPlasticity=1'b1"};
  for (const std::string& g : split_words(kGParams)) argv.push_back(g);
  argv.insert(argv.end(), {"-y", kRtlDir, std::string(kRtlDir) + "/nmx_pkg.sv"});
  argv.insert(argv.end(), files.begin(), files.end());
  argv.insert(argv.end(), {std::string(kRtlDir) + "/nmx_router.sv", std::string(kRtlDir) + "/nmx_chip.sv",
                           std::string(kSimDir) + "/l3/rtl_chip_verilated.cpp", "-o", "chip.so",
                           // the library keeps its own Verilator runtime: hidden, bound to itself
                           "-CFLAGS", "-fPIC -fvisibility=hidden -std=c++17 -DNMX_RTL_PLUGIN -DNMX_RTL_Cores=" + cores +
                                          " -I" + kSimDir,
                           "-LDFLAGS", "-shared -Wl,-Bsymbolic",
                           // one run per check: compile time matters more than the last 2x of speed
                           "-MAKEFLAGS", "OPT_FAST=-O1 OPT_SLOW=-O0 OPT_GLOBAL=-O1"});
  say("verilating nmx_chip around core '" + core.top + "' (" + cores + " core" + (core.cores == 1 ? "" : "s") +
      "), log " + log);
  const auto start = std::chrono::steady_clock::now();
  run_step(argv, log, core);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  say("built in " + std::to_string(static_cast<int>(seconds + 0.5)) + " s");

  const std::string so = obj + "/chip.so";
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
