#include "core/gnuplot.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "core/error.hpp"
#include "core/interrupt.hpp"

namespace nmx {

void require_gnuplot() {
  if (std::system("gnuplot --version >/dev/null 2>&1") != 0)
    throw InputError("gnuplot not found (Debian package gnuplot-nox; `make deps` installs it)");
}

void run_gnuplot(const std::string& script) {
  const std::string log = script + ".log";
  const std::string cmd = "gnuplot '" + script + "' > '" + log + "' 2>&1";
  const int status = std::system(cmd.c_str());
  throw_if_child_interrupted(status);
  if (status != 0) {
    std::ifstream in(log);
    std::string text, line;
    for (int n = 0; n < 4 && std::getline(in, line); ++n) text += (text.empty() ? "" : " | ") + line;
    throw InputError("gnuplot failed: " + (text.empty() ? std::string("no output") : text) + " (log: " + log + ")");
  }
  std::remove(log.c_str());  // kept only when it explains a failure
}

}  // namespace nmx
