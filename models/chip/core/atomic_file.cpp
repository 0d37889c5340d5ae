#include "core/atomic_file.hpp"

#include <cstdio>
#include <filesystem>
#include <system_error>
#include <unistd.h>

#include "core/error.hpp"

namespace nmx {

void write_atomically(const std::string& path, const std::function<void(const std::string&)>& write) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  try {
    write(tmp);
  } catch (...) {
    std::remove(tmp.c_str());
    throw;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    std::remove(tmp.c_str());
    throw InputError(path + ": cannot write output (" + ec.message() + ")");
  }
}

}  // namespace nmx
