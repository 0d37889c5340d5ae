// Recordings and input rasters (models/chip/record): what is recorded is the level's state
// after each step, in the documented layout; options and files out of range are named.
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>

#include "core/error.hpp"
#include "gen/generate.hpp"
#include "h5/h5_tree.hpp"
#include "l0/network_l0.hpp"
#include "record/input_rasters.hpp"
#include "record/recording.hpp"

namespace fs = std::filesystem;
using Catch::Contains;
using namespace nmx;

namespace {

std::string temp_file(const std::string& name) {
  static std::atomic<int> counter{0};
  return (fs::temp_directory_path() / ("nmx_rec_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + name))
      .string();
}

Network small_network() {
  GenerateOptions go;
  go.layers = {12, 8, 3};
  go.max_delay = 2;
  go.weight_gain = 3.0;
  go.seed = 3;
  return generate_network(go);
}

}  // namespace

TEST_CASE("record spec: names, steps and samples are checked against the network and the run", "[record]") {
  const Network net = small_network();
  const RecordSpec s = parse_record_spec(net, "v,spikes", "output,hidden1", "2:5", 2, 10, 4);
  REQUIRE(s.spikes);
  REQUIRE(s.v);
  REQUIRE_FALSE(s.u);
  REQUIRE(s.populations == std::vector<uint32_t>{1, 2});  // network order
  REQUIRE(s.first_step == 2);
  REQUIRE(s.last_step == 5);
  const RecordSpec all = parse_record_spec(net, "u", "", "", 1, 10, 1);
  REQUIRE(all.populations == std::vector<uint32_t>{0, 1, 2});
  REQUIRE(all.last_step == 9);
  REQUIRE(parse_record_spec(net, "u", "", "7", 1, 10, 1).last_step == 7);
  REQUIRE_THROWS_WITH(parse_record_spec(net, "v", "hidden", "", 1, 10, 1),
                      Contains("--record-pops hidden: no population 'hidden' (allowed: input, hidden1, output)"));
  REQUIRE_THROWS_WITH(parse_record_spec(net, "v", "", "3:10", 1, 10, 1),
                      Contains("--record-steps 3:10: step 10 is out of range (allowed: 0..9, the sample's steps)"));
  REQUIRE_THROWS_WITH(parse_record_spec(net, "v", "", "x", 1, 10, 1), Contains("'x' is not a step"));
  REQUIRE_THROWS_WITH(parse_record_spec(net, "i", "", "", 1, 10, 1), Contains("unknown quantity 'i' (allowed: spikes, v, u)"));
  REQUIRE_THROWS_WITH(parse_record_spec(net, "v", "", "", 3, 10, 2),
                      Contains("--record-samples 3 is out of range (allowed: 1..2, the samples in the run)"));
}

TEST_CASE("recorder: the file holds each step's spikes, v and u as the level had them", "[record]") {
  const Network net = small_network();
  const RecordSpec spec = parse_record_spec(net, "spikes,v,u", "input,hidden1", "1:6", 1, 10, 1);
  Recorder rec(net, spec, "float", false);
  NetworkL0 l0(net);
  l0.reset();
  std::vector<double> v_at_4, u_at_4;
  std::vector<uint32_t> spikes_at_4;
  size_t hidden_spikes = 0;
  for (uint32_t t = 0; t < 10; ++t) {
    const std::vector<uint32_t> in{t % 12, (t * 5 + 1) % 12, (t * 7 + 3) % 12};
    PopulationSpikes spikes;
    l0.step_populations(in, {}, spikes);
    rec.record(0, t, in, l0, spikes);
    if (t >= 1 && t <= 6) hidden_spikes += spikes[1].size();
    if (t == 4) {
      for (uint32_t n = 0; n < 8; ++n) v_at_4.push_back(l0.membrane(1, n)), u_at_4.push_back(l0.current(1, n));
      spikes_at_4 = spikes[1];
    }
  }
  REQUIRE(hidden_spikes > 0);
  const std::string path = temp_file(".h5");
  rec.write(path, "net.h5", "test");
  const h5::Item f = h5::read_tree(path);
  fs::remove(path);
  REQUIRE(f.attrs.at("format").strings[0] == "nmx-recording");
  REQUIRE(f.attrs.at("level").strings[0] == "float");
  REQUIRE(f.children.at("steps").numbers == std::vector<double>{1, 2, 3, 4, 5, 6});
  const h5::Item& hidden = f.children.at("populations").children.at("hidden1");
  const h5::Item& v = hidden.children.at("v");
  REQUIRE(v.shape == std::vector<uint64_t>{1, 6, 8});
  const size_t at = 3 * 8;  // step 4 is the fourth recorded step
  for (uint32_t n = 0; n < 8; ++n) {
    REQUIRE(v.numbers[at + n] == v_at_4[n]);
    REQUIRE(hidden.children.at("u").numbers[at + n] == u_at_4[n]);
  }
  double sum = 0;
  for (double x : hidden.children.at("spikes").numbers) sum += x;
  REQUIRE(sum == hidden_spikes);
  for (uint32_t n : spikes_at_4) REQUIRE(hidden.children.at("spikes").numbers[at + n] == 1.0);
  // The input population has spikes but no state.
  const h5::Item& input = f.children.at("populations").children.at("input");
  REQUIRE(input.has("spikes"));
  REQUIRE_FALSE(input.has("v"));
  REQUIRE(input.children.at("spikes").numbers[0 * 12 + 1] == 1.0);  // step 1: inputs 1, 6, 10
  REQUIRE(input.children.at("spikes").numbers[0 * 12 + 6] == 1.0);
  REQUIRE(input.children.at("spikes").numbers[0 * 12 + 2] == 0.0);
}

TEST_CASE("input rasters: written and read back, bad files are named", "[record]") {
  const std::string path = temp_file(".h5");
  const std::vector<std::vector<std::vector<uint32_t>>> samples{{{0, 3}, {}, {2}}, {{1}, {1, 2, 3}, {}}};
  write_input_rasters(path, samples, 4, {7, 2});
  const InputRasters r = read_input_rasters(path, 4, "net.h5 input");
  REQUIRE(r.steps == 3);
  REQUIRE(r.samples.size() == 2);
  REQUIRE(r.samples[0].steps[0] == std::vector<uint32_t>{0, 3});
  REQUIRE(r.samples[1].steps[1] == std::vector<uint32_t>{1, 2, 3});
  REQUIRE(r.labels == std::vector<int>{7, 2});
  REQUIRE_THROWS_WITH(read_input_rasters(path, 5, "net.h5 input population 'in'"),
                      Contains(path + ": /spikes: has 4 inputs per step, net.h5 input population 'in' has 5"));
  fs::remove(path);

  h5::Item root = h5::group();
  root.children["spikes"] = h5::numbers({0, 1, 2, 0}, {1, 1, 4}, h5::Type::U8);
  write_tree(root, path);
  REQUIRE_THROWS_WITH(read_input_rasters(path, 4, "x"), Contains(path + ": /spikes[0][0][2] = 2 (allowed: 0, 1)"));
  root.children["spikes"] = h5::numbers({0, 1, 1, 0}, {4});
  write_tree(root, path);
  REQUIRE_THROWS_WITH(read_input_rasters(path, 4, "x"), Contains(path + ": /spikes: must hold integers 0/1"));
  root.children.clear();
  write_tree(root, path);
  REQUIRE_THROWS_WITH(read_input_rasters(path, 4, "x"), Contains(path + ": /spikes: missing"));
  fs::remove(path);
}
