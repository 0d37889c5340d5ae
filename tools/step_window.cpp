// "--trace-steps A:B", shared by `nmx run` and `nmx check`.
#include <string>

#include "commands.hpp"
#include "core/error.hpp"

namespace nmx::cli {

void parse_step_window(const std::string& text, uint32_t& first, uint32_t& last) {
  const auto colon = text.find(':');
  try {
    first = static_cast<uint32_t>(std::stoul(text.substr(0, colon)));
    last = colon == std::string::npos ? first : static_cast<uint32_t>(std::stoul(text.substr(colon + 1)));
  } catch (const std::exception&) {
    throw InputError("--trace-steps " + text + ": expected FIRST:LAST (timestep numbers)");
  }
  if (last < first) throw InputError("--trace-steps " + text + ": LAST is before FIRST");
}

}  // namespace nmx::cli
