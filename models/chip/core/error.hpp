// Errors a user can act on. InputError means "your file, option or network is wrong":
// the message names the file, the field and the allowed range; the CLI exits with 2.
#pragma once

#include <stdexcept>
#include <string>

namespace nmx {

class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "file: field = value, allowed range" in one place so every message has the same shape.
std::string field_error(const std::string& file, const std::string& field, const std::string& value,
                        const std::string& allowed);

// Shortest text that reads back to the same double, so "1.0000001 > 1" is visible in a message.
std::string shortest_text(double x);

[[noreturn]] void throw_field_error(const std::string& file, const std::string& field,
                                    const std::string& value, const std::string& allowed);

}  // namespace nmx
