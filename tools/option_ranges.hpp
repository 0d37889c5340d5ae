// Numeric options: every one states its range, and a value outside it is refused (exit 2,
// with the range) before any work. CLI11 2.1 reads "-5" into an unsigned option as
// 2^64 - 5 and a range check on the full 64-bit range passes it, so the syntax is checked
// here too: a whole number without a sign for unsigned options, a finite number for floats.
#pragma once

#include <limits>

#include <CLI/CLI.hpp>

namespace nmx::cli {

// Walks every option of `app` and its subcommands (after they are all added): numeric
// options get the syntax check; one without a range validator, or bound to an 8-bit
// integer (which CLI11 reads as a character), is a programming error (std::logic_error
// naming it), so no numeric option can be added without its range.
void check_numeric_options(CLI::App& app);

// The whole range of T, for options where every value of the type is meaningful (seeds).
template <typename T>
CLI::Range full_range() {
  return CLI::Range(std::numeric_limits<T>::lowest(), std::numeric_limits<T>::max());
}

}  // namespace nmx::cli
