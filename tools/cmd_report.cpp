#include <cstdio>
#include <fstream>
#include <string>

#include "commands.hpp"
#include "core/error.hpp"
#include "json_out.hpp"
#include "output_paths.hpp"
#include "report/report_plots.hpp"
#include "report/sweep_report.hpp"

namespace nmx::cli {

void add_report(CLI::App& app) {
  static std::string db, csv, json, plots;
  auto* sub = app.add_subcommand("report", "tables and plots from a sweep database");
  sub->add_option("db", db, "sweep database (.sqlite)")->required()->check(CLI::ExistingFile);
  sub->add_option("--csv", csv, "write the table as CSV")->check(OutputFile);
  add_json_option(sub, json, "write the table as JSON");
  sub->add_option("--plots", plots, "write PNG plots (gnuplot) into this directory")->check(OutputDir);
  sub->callback([] {
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
