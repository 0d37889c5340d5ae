#include "core/interrupt.hpp"

#include <atomic>
#include <csignal>
#include <ctime>
#include <sys/wait.h>

namespace nmx {
namespace {

std::atomic<bool> flag{false};
std::atomic<long long> first_ns{0};  // when the first SIGINT came
static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<long long>::is_always_lock_free,
              "used from a signal handler");

// A SIGINT a second or more after the first ends the process as if uncaught; sooner, it
// is the same Ctrl-C (timeout(1) signals the process and then its whole group).
extern "C" void on_sigint(int sig) {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);  // async-signal-safe
  const long long now = ts.tv_sec * 1000000000LL + ts.tv_nsec;
  if (flag.load() && now - first_ns.load() > 1000000000LL) {
    std::signal(sig, SIG_DFL);
    std::raise(sig);
    return;
  }
  if (!flag.exchange(true)) first_ns.store(now);
}

}  // namespace

void install_interrupt_handler() {
  struct sigaction sa {};
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
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
