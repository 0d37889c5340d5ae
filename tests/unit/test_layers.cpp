// The structure docs/architecture.md draws, checked on the source tree: layers include only
// downward (chip <- learn <- study <- sim), folders include each other without cycles, and
// the datapath's constants appear as bare literals only in fixed/fixed_point.hpp.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Layer {
  std::string name;  // "chip", "learn", "study", "sim"
  fs::path root;
  int rank;          // may include layers of equal or lower rank only
};

std::vector<Layer> layers() {
  const fs::path src = NMX_SOURCE_DIR;
  return {{"chip", src / "models" / "chip", 0},
          {"learn", src / "models" / "learn", 1},
          {"study", src / "models" / "study", 2},
          {"sim", src / "sim", 3}};
}

std::vector<fs::path> sources(const fs::path& root) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    const auto ext = e.path().extension();
    if (e.is_regular_file() && (ext == ".cpp" || ext == ".hpp")) out.push_back(e.path());
  }
  return out;
}

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

using Graph = std::map<std::string, std::set<std::string>>;

// A cycle in `g` as "a -> b -> a", or "" when there is none.
std::string find_cycle(const Graph& g) {
  std::map<std::string, int> state;  // 0 new, 1 on the path, 2 done
  std::vector<std::string> path;
  std::string found;
  std::function<bool(const std::string&)> visit = [&](const std::string& n) {
    state[n] = 1;
    path.push_back(n);
    auto it = g.find(n);
    if (it != g.end())
      for (const std::string& m : it->second) {
        if (state[m] == 1) {
          auto from = std::find(path.begin(), path.end(), m);
          for (; from != path.end(); ++from) found += *from + " -> ";
          found += m;
          return true;
        }
        if (state[m] == 0 && visit(m)) return true;
      }
    path.pop_back();
    state[n] = 2;
    return false;
  };
  for (const auto& [n, _] : g)
    if (state[n] == 0 && visit(n)) return found;
  return "";
}

struct IncludeScan {
  Graph folders;                      // "chip/map" -> {"chip/hw", ...}
  std::vector<std::string> climbing;  // includes from a layer above
};

IncludeScan scan_includes() {
  const auto all = layers();
  IncludeScan scan;
  const std::regex include_re(R"re(#include\s+"([^"]+)")re");
  for (const Layer& layer : all) {
    for (const fs::path& file : sources(layer.root)) {
      const std::string folder = layer.name + "/" + fs::relative(file.parent_path(), layer.root).generic_string();
      scan.folders[folder];
      const std::string text = read(file);
      for (std::sregex_iterator it(text.begin(), text.end(), include_re), end; it != end; ++it) {
        const std::string inc = (*it)[1];
        // Resolve as the compiler does: the file's own layer first (sim/ finds sim/ first), then models/.
        for (const Layer& target : all) {
          if (!fs::exists(target.root / inc)) continue;
          const std::string to = target.name + "/" + fs::path(inc).parent_path().generic_string();
          if (target.rank > layer.rank)
            scan.climbing.push_back(fs::relative(file, NMX_SOURCE_DIR).generic_string() + " includes " + inc +
                                    " (layer " + target.name + " is above " + layer.name + ")");
          if (to != folder) scan.folders[folder].insert(to);
          break;
        }
      }
    }
  }
  return scan;
}

// A bare literal of a datapath constant in one source line, outside comments and strings.
// A named constant (a constexpr line) may spell its value once.
bool magic_line(const std::string& line) {
  static const std::regex magic(R"(\b(65536|65535|4096)(\.0)?\b|0x[bB]400\b|\b0x[fF]{4}\b|(<<|>>)\s*12\b|1\s*<<\s*2[34]\b)");
  static const std::regex strings(R"re("([^"\\]|\\.)*")re");
  const std::string code = std::regex_replace(line.substr(0, line.find("//")), strings, "\"\"");
  return code.find("constexpr") == std::string::npos && std::regex_search(code, magic);
}

std::vector<std::string> magic_literals(const fs::path& root, const fs::path& allowed) {
  std::vector<std::string> found;
  for (const fs::path& file : sources(root)) {
    if (fs::equivalent(file, allowed)) continue;
    std::ifstream in(file);
    std::string line;
    for (int n = 1; std::getline(in, line); ++n)
      if (magic_line(line)) found.push_back(fs::relative(file, NMX_SOURCE_DIR).generic_string() + ":" + std::to_string(n) + ": " + line);
  }
  return found;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += x + "\n";
  return s;
}

}  // namespace

TEST_CASE("the cycle finder finds a folder cycle and accepts a layered graph", "[layers]") {
  Graph layered{{"chip/map", {"chip/hw", "chip/net"}}, {"chip/hw", {"chip/core"}}, {"chip/l1", {"chip/map"}}};
  CHECK(find_cycle(layered).empty());
  Graph cyclic = layered;
  cyclic["chip/hw"].insert("chip/l1");  // hw -> l1 -> map -> hw
  const std::string cycle = find_cycle(cyclic);
  CHECK(cycle.find("chip/hw") != std::string::npos);
  CHECK(cycle.find("chip/l1") != std::string::npos);
  CHECK(cycle.find("chip/map") != std::string::npos);
}

TEST_CASE("models and sim include only downward, and their folders form no cycle", "[layers]") {
  const IncludeScan scan = scan_includes();
  REQUIRE(scan.folders.count("chip/l1") == 1);  // the scan sees the tree
  REQUIRE(scan.folders.at("chip/l1").count("chip/map") == 1);
  INFO(join(scan.climbing));
  CHECK(scan.climbing.empty());
  const std::string cycle = find_cycle(scan.folders);
  INFO("folder cycle: " << cycle);
  CHECK(cycle.empty());
}

TEST_CASE("the literal finder flags datapath constants in code only", "[layers]") {
  CHECK(magic_line("  return s.lfsr / 65536.0 < p;"));
  CHECK(magic_line("  x = (y * d) >> 12;"));
  CHECK(magic_line("  uint16_t taps = 0xB400;"));
  CHECK_FALSE(magic_line("  return s.lfsr / fx::kProbabilityOne;  // lfsr / 65536"));
  CHECK_FALSE(magic_line("  throw InputError(\"range [1, 4096]\");"));
  CHECK_FALSE(magic_line("constexpr uint32_t kMaxCoreNeurons = 4096;"));
  CHECK_FALSE(magic_line("  uint32_t n = 40960;"));
}

TEST_CASE("datapath constants are named in the fixed-point header only", "[layers]") {
  const fs::path src = NMX_SOURCE_DIR;
  const fs::path header = src / "models" / "chip" / "fixed" / "fixed_point.hpp";
  std::vector<std::string> found = magic_literals(src / "models", header);
  for (const std::string& s : magic_literals(src / "sim", header)) found.push_back(s);
  INFO("use the named constants of models/chip/fixed/fixed_point.hpp:\n" << join(found));
  CHECK(found.empty());
}
