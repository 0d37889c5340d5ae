#include <filesystem>
#include <fstream>

#include "report/png_plot.hpp"
#include "tune/tune_run.hpp"

namespace nmx::tune {

void plot_convergence(const std::vector<Evaluation>& rows, const std::string& png, const std::string& title) {
  const std::filesystem::path path(png);
  const std::string dir = path.has_parent_path() ? path.parent_path().string() : ".";
  Plot p(dir, path.filename().string());
  const std::vector<double> best = best_so_far(rows);
  {
    std::ofstream pts(p.data("points.dat")), bst(p.data("best.dat")), bad(p.data("failed.dat"));
    for (size_t i = 0; i < rows.size(); ++i) {
      if (rows[i].ok) pts << rows[i].index << " " << rows[i].objective << "\n";
      else bad << rows[i].index << " 0\n";
      if (std::isfinite(best[i])) bst << rows[i].index << " " << best[i] << "\n";
    }
    bad << "\n";
  }
  size_t initial = 0;
  for (const Evaluation& e : rows) initial += e.iteration == 0;
  p.script << "set title '" << title << "'\nset xlabel 'evaluation'\nset ylabel 'objective (lower is better)'\n"
           << "set logscale y\nset arrow from " << initial - 0.5 << ", graph 0 to " << initial - 0.5
           << ", graph 1 nohead dt 2\nset label 'initial design | expected improvement' at " << initial - 0.5
           << ", graph 0.95 center\n"
           << "plot '" << p.data("points.dat") << "' using 1:2 with points pt 7 ps 1 lc rgb '#1f77b4' title 'evaluation', \\\n"
           << "  '" << p.data("best.dat") << "' using 1:2 with steps lw 2.5 lc rgb '#d62728' title 'best so far'\n";
  p.render();
}

}  // namespace nmx::tune
