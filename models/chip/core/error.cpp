#include "core/error.hpp"

#include <charconv>

namespace nmx {

std::string shortest_text(double x) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, res.ptr);
}

std::string field_error(const std::string& file, const std::string& field, const std::string& value,
                        const std::string& allowed) {
  return file + ": " + field + " = " + value + " is out of range (allowed: " + allowed + ")";
}

void throw_field_error(const std::string& file, const std::string& field, const std::string& value,
                       const std::string& allowed) {
  throw InputError(field_error(file, field, value, allowed));
}

}  // namespace nmx
