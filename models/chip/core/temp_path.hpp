// A temporary file or folder that removes itself unless committed: neither an error nor
// an interrupt (core/interrupt.hpp: the stack unwinds) leaves it behind.
#pragma once

#include <string>

namespace nmx {

class TempPath {
 public:
  TempPath() = default;
  explicit TempPath(std::string path) : path_(std::move(path)) {}
  ~TempPath();
  // A new empty folder under `parent` (default: the system's temporary directory), named
  // PREFIX + 6 random characters; std::runtime_error naming it when it cannot be made.
  static TempPath new_dir(const std::string& prefix, const std::string& parent = "");
  TempPath(const TempPath&) = delete;
  TempPath& operator=(const TempPath&) = delete;

  const std::string& path() const { return path_; }
  // Keep it where it is.
  void commit() { committed_ = true; }
  // Rename it to `final_path` and keep it; InputError naming final_path if that fails
  // (the temporary is then removed).
  void commit_as(const std::string& final_path);

 private:
  std::string path_;
  bool committed_ = false;
};

}  // namespace nmx
