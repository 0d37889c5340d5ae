#include "core/json_input.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/error.hpp"

namespace nmx {
namespace {

std::string pointer_token(const std::string& key) {
  std::string out;
  for (char c : key) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  return out;
}

// One pass over text nlohmann already accepted: the position of every object key, by the
// JSON pointer of its member. Strings are taken raw (escapes kept), as keys with escapes
// are not what a typo looks like.
std::map<std::string, std::pair<size_t, size_t>> key_positions(const std::string& text) {
  struct Frame {
    bool object;
    std::string pointer;
    size_t index = 0;
    bool expect_key = true;
  };
  std::map<std::string, std::pair<size_t, size_t>> pos;
  std::vector<Frame> stack;
  std::string last_key;  // the key of the member whose value comes next
  size_t line = 1, col = 1;
  auto value_pointer = [&]() -> std::string {
    if (stack.empty()) return "";
    const Frame& f = stack.back();
    return f.pointer + "/" + (f.object ? pointer_token(last_key) : std::to_string(f.index));
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const size_t at_line = line, at_col = col;
    if (c == '\n') ++line, col = 1;
    else ++col;
    if (c == '{' || c == '[') {
      stack.push_back({c == '{', value_pointer()});
    } else if (c == '}' || c == ']') {
      if (!stack.empty()) stack.pop_back();
    } else if (c == ',') {
      if (!stack.empty()) {
        if (stack.back().object) stack.back().expect_key = true;
        else ++stack.back().index;
      }
    } else if (c == '"') {
      std::string s;
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) s += text[i++];
        s += text[i];
      }
      col += s.size() + 1;  // keys on one line: the column stays right for what follows
      if (!stack.empty() && stack.back().object && stack.back().expect_key) {
        stack.back().expect_key = false;
        last_key = s;
        pos[stack.back().pointer + "/" + pointer_token(s)] = {at_line, at_col};
      }
    }
  }
  return pos;
}

}  // namespace

void throw_unknown_key(const std::string& location, const std::string& name, const std::vector<std::string>& allowed) {
  std::vector<std::string> sorted = allowed;
  std::sort(sorted.begin(), sorted.end());
  std::string list;
  for (const auto& k : sorted) list += (list.empty() ? "" : ", ") + k;
  throw InputError(location + ": unknown key '" + name + "' (allowed: " + list + ")");
}

void check_keys(const nlohmann::json& obj, const std::vector<std::string>& allowed, const std::string& location,
                const std::string& prefix) {
  if (!obj.is_object()) return;
  for (auto it = obj.begin(); it != obj.end(); ++it)
    if (std::find(allowed.begin(), allowed.end(), it.key()) == allowed.end())
      throw_unknown_key(location, prefix + it.key(), allowed);
}

JsonInput::JsonInput(const std::string& text, std::string source) : source_(std::move(source)) {
  try {
    root_ = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(source_ + ": not valid JSON (" + e.what() + ")");
  }
  key_pos_ = key_positions(text);
}

JsonInput JsonInput::read(const std::string& path, const std::string& what) {
  std::ifstream in(path);
  if (!in) throw InputError(path + ": cannot open " + what);
  std::stringstream ss;
  ss << in.rdbuf();
  return JsonInput(ss.str(), path);
}

const nlohmann::json& JsonInput::at(const std::string& pointer) const {
  static const nlohmann::json null;
  const nlohmann::json::json_pointer p(pointer);
  return root_.contains(p) ? root_.at(p) : null;
}

std::string JsonInput::where(const std::string& pointer) const {
  const auto it = key_pos_.find(pointer);
  if (it == key_pos_.end()) return source_;
  return source_ + ":" + std::to_string(it->second.first) + ":" + std::to_string(it->second.second);
}

std::string JsonInput::name(const std::string& pointer) const {
  std::string out;
  const nlohmann::json* node = &root_;
  for (size_t start = 1; start <= pointer.size() && !pointer.empty();) {
    const size_t end = std::min(pointer.find('/', start), pointer.size());
    std::string token = pointer.substr(start, end - start);
    for (size_t k; (k = token.find("~1")) != std::string::npos;) token.replace(k, 2, "/");
    for (size_t k; (k = token.find("~0")) != std::string::npos;) token.replace(k, 2, "~");
    if (node && node->is_array()) {
      out += "[" + token + "]";
      const size_t idx = std::stoul(token);
      node = idx < node->size() ? &(*node)[idx] : nullptr;
    } else {
      out += (out.empty() ? "" : ".") + token;
      node = node && node->is_object() && node->contains(token) ? &(*node)[token] : nullptr;
    }
    start = end + 1;
  }
  return out;
}

void JsonInput::check_keys(const std::string& pointer, const std::vector<std::string>& allowed) const {
  const nlohmann::json& obj = at(pointer);
  if (!obj.is_object()) return;
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (std::find(allowed.begin(), allowed.end(), it.key()) != allowed.end()) continue;
    const std::string member = pointer + "/" + pointer_token(it.key());
    throw_unknown_key(where(member), name(member), allowed);
  }
}

}  // namespace nmx
