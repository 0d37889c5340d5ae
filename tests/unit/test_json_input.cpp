// JSON input files: an unknown key anywhere in a sweep spec, a hardware configuration or
// TEM observations is refused with its file, line and column and the allowed keys.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>

#include "core/error.hpp"
#include "core/json_input.hpp"
#include "sweep/sweep_spec.hpp"
#include "tem/observations_io.hpp"

using namespace nmx;
using Catch::Contains;
using Catch::Equals;

TEST_CASE("json input: keys keep their line and column, names read like the fields", "[json]") {
  const JsonInput doc("{\"a\": 1,\n \"b\": {\"c\": [ {\"d\": 2},\n   {\"e\\\"x\": 3}]}}", "f.json");
  CHECK(doc.where("/a") == "f.json:1:2");
  CHECK(doc.where("/b") == "f.json:2:2");
  CHECK(doc.where("/b/c") == "f.json:2:8");
  CHECK(doc.where("/b/c/0/d") == "f.json:2:16");
  CHECK(doc.where("/b/c/1/e\\\"x") == "f.json:3:5");  // keys are taken raw, escapes kept
  CHECK(doc.where("") == "f.json");
  CHECK(doc.name("/b/c/0/d") == "b.c[0].d");
  CHECK_THROWS_WITH(doc.check_keys("/b/c/0", {"x", "y"}), Equals("f.json:2:16: unknown key 'b.c[0].d' (allowed: x, y)"));
  CHECK_NOTHROW(doc.check_keys("/b", {"c"}));
  CHECK_NOTHROW(doc.check_keys("/missing", {"c"}));
  CHECK_THROWS_WITH(JsonInput("{\"a\": ", "g.json"), Contains("g.json: not valid JSON"));
}

TEST_CASE("sweep spec: unknown keys in the data and train blocks are refused with their position", "[json][sweep]") {
  const std::string head = "{\"network\": \"n.h5\",\n";
  CHECK_THROWS_WITH(parse_sweep_spec(head + " \"data\": {\"name\": \"mnist\", \"limt\": 5},\n \"axes\": {\"lanes\": [8]}}",
                                     "spec.json"),
                    Equals("spec.json:2:28: unknown key 'data.limt' (allowed: dir, limit, name, split)"));
  CHECK_THROWS_WITH(parse_sweep_spec(head + " \"data\": {\"splt\": \"test\"}, \"axes\": {\"lanes\": [8]}}", "spec.json"),
                    Contains("spec.json:2:11: unknown key 'data.splt'"));
  CHECK_THROWS_WITH(
      parse_sweep_spec("{\"train\": {\"method\": \"delay\",\n  \"epoch\": 1}, \"axes\": {\"seed\": [1]}}", "spec.json"),
      Contains("spec.json:2:3: unknown key 'train.epoch' (allowed: ") && Contains("epochs"));
  CHECK_THROWS_WITH(parse_sweep_spec(head + " \"axes\": {\"lane\": [8]}}", "spec.json"),
                    Contains("spec.json:2:11: unknown key 'axes.lane'") && Contains("lanes"));
  CHECK_THROWS_WITH(parse_sweep_spec(head + " \"level\": \"fixed\", \"levle\": 1, \"axes\": {\"lanes\": [8]}}", "spec.json"),
                    Contains("spec.json:2:20: unknown key 'levle'"));
}

TEST_CASE("tem observations: unknown keys are refused with their position", "[json][tem]") {
  const std::string path = "nmx_obs_keys.json";
  std::ofstream(path) << "{\"format\": \"nmx-tem-observations\", \"version\": 1, \"inputs\": 1, \"neurons\": 1,\n"
                         " \"theta\": [1], \"examples\": [{\"signal\": [[0], [1]], \"spikes\": [[]],\n"
                         "   \"spike\": []}]}";
  CHECK_THROWS_WITH(tem::read_observations(path),
                    Equals("nmx_obs_keys.json:3:4: unknown key 'examples[0].spike' (allowed: signal, spikes)"));
  std::ofstream(path) << "{\"format\": \"nmx-tem-observations\", \"version\": 1, \"bais\": [0]}";
  CHECK_THROWS_WITH(tem::read_observations(path), Contains("nmx_obs_keys.json:1:50: unknown key 'bais'"));
  std::remove(path.c_str());
}
