// `import nmx`: networks, runs at every level and the lockstep check from Python
// (docs/python.md). Bad input raises ValueError with the library's message (the file,
// field and allowed range), as the CLI's exit status 2.
#include <pybind11/pybind11.h>

#include "bindings.hpp"
#include "core/error.hpp"

PYBIND11_MODULE(nmx, m) {
  m.doc() = "nmx: a neuromorphic chip emulated at four levels (L0 float, L1 fixed, L2 SystemC, L3 RTL)";
  pybind11::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const nmx::InputError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    }
  });
  nmx::python::bind_network(m);
  nmx::python::bind_run(m);
}
