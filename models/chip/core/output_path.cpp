#include "core/output_path.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <sys/stat.h>
#include <unistd.h>

namespace nmx {
namespace fs = std::filesystem;
namespace {

// Creates and removes a probe entry in `dir`: access() says yes to root even where
// nothing can be created (/proc, a read-only bind mount).
std::string probe_problem(const fs::path& dir) {
  const fs::path probe = dir / (".nmx-probe-" + std::to_string(::getpid()));
  if (::mkdir(probe.c_str(), 0700) != 0) return std::strerror(errno);
  ::rmdir(probe.c_str());
  return "";
}

std::string writable_dir_problem(const std::string& path, const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return path + ": folder " + dir.string() + " does not exist";
  if (!fs::is_directory(dir, ec)) return path + ": " + dir.string() + " is not a folder";
  if (const std::string why = probe_problem(dir); !why.empty())
    return path + ": cannot write in " + dir.string() + " (" + why + ")";
  return "";
}

fs::path parent_or_dot(const fs::path& p) { return p.has_parent_path() ? p.parent_path() : fs::path("."); }

}  // namespace

std::string output_file_problem(const std::string& path) {
  if (path.empty()) return "empty output path";
  const fs::path p(path);
  std::error_code ec;
  if (fs::is_directory(p, ec)) return path + ": is a folder, expected a file";
  if (auto problem = writable_dir_problem(path, parent_or_dot(p)); !problem.empty()) return problem;
  if (fs::exists(p, ec) && ::access(p.c_str(), W_OK) != 0)
    return path + ": cannot write (" + std::string(std::strerror(errno)) + ")";
  return "";
}

std::string output_dir_problem(const std::string& path) {
  if (path.empty()) return "empty output folder";
  fs::path p(path);
  std::error_code ec;
  if (fs::exists(p, ec)) {
    if (!fs::is_directory(p, ec)) return path + ": exists and is not a folder";
    const std::string why = probe_problem(p);
    return why.empty() ? "" : path + ": cannot write (" + why + ")";
  }
  // The folder will be created: its nearest existing ancestor must take it.
  fs::path a = fs::absolute(p, ec).lexically_normal();
  if (a.filename().empty()) a = a.parent_path();  // "plots/"
  while (a.has_parent_path() && a != a.root_path() && !fs::exists(a, ec)) a = a.parent_path();
  if (!fs::is_directory(a, ec)) return path + ": cannot create the folder (" + a.string() + " is not a folder)";
  if (const std::string why = probe_problem(a); !why.empty())
    return path + ": cannot create the folder in " + a.string() + " (" + why + ")";
  return "";
}

}  // namespace nmx
