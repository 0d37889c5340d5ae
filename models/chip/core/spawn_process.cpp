#include "core/spawn_process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <csignal>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "core/interrupt.hpp"

extern char** environ;

namespace nmx {

std::string ProcessExit::describe() const {
  return (exited ? "exit status " : "signal ") + std::to_string(code);
}

ProcessExit run_process(const std::vector<std::string>& argv, const std::string& log_path) {
  if (argv.empty()) throw std::runtime_error("run_process: no program");
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<char*> env;
  for (char** e = environ; *e; ++e)
    if (std::strncmp(*e, "OMPI_", 5) != 0 && std::strncmp(*e, "PMIX_", 5) != 0) env.push_back(*e);
  env.push_back(nullptr);

  // Only stdin, stdout and stderr go to the child: a descriptor another thread has open
  // at this moment (an HDF5 file, with its lock) must not stay open in the child.
  posix_spawn_file_actions_t actions;
  ::posix_spawn_file_actions_init(&actions);
  ::posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  if (!log_path.empty()) {
    ::posix_spawn_file_actions_addopen(&actions, 1, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::posix_spawn_file_actions_adddup2(&actions, 1, 2);
  }
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, args.data(), env.data());
  ::posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
  int status = 0;
  bool forwarded = false;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error("waitpid " + argv[0] + ": " + std::strerror(errno));
    // Ctrl-C reaches the whole process group; a SIGINT sent to nmx alone is passed on.
    if (interrupted() && !forwarded) forwarded = ::kill(pid, SIGINT) == 0;
  }
  ProcessExit x;
  x.exited = WIFEXITED(status);
  x.code = x.exited ? WEXITSTATUS(status) : WIFSIGNALED(status) ? WTERMSIG(status) : status;
  return x;
}

}  // namespace nmx
