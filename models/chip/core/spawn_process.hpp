// Starts a program as a fresh process (posix_spawn, never a bare fork of this process,
// whose other threads may hold locks the copy would inherit held) and waits for it.
#pragma once

#include <string>
#include <vector>

namespace nmx {

struct ProcessExit {
  bool exited = false;  // false: killed by signal `code`
  int code = 0;         // the exit status, or the signal
  std::string describe() const;  // "exit status 3" / "signal 11"
};

// argv[0] is the executable's path. The child inherits stdin/stdout/stderr (no other
// descriptor) and this
// environment, less MPI's (OMPI_*, PMIX_*): it is no rank of an mpirun job.
// With `log_path`, the child's stdout and stderr go to that file (created or truncated)
// instead. Throws std::runtime_error when the program cannot be started.
ProcessExit run_process(const std::vector<std::string>& argv, const std::string& log_path = "");

}  // namespace nmx
