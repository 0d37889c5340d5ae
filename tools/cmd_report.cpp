#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "commands.hpp"
#include "option_ranges.hpp"
#include "core/error.hpp"
#include "json_out.hpp"
#include "net/network_io.hpp"
#include "output_paths.hpp"
#include "report/raster_plot.hpp"
#include "report/report_plots.hpp"
#include "report/smnn_plots.hpp"
#include "report/sweep_report.hpp"

namespace nmx::cli {

namespace {

// An HDF5 file (a network) rather than a sweep database: its first 8 bytes.
bool is_hdf5(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[8] = {};
  in.read(magic, sizeof magic);
  return in && std::string(magic, 8) == "\x89HDF\r\n\x1a\n";
}

// `nmx report NETWORK.h5 --plots DIR`: a spiking mode-based network's mode activities.
void report_smnn(const std::string& path, const std::string& plots, const SmnnPlotOptions& opt,
                 const std::string& csv, const std::string& json) {
  if (plots.empty()) throw InputError(path + ": a network file is reported by its plots; give --plots DIR");
  if (!csv.empty() || !json.empty()) throw InputError(path + ": --csv and --json report a sweep database");
  const Network net = read_network(path);
  const SmnnPlotResult r = smnn_plots(net, path, plots, opt);
  std::printf("%s: %s\n%s", path.c_str(), net.description.c_str(), r.summary.c_str());
  for (const auto& png : r.written) std::printf("plot: %s\n", png.c_str());
}

}  // namespace

void add_report(CLI::App& app) {
  static std::string db, csv, json, plots;
  static bool raster = false;
  static size_t sample = 0;
  static SmnnPlotOptions smnn;
  auto* sub = app.add_subcommand("report", "tables and plots from a sweep database, plots of a recording, or mode plots "
                                           "of an SMNN network");
  sub->add_option("db", db, "sweep database (.sqlite), with --raster a recording (.h5), or a network trained by "
                            "nmx train smnn (.h5)")
      ->required()
      ->check(CLI::ExistingFile);
  sub->add_flag("--raster", raster, "the file is a recording (nmx run --record-out): plot its spike raster and membrane "
                                    "traces (into --plots, default: the recording's folder)");
  sub->add_option("--sample", sample, "with --raster: which recorded sample")->check(CLI::Range(size_t{0}, size_t{60000}));
  sub->add_option("--trials", smnn.trials_per_condition, "SMNN network: trials (samples) averaged per condition")
      ->check(CLI::Range(1u, 100000u));
  sub->add_option("--seed", smnn.seed, "SMNN selective network: the training run's seed (held-out trials)")
      ->check(full_range<uint64_t>());
  sub->add_option("--csv", csv, "write the table as CSV")->check(OutputFile);
  add_json_option(sub, json, "write the table as JSON");
  sub->add_option("--plots", plots, "write PNG plots (gnuplot) into this directory")->check(OutputDir);
  sub->callback([] {
    if (raster) {
      if (!csv.empty() || !json.empty()) throw InputError("--csv and --json are for sweep databases, not with --raster");
      std::string dir = plots.empty() ? std::filesystem::path(db).parent_path().string() : plots;
      if (dir.empty()) dir = ".";
      const RasterPlots p = raster_plots(db, dir, sample);
      std::printf("%s\n", p.summary.c_str());
      for (const auto& png : p.written) std::printf("plot: %s\n", png.c_str());
      for (const auto& why : p.skipped) std::printf("plot skipped: %s\n", why.c_str());
      return;
    }
    if (is_hdf5(db)) return report_smnn(db, plots, smnn, csv, json);
    SweepDb d(db);
    const auto rows = d.rows();
    if (rows.empty()) throw InputError(db + ": no finished points");
    std::printf("%s: %zu points\n%s", db.c_str(), rows.size(), report_text(rows).c_str());
    std::printf("%s", pareto_text(rows).c_str());
    if (!csv.empty())
      write_atomically(csv, [&](const std::string& tmp) {
        std::ofstream out(tmp);
        out << report_csv(rows);
        if (!out) throw InputError(csv + ": cannot write");
      });
    if (!json.empty()) write_json(json, report_json(rows));
    if (!plots.empty()) {
      const PlotSet p = report_plots(rows, plots);
      for (const auto& png : p.written) std::printf("plot: %s\n", png.c_str());
      for (const auto& why : p.skipped) std::printf("plot skipped: %s\n", why.c_str());
    }
  });
}

}  // namespace nmx::cli
