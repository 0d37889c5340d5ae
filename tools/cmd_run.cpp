#include <cstdio>
#include <optional>
#include <string>

#include "commands.hpp"
#include "core/error.hpp"
#include "data/dataset.hpp"
#include "hw/hw_config.hpp"
#include "json_out.hpp"
#include "map/chip_image.hpp"
#include "net/network_io.hpp"
#include "progress.hpp"
#include "run/runner.hpp"

namespace nmx::cli {
namespace {

struct RunArgs {
  std::string network, level = "fixed", data = "fashion-mnist", split = "test", data_dir, hw, json;
  size_t limit = 1000;
  unsigned threads = 0;
  bool no_progress = false;
};

void print_report(const RunArgs& a, const RunReport& r, const Dataset& d) {
  std::printf("nmx run %s  level=%s  data=%s %s[0:%zu]  threads=%u  %.2f s\n", a.network.c_str(), to_string(r.level),
              d.name.c_str(), d.split.c_str(), r.samples, r.threads, r.wall_seconds);
  if (r.compared) {
    std::printf("  %-34s %12s %12s\n", "", "L0 float", "L1 fixed");
    std::printf("  %-34s %11.2f%% %11.2f%%\n", "accuracy", 100 * r.accuracy_l0, 100 * r.accuracy);
    std::printf("  %-34s %24.2f%%\n", "prediction agreement L0/L1", 100 * r.prediction_agreement);
    std::printf("  %-34s %24.2f%%\n", "spike agreement L0/L1 (Dice)", 100 * r.spike_agreement);
  } else {
    std::printf("  %-34s %11.2f%%\n", "accuracy", 100 * r.accuracy);
  }
  std::printf("  %-34s %12.0f\n", "input spikes / sample", r.input_spikes_per_sample);
  std::printf("  %-34s %12.0f\n", "synaptic events / sample", r.synaptic_events_per_sample);
  if (r.compared) {
    std::printf("  %-12s %12s %12s %14s %14s\n", "population", "spikes L0", "spikes L1", "count corr r", "v RMSE [θ]");
    for (const auto& p : r.populations)
      std::printf("  %-12s %12.1f %12.1f %14.4f %14.4f\n", p.name.c_str(), p.spikes_per_sample_l0, p.spikes_per_sample,
                  p.count_correlation, p.membrane_rmse_theta);
  } else {
    std::printf("  %-12s %12s\n", "population", "spikes");
    for (const auto& p : r.populations) std::printf("  %-12s %12.1f\n", p.name.c_str(), p.spikes_per_sample);
  }
}

}  // namespace

void add_run(CLI::App& app) {
  static RunArgs a;
  auto* sub = app.add_subcommand("run", "run a network over a dataset at one level");
  sub->add_option("network", a.network, "network file (.h5)")->required();
  sub->add_option("--level", a.level, "float (L0) or fixed (L1; also runs L0 and reports agreement)")
      ->check(CLI::IsMember({"float", "fixed"}));
  sub->add_option("--data", a.data, "dataset")->check(CLI::IsMember({"fashion-mnist", "mnist"}));
  sub->add_option("--split", a.split, "train or test")->check(CLI::IsMember({"train", "test"}));
  sub->add_option("--limit", a.limit, "first K samples (0 = all)");
  sub->add_option("--data-dir", a.data_dir, "dataset directory (default: the installed one)");
  sub->add_option("--hw", a.hw, "hardware configuration JSON (default: built-in)");
  sub->add_option("--threads,-j", a.threads, "worker threads (0 = every core); results do not depend on it");
  sub->add_option("--json", a.json, "write the results as JSON");
  sub->add_flag("--no-progress", a.no_progress, "no progress bar");
  sub->callback([] {
    const Level level = parse_level(a.level);
    const Network net = read_network(a.network);
    const Dataset data = load_dataset(a.data, a.split == "train" ? Split::Train : Split::Test, a.limit, a.data_dir);
    std::optional<ChipImage> chip;
    if (level == Level::Fixed) chip = build_chip_image(net, hw_config_or_default(a.hw), a.network);
    RunOptions opt;
    opt.level = level;
    opt.threads = a.threads;
    Progress progress("run", !a.no_progress);
    opt.progress = [&](size_t d, size_t t) { progress(d, t); };
    const RunReport r = run_dataset(net, chip ? &*chip : nullptr, data, opt);
    print_report(a, r, data);
    if (!a.json.empty()) {
      nlohmann::json j = to_json(r);
      j["network"] = a.network;
      j["dataset"] = {{"name", data.name}, {"split", data.split}, {"samples", data.size()}};
      write_json(a.json, j);
    }
  });
}

}  // namespace nmx::cli
