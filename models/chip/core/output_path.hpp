// Output paths checked before any work: a long run must not end in "cannot write".
// Each returns "" when the path can be written, else one line naming the path and why.
#pragma once

#include <string>

namespace nmx {

// A file nmx will create or replace: its folder exists and is writable, and the path is
// not a folder.
std::string output_file_problem(const std::string& path);
// A folder nmx will create if needed and write into: the path is a folder or absent, and
// its nearest existing ancestor is a writable folder.
std::string output_dir_problem(const std::string& path);

}  // namespace nmx
