// Sweeps beyond the plain network file: the seed axis (reseeds the run's encoder and
// neuron LFSRs, and the trainer), a trainer invocation as the network (trained once per
// seed, cached beside the database), the area provider (once per core configuration,
// cached in the database), and level systemc refused without an L2 runner.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>

#include "core/error.hpp"
#include "gen/generate.hpp"
#include "net/network_io.hpp"
#include "sweep/sweep_run.hpp"

using namespace nmx;
namespace fs = std::filesystem;

namespace {

SweepSpec spec(const std::string& source_and_axes) {
  return parse_sweep_spec(R"({"data": {"name": "mnist", "limit": 40}, )" + source_and_axes + "}", "spec.json");
}

void remove_db(const std::string& db) {
  std::remove(db.c_str());
  fs::remove_all(trained_network_dir(db));
}

}  // namespace

TEST_CASE("sweep seed axis: reseeds Poisson input and stochastic neurons, same seed gives the same row", "[sweep]") {
  GenerateOptions g;
  g.layers = {784, 30, 10};
  g.stochastic_fraction = 0.5;
  g.encoder.kind = EncoderKind::Poisson;
  g.encoder.max_rate = 0.3;
  const std::string net = "sweep_seed_net.h5";
  write_network(generate_network(g), net);
  Network a = read_network(net), b = a;
  reseed(a, 7);
  reseed(b, 8);
  CHECK(a.encoder.seed == 7);
  CHECK(a.populations[1].lfsr_seed != b.populations[1].lfsr_seed);
  CHECK(a.populations[1].real.theta == b.populations[1].real.theta);

  const SweepSpec s = spec(R"("network": ")" + net + R"(", "axes": {"seed": [3, 4, 3]})");
  remove_db("seed1.sqlite"), remove_db("seed2.sqlite");
  SweepOptions o;
  o.threads = 1;
  CHECK(run_sweep(s, "seed1.sqlite", o).ran == 2);  // seed 3 twice is one point
  o.threads = 2;
  CHECK(run_sweep(s, "seed2.sqlite", o).ran == 2);
  const auto r1 = SweepDb("seed1.sqlite").rows(), r2 = SweepDb("seed2.sqlite").rows();
  REQUIRE(r1.size() == 2);
  REQUIRE(r2.size() == 2);
  CHECK(r1[0].params["seed"] == 3.0);
  CHECK(r1[0].spikes_per_sample != r1[1].spikes_per_sample);  // the seed changes the input and the neurons
  for (size_t k = 0; k < 2; ++k) {
    CHECK(r1[k].spikes_per_sample == r2[k].spikes_per_sample);
    CHECK(r1[k].synaptic_events_per_sample == r2[k].synaptic_events_per_sample);
    CHECK(r1[k].accuracy == r2[k].accuracy);
    CHECK(r1[k].timing == "estimated");
    CHECK(r1[k].level == "fixed");
  }
  remove_db("seed1.sqlite"), remove_db("seed2.sqlite"), std::remove(net.c_str());
}

