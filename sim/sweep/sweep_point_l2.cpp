#include "sweep/sweep_point_l2.hpp"

#include <cerrno>
#include <cstring>
#include <string>

#include <sys/wait.h>
#include <unistd.h>

#include "core/error.hpp"
#include "l2/chip_model_l2.hpp"

namespace nmx {
namespace {

void write_all(int fd, const std::string& s) {
  for (size_t off = 0; off < s.size();) {
    const ssize_t n = ::write(fd, s.data() + off, s.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    off += static_cast<size_t>(n);
  }
}

std::string read_all(int fd) {
  std::string s;
  constexpr size_t kChunk = 1 << 16;  // bytes per read from the child
  char buf[kChunk];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return s;
    s.append(buf, static_cast<size_t>(n));
  }
}

}  // namespace

SweepRow run_point_l2(const SweepSpec& spec, const Network& net, const Dataset& data, const SweepPoint& p) {
  std::shared_ptr<l2::ChipModelL2> l2;
  ChipLevelModel m;
  m.make = [&](const ChipImage& image) {
    l2 = std::make_shared<l2::ChipModelL2>(image, l2::L2Options{});
    return l2;
  };
  m.record_timing = [&](SweepRow& row) {
    const nlohmann::json t = l2::to_json(l2->totals(), p.hw, l2->chip().period_ns());
    row.cycles_per_sample = t.at("cycles_per_sample").get<double>();
    row.energy_nj_per_sample = t.at("energy_nj_per_sample").at("total").get<double>();
    row.timing = "measured";
  };
  return run_point(spec, net, data, p, &m);
}

PointRunner systemc_point_runner() {
  PointRunner r;
  r.check = [](const ChipImage& chip) { l2::preflight(chip); };
  r.run = [](const SweepSpec& spec, const Network& net, const Dataset& data, const SweepPoint& p) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {  // the child: one L2 run, the row or the error on the pipe, no exit handlers
      ::close(fds[0]);
      nlohmann::json out;
      try {
        out["row"] = to_json(run_point_l2(spec, net, data, p));
      } catch (const InputError& e) {
        out = {{"error", e.what()}, {"input", true}};
      } catch (const std::exception& e) {
        out = {{"error", e.what()}, {"input", false}};
      }
      write_all(fds[1], out.dump());
      ::close(fds[1]);
      ::_exit(0);
    }
    ::close(fds[1]);
    const std::string text = read_all(fds[0]);
    ::close(fds[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || text.empty())
      throw std::runtime_error("the L2 process of point " + p.key() + " died (status " + std::to_string(status) + ")");
    const nlohmann::json j = nlohmann::json::parse(text);
    if (j.contains("error")) {
      if (j["input"].get<bool>()) throw InputError(j["error"].get<std::string>());
      throw std::runtime_error(j["error"].get<std::string>());
    }
    return sweep_row_from_json(j["row"]);
  };
  return r;
}

}  // namespace nmx
