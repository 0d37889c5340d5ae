#include "core/error.hpp"

namespace nmx {

std::string field_error(const std::string& file, const std::string& field, const std::string& value,
                        const std::string& allowed) {
  return file + ": " + field + " = " + value + " is out of range (allowed: " + allowed + ")";
}

void throw_field_error(const std::string& file, const std::string& field, const std::string& value,
                       const std::string& allowed) {
  throw InputError(field_error(file, field, value, allowed));
}

}  // namespace nmx