TEST_CASE("sweep train source: one training per seed, cached beside the database, options checked first", "[sweep]") {
  const std::string train =
      R"("train": {"method": "delay", "data": "mnist", "limit": 200, "eval": 20, "hidden": 24, "epochs": 1, "max_delay": 7})";
  const SweepSpec s = spec(train + R"(, "axes": {"seed": [5, 6], "weight_bits": [2, 8]})");
  REQUIRE(s.train);
  CHECK(s.network_name().rfind("train {", 0) == 0);
  remove_db("train.sqlite"), remove_db("train2.sqlite");
  SweepOptions o;
  o.threads = 2;
  const SweepSummary a = run_sweep(s, "train.sqlite", o);
  CHECK(a.ran == 4);
  CHECK(a.trained == 2);
  for (uint64_t seed : {5, 6}) CHECK(fs::exists(trained_network_path(*s.train, seed, trained_network_dir("train.sqlite"))));
  const auto rows = SweepDb("train.sqlite").rows();
  REQUIRE(rows.size() == 4);
  // Two seeds train two different networks: their rows differ at the same weight bits.
  const Network n5 = read_network(trained_network_path(*s.train, 5, trained_network_dir("train.sqlite")));
  const Network n6 = read_network(trained_network_path(*s.train, 6, trained_network_dir("train.sqlite")));
  CHECK(n5.projections[0].delay != n6.projections[0].delay);
  CHECK(n5.populations[1].size == 24);
  CHECK(n5.max_delay() <= 7);
  // A new database whose cache directory holds the same networks trains nothing and
  // gives the same rows; the first one, rerun, has nothing left to do.
  fs::copy(trained_network_dir("train.sqlite"), trained_network_dir("train2.sqlite"));
  const SweepSummary b = run_sweep(s, "train2.sqlite", o);
  CHECK(b.trained == 0);
  const auto rows2 = SweepDb("train2.sqlite").rows();
  REQUIRE(rows2.size() == 4);
  for (size_t k = 0; k < 4; ++k) {
    CHECK(rows[k].key == rows2[k].key);
    CHECK(rows[k].accuracy == rows2[k].accuracy);
    CHECK(rows[k].spikes_per_sample == rows2[k].spikes_per_sample);
  }
  const SweepSummary again = run_sweep(s, "train.sqlite", o);
  CHECK(again.ran == 0);
  CHECK(again.trained == 0);  // resumed: the cached networks are read, not retrained

  // Bad trainer options fail at parse time, naming the field and the allowed values.
  auto bad = [&](const std::string& t) { return spec(R"("train": )" + t + R"(, "axes": {"seed": [1]})"); };
  REQUIRE_THROWS_WITH(bad(R"({"method": "bptt"})"), Catch::Contains("train: method = bptt") && Catch::Contains("delay"));
  REQUIRE_THROWS_WITH(bad(R"({"method": "delay", "epochs": 0})"), Catch::Contains("epochs = 0"));
  REQUIRE_THROWS_WITH(bad(R"({"method": "delay", "max_delay": 64})"), Catch::Contains("max_delay = 64"));
  REQUIRE_THROWS_WITH(bad(R"({"method": "delay", "data": "cifar"})"), Catch::Contains("fashion-mnist, mnist"));
  REQUIRE_THROWS_WITH(bad(R"({"method": "delay", "epoch": 1})"), Catch::Contains("unknown key 'train.epoch'"));
  REQUIRE_THROWS_WITH(spec(R"("network": "n.h5", )" + train + R"(, "axes": {"seed": [1]})"),
                      Catch::Contains("either 'network'"));
  remove_db("train.sqlite"), remove_db("train2.sqlite");
}

TEST_CASE("sweep train source: the SRM-alpha variant is trained as such and run on the chip as its datapath twin", "[sweep][srm]") {
  const std::string base = R"("method": "delay", "data": "mnist", "limit": 200, "eval": 20, "hidden": 24, "epochs": 1)";
  const SweepSpec s = spec(R"("train": {)" + base + R"(, "neuron": "srm-alpha", "tau_ref": 2}, "axes": {"seed": [3]})");
  const SweepSpec d = spec(R"("train": {)" + base + R"(}, "axes": {"seed": [3]})");
  REQUIRE(s.train);
  CHECK(s.train->options.neuron.model == NeuronModel::SrmAlpha);
  CHECK(s.train->options.neuron.srm.tau_ref == 2.0);
  CHECK(trained_network_path(*s.train, 3, "c") != trained_network_path(*d.train, 3, "c"));
  remove_db("srm.sqlite");
  SweepOptions o;
  o.threads = 2;
  const SweepSummary r = run_sweep(s, "srm.sqlite", o);
  CHECK(r.ran == 1);
  CHECK(r.trained == 1);
  const Network n = read_network(trained_network_path(*s.train, 3, trained_network_dir("srm.sqlite")));
  CHECK(n.populations[1].model == NeuronModel::SrmAlpha);
  CHECK(n.populations[1].srm.tau_ref == 2.0);
  const auto rows = SweepDb("srm.sqlite").rows();
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].level == "fixed");  // L1 ran: the point quantised the datapath twin
  CHECK(rows[0].spikes_per_sample > 0);
  REQUIRE_THROWS_WITH(spec(R"("train": {)" + base + R"(, "tau_ref": 2}, "axes": {"seed": [1]})"),
                      Catch::Contains("'tau_ref' needs \"neuron\": \"srm-alpha\""));
  REQUIRE_THROWS_WITH(spec(R"("train": {)" + base + R"(, "neuron": "srm-alpha", "tau": 0.2}, "axes": {"seed": [1]})"),
                      Catch::Contains("'tau' is the datapath's decay"));
  REQUIRE_THROWS_WITH(spec(R"("train": {)" + base + R"(, "neuron": "srm-alpha", "max_delay": 0}, "axes": {"seed": [1]})"),
                      Catch::Contains("max_delay = 0") && Catch::Contains("1..63"));
  remove_db("srm.sqlite");
}

