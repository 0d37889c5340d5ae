// CLI11 validators for output options: the path is checked when the command line is
// parsed, before any work, and a bad one is a usage error (exit status 2) naming it.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "core/output_path.hpp"

namespace nmx::cli {

inline const CLI::Validator OutputFile(
    [](std::string& path) { return output_file_problem(path); }, "FILE");
// "-" is standard output (json_out.hpp).
inline const CLI::Validator OutputFileOrStdout(
    [](std::string& path) { return path == "-" ? std::string() : output_file_problem(path); }, "FILE|-");
inline const CLI::Validator OutputDir(
    [](std::string& path) { return output_dir_problem(path); }, "DIR");

}  // namespace nmx::cli
