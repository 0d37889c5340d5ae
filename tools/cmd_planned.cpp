// Subcommands the design names but nmx does not have yet: listed in --help, and a clear
// error when called, instead of "unknown subcommand".
#include <string>

#include "commands.hpp"
#include "core/error.hpp"

namespace nmx::cli {

void add_not_built(CLI::App& app, const char* name, const char* what) {
  const std::string desc = std::string("(not built yet) ") + what;
  CLI::App* sub = app.add_subcommand(name, desc);
  sub->allow_extras();
  sub->callback([name] { throw InputError(std::string("'nmx ") + name + "' is not built yet"); });
}

}  // namespace nmx::cli
