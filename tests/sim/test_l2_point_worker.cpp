// A level-systemc sweep runs each point in a fresh worker program (never a fork of the
// threaded sweep): the runner starts the program it is given, hands it the exact spec,
// point, network and data, and reads back its row or its error.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/error.hpp"
#include "core/temp_path.hpp"
#include "gen/generate.hpp"
#include "net/network_io.hpp"
#include "sweep/point_request.hpp"
#include "sweep/sweep_db.hpp"
#include "sweep/sweep_point_l2.hpp"

using namespace nmx;

namespace {

struct Fixture {
  TempPath dir = TempPath::new_dir("point-worker-net-");
  std::string text;
  SweepSpec spec;
  Network net;
  Dataset data;
  SweepPoint point;
  Fixture() {
    GenerateOptions g;
    g.layers = {784, 24, 10};
    g.max_delay = 6;
    net = generate_network(g);
    write_network(net, dir.path() + "/net.h5");
    text = R"({"network": ")" + dir.path() + R"(/net.h5", "data": {"name": "mnist", "limit": 3}, "level": "systemc",
               "axes": {"lanes": [4, 8], "weight_bits": [4]}})";
    spec = parse_sweep_spec(text, "worker_spec.json");
    data = load_dataset("mnist", Split::Test, 3);
    point = sweep_points(spec).at(1);
  }
};

// A worker that keeps a copy of its request in `keep` and answers with an error.
std::vector<std::string> copying_worker(const std::string& keep) {
  return {"/bin/sh", "-c", R"(cp -r "$1"/. "$0" && printf '{"error": "from the worker", "input": true}' > "$1/reply.json")",
          keep};
}

}  // namespace

TEST_CASE("L2 point runner: the worker program is started and handed the exact spec and point and network and data",
          "[l2][sweep][worker]") {
  const Fixture f;
  const TempPath keep = TempPath::new_dir("point-worker-test-");
  const PointRunner runner = systemc_point_runner(copying_worker(keep.path()));
  // The error comes back from /bin/sh: the point ran in the program it was given.
  CHECK_THROWS_AS(runner.run(f.spec, f.net, f.data, f.point), InputError);
  CHECK_THROWS_WITH(runner.run(f.spec, f.net, f.data, f.point), "from the worker");

  const PointRequest r = read_point_request(keep.path());
  CHECK(r.spec.text == f.text);
  CHECK(r.spec.source == "worker_spec.json");
  CHECK(r.point.key() == f.point.key());
  CHECK(r.point.hw.core.lanes == 8);
  CHECK(r.data.name == f.data.name);
  CHECK(r.data.split == f.data.split);
  CHECK(r.data.pixels == f.data.pixels);
  CHECK(r.data.labels == f.data.labels);
  REQUIRE(r.net.projections.size() == f.net.projections.size());
  for (size_t i = 0; i < f.net.projections.size(); ++i) {
    CHECK(r.net.projections[i].weight == f.net.projections[i].weight);
    CHECK(r.net.projections[i].delay == f.net.projections[i].delay);
  }

  // The worker's side, here in this process: the row of that point, measured by L2.
  std::filesystem::remove(point_reply_path(keep.path()));
  serve_point_l2(keep.path());
  std::ifstream reply(point_reply_path(keep.path()));
  const nlohmann::json j = nlohmann::json::parse(reply);
  INFO(j.dump());
  REQUIRE(j.contains("row"));
  const SweepRow row = sweep_row_from_json(j["row"]);
  CHECK(row.key == point_key(f.spec, f.point));
  CHECK(row.level == "systemc");
  CHECK(row.timing == "measured");
  CHECK(row.cycles_per_sample > 0);
  CHECK(row.samples == 3);
}

TEST_CASE("L2 point runner: a worker that dies or cannot start is an error naming the point", "[l2][sweep][worker]") {
  const Fixture f;
  const PointRunner killed = systemc_point_runner({"/bin/sh", "-c", "kill -9 $$"});
  CHECK_THROWS_WITH(killed.run(f.spec, f.net, f.data, f.point),
                    Catch::Contains(f.point.key()) && Catch::Contains("signal 9 and no reply"));
  const PointRunner silent = systemc_point_runner({"/bin/true"});
  CHECK_THROWS_WITH(silent.run(f.spec, f.net, f.data, f.point), Catch::Contains("exit status 0 and no reply"));
  const PointRunner missing = systemc_point_runner({"/nonexistent/nmx"});
  CHECK_THROWS_WITH(missing.run(f.spec, f.net, f.data, f.point), Catch::Contains("cannot start /nonexistent/nmx"));
}

TEST_CASE("L2 point runner: the worker inherits no descriptor but stdin and stdout and stderr", "[l2][sweep][worker]") {
  // Another thread's open file (an HDF5 network being written, with its lock) must not stay
  // open in a worker: the next worker could then not open that file.
  const Fixture f;
  const int fd = ::open("/proc/self/exe", O_RDONLY);  // no O_CLOEXEC, as HDF5 opens files
  REQUIRE(fd > 2);
  const std::string open_fd = std::to_string(fd);
  const PointRunner probe = systemc_point_runner(
      {"/bin/sh", "-c",
       R"(if [ -e /proc/$$/fd/$0 ]; then r=open; else r=closed; fi; echo "{\"error\": \"fd $r\", \"input\": true}" > "$1/reply.json")",
       open_fd});
  CHECK_THROWS_WITH(probe.run(f.spec, f.net, f.data, f.point), "fd closed");
  ::close(fd);
}
