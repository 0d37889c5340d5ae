// JSON input files (hardware configurations, sweep specs, observations): parsed once,
// with the line and column of every key kept beside the value (nlohmann::json keeps no
// positions), so an unknown key, usually a typo, is refused with where it is and what is
// allowed: "spec.json:4:14: unknown key 'data.limt' (allowed: dir, limit, name, split)".
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace nmx {

class JsonInput {
 public:
  // Parses `text` read from `source` (a file name); bad JSON is an InputError naming it.
  JsonInput(const std::string& text, std::string source);
  // Reads and parses the file at `path`; `what` names it in the error when it cannot be opened.
  static JsonInput read(const std::string& path, const std::string& what);

  const nlohmann::json& root() const { return root_; }
  const std::string& source() const { return source_; }
  // The value at a JSON pointer ("/data"); null when absent.
  const nlohmann::json& at(const std::string& pointer) const;
  // "source:line:column" of the key of the member at `pointer` ("/data/limit"), or "source"
  // when it has no key there (the root, an array element).
  std::string where(const std::string& pointer) const;
  // Dotted name of the member at `pointer` for messages: "/examples/0/signal" ->
  // "examples[0].signal".
  std::string name(const std::string& pointer) const;
  // Throws InputError for the first key of the object at `pointer` that is not in `allowed`.
  // Nothing when the object is absent or not an object (the caller reports the type).
  void check_keys(const std::string& pointer, const std::vector<std::string>& allowed) const;

 private:
  nlohmann::json root_;
  std::string source_;
  std::map<std::string, std::pair<size_t, size_t>> key_pos_;  // pointer -> (line, column), 1-based
};

// The one message for an unknown key: "LOCATION: unknown key 'NAME' (allowed: a, b, c)".
[[noreturn]] void throw_unknown_key(const std::string& location, const std::string& name,
                                    const std::vector<std::string>& allowed);

// The same check without positions, for a value that did not come from a JsonInput;
// `prefix` is prepended to the key in the message ("core.").
void check_keys(const nlohmann::json& obj, const std::vector<std::string>& allowed, const std::string& location,
                const std::string& prefix = "");

}  // namespace nmx
