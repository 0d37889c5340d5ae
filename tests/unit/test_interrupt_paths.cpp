// What keeps a run from leaving files behind: output paths checked before any work, the
// temporary path that removes itself unless committed, and Ctrl-C as a clean stop (a child
// killed by SIGINT, run_dataset stopping between samples).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "core/interrupt.hpp"
#include "core/output_path.hpp"
#include "core/temp_path.hpp"
#include "data/dataset.hpp"
#include "gen/generate.hpp"
#include "run/runner.hpp"

using namespace nmx;

TEST_CASE("output paths: a missing folder, a folder for a file and a file for a folder are refused", "[interrupt]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "nmx-output-path-test";
  fs::create_directories(dir);
  std::ofstream(dir / "file.txt") << "x";
  CHECK(output_file_problem((dir / "out.json").string()).empty());
  CHECK(output_file_problem((dir / "no-such" / "out.json").string()).find("does not exist") != std::string::npos);
  CHECK(output_file_problem(dir.string()).find("is a folder") != std::string::npos);
  CHECK(output_dir_problem((dir / "plots" / "deeper").string()).empty());
  CHECK(output_dir_problem((dir / "file.txt").string()).find("not a folder") != std::string::npos);
  CHECK(output_dir_problem((dir / "file.txt" / "plots").string()).find("file.txt is not a folder") != std::string::npos);
  CHECK(!fs::exists(dir / "plots"));  // checking creates nothing
  fs::remove_all(dir);
}

TEST_CASE("temp path: removed unless committed, renamed by commit_as", "[interrupt]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "nmx-temp-path-test";
  fs::create_directories(dir);
  {
    TempPath t((dir / "scratch").string());
    fs::create_directories(dir / "scratch" / "sub");
    std::ofstream(dir / "scratch" / "sub" / "f") << "x";
  }
  CHECK(!fs::exists(dir / "scratch"));
  {
    TempPath t((dir / "a.part").string());
    std::ofstream(t.path()) << "x";
    t.commit_as((dir / "a").string());
  }
  CHECK(fs::exists(dir / "a"));
  CHECK(!fs::exists(dir / "a.part"));
  {
    TempPath t((dir / "b.part").string());
    CHECK_THROWS_WITH(t.commit_as((dir / "b").string()), Catch::Contains("b: cannot write output"));
  }
  fs::remove_all(dir);
}

TEST_CASE("interrupt: a child that died of SIGINT stops the caller with Interrupted", "[interrupt]") {
  CHECK_NOTHROW(throw_if_child_interrupted(0));
  CHECK_NOTHROW(throw_if_child_interrupted(1 << 8));  // exit status 1: an ordinary failure
  CHECK_THROWS_AS(throw_if_child_interrupted(2), Interrupted);  // killed by signal 2
  CHECK(interrupted());
  clear_interrupt();
}

TEST_CASE("interrupt: run_dataset stops between samples and throws Interrupted", "[interrupt]") {
  GenerateOptions g;
  g.layers = {784, 20, 10};
  const Network net = generate_network(g);
  const Dataset data = load_dataset("mnist", Split::Test, 40);
  RunOptions opt;
  opt.level = Level::Float;
  opt.threads = 2;
  size_t calls = 0;
  opt.progress = [&](size_t, size_t) { ++calls; };
  request_interrupt();
  CHECK_THROWS_AS(run_dataset(net, nullptr, data, opt), Interrupted);
  CHECK(calls == 0);  // stopped before reporting the run finished
  clear_interrupt();
  CHECK(run_dataset(net, nullptr, data, opt).samples == 40);
}
