#include "core/temp_path.hpp"

#include <filesystem>
#include <system_error>

#include "core/error.hpp"

namespace nmx {

TempPath::~TempPath() {
  if (committed_ || path_.empty()) return;
  std::error_code ec;  // nothing to report from a destructor
  std::filesystem::remove_all(path_, ec);
}

void TempPath::commit_as(const std::string& final_path) {
  std::error_code ec;
  std::filesystem::rename(path_, final_path, ec);
  if (ec) throw InputError(final_path + ": cannot write output (" + ec.message() + ")");
  committed_ = true;
}

}  // namespace nmx
