#include "kernel/run_kernel.hpp"

#include <systemc>

#if defined(__SANITIZE_ADDRESS__)
#define NMX_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NMX_ASAN 1
#endif
#endif

#ifdef NMX_ASAN
#include <pthread.h>

#include <cstddef>

#include <sanitizer/common_interface_defs.h>
#endif

namespace nmx {
namespace {

#ifdef NMX_ASAN
struct StackBounds {
  void* bottom = nullptr;
  size_t size = 0;
};

// The calling thread's stack as the system knows it; size 0 if it cannot tell. Looked up
// once per thread: for the main thread glibc reads /proc/self/maps, and the kernel runs
// once per timestep.
StackBounds thread_stack() {
  pthread_attr_t attr;
  StackBounds b;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return b;
  if (pthread_attr_getstack(&attr, &b.bottom, &b.size) != 0) b = StackBounds{};
  pthread_attr_destroy(&attr);
  return b;
}

// A "switch" from this stack to itself: ASan takes the bounds given here as the current
// stack's, replacing the [0, 0) SystemC left it with. The fake stack (detect_stack_use_
// after_return) is handed over unchanged.
void announce_own_stack() {
  thread_local const StackBounds own = thread_stack();
  if (own.size == 0) return;  // leave ASan as it is rather than guess
  void* fake_stack = nullptr;
  __sanitizer_start_switch_fiber(&fake_stack, own.bottom, own.size);
  __sanitizer_finish_switch_fiber(fake_stack, nullptr, nullptr);
}
#else
void announce_own_stack() {}
#endif

struct BackOnOwnStack {
  ~BackOnOwnStack() { announce_own_stack(); }
};

}  // namespace

void run_kernel() {
  const BackOnOwnStack back;  // also when sc_start() rethrows a process's exception
  sc_core::sc_start();
}

}  // namespace nmx
