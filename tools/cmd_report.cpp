#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "commands.hpp"
#include "core/error.hpp"
#include "json_out.hpp"
#include "output_paths.hpp"
#include "report/raster_plot.hpp"
#include "report/report_plots.hpp"
#include "report/sweep_report.hpp"

namespace nmx::cli {

void add_report(CLI::App& app) {
  static std::string db, csv, json, plots;
  static bool raster = false;
  static size_t sample = 0;
  auto* sub = app.add_subcommand("report", "tables and plots from a sweep database, or plots of a recording");
  sub->add_option("db", db, "sweep database (.sqlite), or with --raster a recording (.h5)")->required()->check(CLI::ExistingFile);
  sub->add_flag("--raster", raster, "the file is a recording (nmx run --record-out): plot its spike raster and membrane "
                                    "traces (into --plots, default: the recording's folder)");
  sub->add_option("--sample", sample, "with --raster: which recorded sample")->check(CLI::Range(size_t{0}, size_t{60000}));
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
