#include "core/interrupt.hpp"

#include <atomic>
#include <csignal>
#include <sys/wait.h>

namespace nmx {
namespace {

std::atomic<bool> flag{false};
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");

extern "C" void on_sigint(int) { flag.store(true); }

}  // namespace

void install_interrupt_handler() {
  struct sigaction sa {};
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND;  // a second Ctrl-C is not caught: it ends the process
  sigaction(SIGINT, &sa, nullptr);
}

bool interrupted() { return flag.load(std::memory_order_relaxed); }

void throw_if_interrupted() {
  if (interrupted()) throw Interrupted();
}

void request_interrupt() { flag.store(true); }

void clear_interrupt() { flag.store(false); }

void throw_if_child_interrupted(int status) {
  if (status == -1) return;
  if ((WIFSIGNALED(status) && WTERMSIG(status) == SIGINT) || (WIFEXITED(status) && WEXITSTATUS(status) == 130))
    request_interrupt();
  throw_if_interrupted();
}

}  // namespace nmx
