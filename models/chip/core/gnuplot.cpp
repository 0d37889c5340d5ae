#include "core/gnuplot.hpp"

#include <cstdio>
#include <cstdlib>

#include "core/error.hpp"

namespace nmx {

void require_gnuplot() {
  if (std::system("gnuplot --version >/dev/null 2>&1") != 0)
    throw InputError("gnuplot not found (Debian package gnuplot-nox; `make deps` installs it)");
}

void run_gnuplot(const std::string& script) {
  const std::string log = script + ".log";
  const std::string cmd = "gnuplot '" + script + "' > '" + log + "' 2>&1";
  if (std::system(cmd.c_str()) != 0) throw InputError("gnuplot failed; see " + log);
  std::remove(log.c_str());  // kept only when it explains a failure
}

}  // namespace nmx
