#include "core/temp_path.hpp"

#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <system_error>

#include "core/error.hpp"

namespace nmx {

TempPath::~TempPath() {
  if (committed_ || path_.empty()) return;
  std::error_code ec;  // nothing to report from a destructor
  std::filesystem::remove_all(path_, ec);
}

TempPath TempPath::new_dir(const std::string& prefix, const std::string& parent) {
  const std::filesystem::path where = parent.empty() ? std::filesystem::temp_directory_path() : std::filesystem::path(parent);
  std::string t = (where / (prefix + "XXXXXX")).string();
  if (!::mkdtemp(t.data())) throw std::runtime_error("cannot create a directory " + t + ": " + std::strerror(errno));
  return TempPath(t);
}

void TempPath::commit_as(const std::string& final_path) {
  std::error_code ec;
  std::filesystem::rename(path_, final_path, ec);
  if (ec) throw InputError(final_path + ": cannot write output (" + ec.message() + ")");
  committed_ = true;
}

}  // namespace nmx