TEST_CASE("sweep area: one synthesis per core configuration, cached in the database", "[sweep]") {
  GenerateOptions g;
  g.layers = {784, 40, 10};
  const std::string net = "sweep_area_net.h5";
  write_network(generate_network(g), net);
  const SweepSpec s = spec(R"("network": ")" + net + R"(", "area": true, "axes": {"weight_bits": [2, 4], "lanes": [4, 8]})");
  int calls = 0;
  SweepOptions o;
  o.threads = 2;
  o.area.library = "fake";
  o.area.check = [](const HwConfig& hw) {
    if (hw.core.lanes == 3) throw InputError("lanes 3");
  };
  o.area.synthesize = [&](const HwConfig& hw) {
    ++calls;  // only from the synthesis pass, one config at a time per thread
    return CoreArea{0.01 * hw.core.lanes, 1000u * hw.core.lanes, 5000, 0.5};
  };
  std::remove("area.sqlite");
  const SweepSummary a = run_sweep(s, "area.sqlite", o);
  CHECK(a.synthesised == 2);  // lanes 4 and 8; weight bits do not change the core as built
  CHECK(calls == 2);
  const auto rows = SweepDb("area.sqlite").rows();
  REQUIRE(rows.size() == 4);
  for (const auto& r : rows) {
    REQUIRE(r.has_area);
    const double lanes = r.params["lanes"].get<double>();
    CHECK(r.core.area_mm2 == Approx(0.01 * lanes));
    CHECK(r.core.cells == 1000u * lanes);
    CHECK(r.area_mm2 == Approx(r.cores * 0.01 * lanes));
  }
  CHECK(SweepDb("area.sqlite").areas().size() == 2);
  // A wider sweep over the same database synthesises only the new configuration.
  const SweepSpec wider =
      spec(R"("network": ")" + net + R"(", "area": true, "axes": {"weight_bits": [2, 4], "lanes": [4, 8, 16]})");
  CHECK(run_sweep(wider, "area.sqlite", o).synthesised == 1);
  CHECK(calls == 3);
  // Without the spec option, no area columns.
  std::remove("noarea.sqlite");
  run_sweep(spec(R"("network": ")" + net + R"(", "axes": {"lanes": [4]})"), "noarea.sqlite", o);
  CHECK_FALSE(SweepDb("noarea.sqlite").rows().at(0).has_area);
  // Refused before any work: a configuration the provider cannot synthesise; no provider.
  std::remove("bad.sqlite");
  REQUIRE_THROWS_WITH(run_sweep(spec(R"("network": ")" + net + R"(", "area": true, "axes": {"lanes": [3]})"),
                                "bad.sqlite", o),
                      Catch::Contains("lanes 3"));
  CHECK_FALSE(fs::exists("bad.sqlite"));
  REQUIRE_THROWS_WITH(run_sweep(s, "bad.sqlite", SweepOptions{}), Catch::Contains("area needs a synthesis provider"));
  REQUIRE_THROWS_WITH(
      run_sweep(spec(R"("network": ")" + net + R"(", "level": "systemc", "axes": {"lanes": [4]})"), "bad.sqlite", o),
      Catch::Contains("level systemc needs an L2 point runner"));
  CHECK_FALSE(fs::exists("bad.sqlite"));
  for (const char* f : {"area.sqlite", "noarea.sqlite"}) std::remove(f);
  std::remove(net.c_str());
}
