// One gnuplot PNG: data files and script in a scratch folder inside the output directory
// (removed whatever happens), the PNG written under a temporary name and renamed when
// gnuplot succeeded, so no empty or partial image is ever left.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>

#include <unistd.h>

#include "core/error.hpp"
#include "core/gnuplot.hpp"
#include "core/temp_path.hpp"

namespace nmx {

class Plot {
 public:
  Plot(const std::string& dir, const std::string& name)
      : dir_(dir), name_(name), work_(dir + "/." + name + ".work-" + std::to_string(::getpid())),
        png_tmp_(dir + "/." + name + ".part-" + std::to_string(::getpid())) {
    std::error_code ec;
    std::filesystem::create_directories(work_.path(), ec);
    if (ec) throw InputError(dir + ": cannot write plots (" + ec.message() + ")");
  }
  std::string data(const std::string& file) const { return work_.path() + "/" + file; }
  std::ostringstream script;
  std::string render() {
    const std::string gp = data("plot.gp");
    {
      std::ofstream out(gp);
      out << "set terminal pngcairo size " << width << "," << height << " font 'sans,12'\n"
          << "set output '" << png_tmp_.path() << "'\nset grid\nset key below horizontal height 1.5\n"
          << "set offsets 0, 0, graph 0.04, graph 0.04\n"  // error bars clear of the frame
          << script.str() << "unset output\n";
      if (!out) throw InputError(dir_ + ": cannot write plots");
    }
    run_gnuplot(gp);
    std::error_code ec;
    if (std::filesystem::file_size(png_tmp_.path(), ec) == 0 || ec) throw InputError("gnuplot wrote no image for " + name_);
    const std::string final_path = dir_ + "/" + name_;
    png_tmp_.commit_as(final_path);
    return final_path;
  }
  int width = 900, height = 600;

 private:
  std::string dir_, name_;
  TempPath work_, png_tmp_;
};

}  // namespace nmx
