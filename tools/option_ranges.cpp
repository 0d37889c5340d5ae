#include "option_ranges.hpp"

#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace nmx::cli {
namespace {

bool digits(const std::string& s, size_t from) {
  if (s.size() <= from) return false;
  for (size_t i = from; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

// "" when `v` is a number of the option's kind, else why not.
std::string malformed(const std::string& type, const std::string& v) {
  if (type == "UINT") {
    if (digits(v, 0)) return "";
    return v.size() > 1 && v[0] == '-' && digits(v, 1) ? "is out of range" : "is not a whole number";
  }
  if (type == "INT") return digits(v, v.size() > 0 && v[0] == '-' ? 1 : 0) ? "" : "is not a whole number";
  char* end = nullptr;  // FLOAT
  const double x = std::strtod(v.c_str(), &end);
  return !v.empty() && end == v.c_str() + v.size() && std::isfinite(x) ? "" : "is not a finite number";
}

void walk(CLI::App& app, const std::string& path) {
  for (CLI::Option* opt : app.get_options()) {
    const std::string full = opt->get_type_name();
    const size_t colon = full.find(':');
    const std::string type = full.substr(0, colon);
    if (type == "CHAR")  // CLI11 reads "5" into a (u)int8_t as the character '5' (53)
      throw std::logic_error(path + " " + opt->get_name() + ": an 8-bit option reads a character; bind a wider integer");
    if (type != "UINT" && type != "INT" && type != "FLOAT") continue;
    if (colon == std::string::npos)
      throw std::logic_error(path + " " + opt->get_name() + ": a numeric option needs a range (->check)");
    const std::string range = full.substr(colon + 1);
    opt->check(CLI::Validator(
        [type, range](std::string& v) {
          const std::string why = malformed(type, v);
          return why.empty() ? why : v + " " + why + " (allowed: " + range + ")";
        },
        ""));
  }
  for (CLI::App* sub : app.get_subcommands({})) walk(*sub, path + " " + sub->get_name());
}

}  // namespace

void check_numeric_options(CLI::App& app) { walk(app, app.get_name()); }

}  // namespace nmx::cli
