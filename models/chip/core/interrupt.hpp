// Ctrl-C as a clean stop: the CLI installs a SIGINT handler that only sets a flag; the
// long loops (samples, epochs, sweep points) poll it and stop, and the CLI turns the
// Interrupted that follows into "interrupted", exit status 130. Unwinding runs the
// destructors, so temporary files (core/temp_path.hpp) are removed. A library user who
// installs no handler never sees the flag set.
#pragma once

#include <stdexcept>

namespace nmx {

class Interrupted : public std::runtime_error {
 public:
  Interrupted() : std::runtime_error("interrupted") {}
};

// SIGINT sets the flag; another SIGINT a second or more later ends the process as an
// uncaught one would.
void install_interrupt_handler();
bool interrupted();
void throw_if_interrupted();
// For tests and for a child found killed by SIGINT: sets the flag as the handler would.
void request_interrupt();
void clear_interrupt();  // tests: back to not interrupted
// After std::system() (which ignores SIGINT in the caller while the child runs): throws
// Interrupted when the child died of SIGINT (or its shell reported so, status 130).
void throw_if_child_interrupted(int system_status);

}  // namespace nmx
