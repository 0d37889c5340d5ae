#include "sweep/sweep_point_l2.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/temp_path.hpp"
#include "l2/chip_model_l2.hpp"
#include "sweep/point_request.hpp"
#include "core/spawn_process.hpp"

namespace nmx {

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

void serve_point_l2(const std::string& dir) {
  nlohmann::json out;
  try {
    const PointRequest r = read_point_request(dir);
    out["row"] = to_json(run_point_l2(r.spec, r.net, r.data, r.point));
  } catch (const InputError& e) {
    out = {{"error", e.what()}, {"input", true}};
  } catch (const std::exception& e) {
    out = {{"error", e.what()}, {"input", false}};
  }
  write_atomically(point_reply_path(dir), [&](const std::string& tmp) {
    std::ofstream f(tmp);
    f << out.dump();
    if (!f.flush()) throw std::runtime_error("cannot write " + tmp);
  });
}

PointRunner systemc_point_runner(std::vector<std::string> worker) {
  PointRunner r;
  r.check = [](const ChipImage& chip) { l2::preflight(chip); };
  r.run = [worker](const SweepSpec& spec, const Network& net, const Dataset& data, const SweepPoint& p) {
    const TempPath dir = TempPath::new_dir("nmx-l2-point-");
    write_point_request(dir.path(), spec, net, data, p);
    std::vector<std::string> argv = worker;
    argv.push_back(dir.path());
    const ProcessExit x = run_process(argv);
    const std::string reply_path = point_reply_path(dir.path());
    std::ifstream f(reply_path);
    if (!x.exited || x.code != 0 || !f)
      throw std::runtime_error("the L2 worker of point " + p.key() + " (" + worker.front() + ") ended with " +
                               x.describe() + (f ? "" : " and no reply"));
    const nlohmann::json j = nlohmann::json::parse(f);
    if (j.contains("error")) {
      if (j.at("input").get<bool>()) throw InputError(j["error"].get<std::string>());
      throw std::runtime_error(j["error"].get<std::string>());
    }
    return sweep_row_from_json(j.at("row"));
  };
  return r;
}

}  // namespace nmx
