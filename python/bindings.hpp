// The parts of the `nmx` Python module, one file each (nmx_module.cpp puts them together).
#pragma once

#include <pybind11/pybind11.h>

namespace nmx::python {

void bind_network(pybind11::module_& m);  // Network, load, save, generate, random_network, quantize
void bind_run(pybind11::module_& m);      // run, check

}  // namespace nmx::python
