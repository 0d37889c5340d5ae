// Runs the SystemC kernel from a plain main() (or sc_main) so that exceptions thrown after
// it still unwind cleanly under AddressSanitizer.
//
// SystemC 2.3.4 announces each coroutine switch to ASan (__sanitizer_start_switch_fiber,
// through weak references, so the unsanitised libsystemc does it whenever the program is
// sanitised), but it announces the main coroutine's stack as empty (address 0, size 0):
// back from sc_start(), ASan believes the caller's stack is [0, 0). The next exception
// then cannot clear the stack poison of the frames it unwinds (ASan warns "ignoring
// requested __asan_handle_no_return") and a later landing pad trips over that stale
// poison: a false stack-buffer-underflow inside ASan's own sigaltstack call.
#pragma once

namespace nmx {

// sc_core::sc_start() until the kernel pauses or stops; then (even if it threw) tells ASan
// the true bounds of the calling thread's stack. Without ASan, just sc_start().
void run_kernel();

}  // namespace nmx
