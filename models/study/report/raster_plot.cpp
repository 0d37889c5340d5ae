#include "report/raster_plot.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "core/error.hpp"
#include "h5/h5_tree.hpp"
#include "report/png_plot.hpp"

namespace nmx {
namespace {

const char* const kColours[] = {"#4477aa", "#cc3311", "#228833", "#aa3377", "#ee7733", "#66ccee"};

std::string attr_text(const h5::Item& item, const std::string& name) {
  const auto it = item.attrs.find(name);
  return it != item.attrs.end() && it->second.type == h5::Type::String && !it->second.strings.empty() ? it->second.strings[0] : "";
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if (c == ',') out.push_back(cur), cur.clear();
    else cur += c;
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

// A [samples][steps][neurons] dataset of one population, checked.
const h5::Item* cube(const h5::Item& pop, const std::string& name, const std::string& file, const std::string& where) {
  const auto it = pop.children.find(name);
  if (it == pop.children.end()) return nullptr;
  if (it->second.shape.size() != 3 || it->second.type == h5::Type::String)
    throw InputError(file + ": " + where + "/" + name + ": must be [samples][steps][neurons] numbers");
  return &it->second;
}

}  // namespace

RasterPlots raster_plots(const std::string& recording, const std::string& dir, size_t sample) {
  const h5::Item root = h5::read_tree(recording);
  if (attr_text(root, "format") != "nmx-recording")
    throw InputError(recording + ": not an nmx recording (root attribute 'format' is not 'nmx-recording'; nmx run --record-out writes one)");
  const auto pops_it = root.children.find("populations");
  const auto steps_it = root.children.find("steps");
  if (pops_it == root.children.end() || steps_it == root.children.end())
    throw InputError(recording + ": /populations or /steps: missing");
  const h5::Item& pops = pops_it->second;
  const std::vector<double>& steps = steps_it->second.numbers;
  const std::string stem = std::filesystem::path(recording).stem().string();
  RasterPlots out;

  Plot raster(dir, stem + ".raster.png");
  raster.width = 1000;
  raster.height = 700;
  std::string plot_cmd, ytics;
  double offset = 0;
  size_t colour = 0, samples = 0, spikes = 0;
  for (const std::string& name : split(attr_text(root, "population_order"))) {
    const auto p = pops.children.find(name);
    if (p == pops.children.end()) throw InputError(recording + ": /populations/" + name + ": missing");
    const h5::Item* s = cube(p->second, "spikes", recording, "/populations/" + name);
    if (!s) continue;
    samples = s->shape[0];
    if (sample >= samples)
      throw InputError("--sample " + std::to_string(sample) + " is out of range (allowed: 0.." + std::to_string(samples - 1) +
                       ", the samples " + recording + " holds)");
    const size_t n_steps = s->shape[1], n = s->shape[2];
    const std::string file = raster.data(name + ".dat");
    std::ofstream dat(file);
    for (size_t t = 0; t < n_steps; ++t)
      for (size_t k = 0; k < n; ++k)
        if (s->numbers[(sample * n_steps + t) * n + k] != 0) {
          dat << steps[t] << " " << offset + (k + 0.5) / n << "\n";
          ++spikes;
        }
    dat << "nan nan\n";  // an empty population still plots
    plot_cmd += std::string(plot_cmd.empty() ? "" : ", \\\n  ") + "'" + file + "' using 1:2 with points pt 7 ps 0.4 lc rgb '" +
                kColours[colour++ % 6] + "' title '" + name + "'";
    // Each population gets a band of the same height, neuron k at its (k + 0.5)/n.
    ytics += std::string(ytics.empty() ? "" : ", ") + "'" + name + " (" + std::to_string(n) + ")' " + std::to_string(offset + 0.5);
    offset += 1;
    raster.script << "set arrow from graph 0, first " << offset << " to graph 1, first " << offset
                  << " nohead lc rgb '#999999' dt 2\n";
  }
  if (plot_cmd.empty()) {
    out.skipped.push_back(stem + ".raster.png: the recording has no spikes (record with --record spikes)");
  } else {
    raster.script << "set title 'spike raster, sample " << sample << "'\nset xlabel 'step'\nset ylabel 'population (neurons)'\n"
                  << "set yrange [0:" << offset << "]\nset ytics (" << ytics << ")\n"
                  << "set xrange [" << steps.front() - 0.5 << ":" << steps.back() + 0.5 << "]\n"
                  << "plot " << plot_cmd << "\n";
    out.written.push_back(raster.render());
  }

  // Membrane traces: the last population with v (the readout, usually), its first neurons.
  const h5::Item* v = nullptr;
  std::string v_pop;
  const h5::Item* theta = nullptr;
  for (const std::string& name : split(attr_text(root, "population_order"))) {
    const h5::Item& p = pops.children.at(name);
    if (const h5::Item* c = cube(p, "v", recording, "/populations/" + name)) {
      v = c, v_pop = name;
      const auto th = p.children.find("theta");
      theta = th == p.children.end() ? nullptr : &th->second;
    }
  }
  if (!v) {
    out.skipped.push_back(stem + ".membrane.png: the recording has no membrane (record with --record v)");
  } else {
    if (sample >= v->shape[0])
      throw InputError("--sample " + std::to_string(sample) + " is out of range (allowed: 0.." + std::to_string(v->shape[0] - 1) + ")");
    Plot mem(dir, stem + ".membrane.png");
    mem.width = 1000;
    mem.height = 600;
    const size_t n_steps = v->shape[1], n = v->shape[2], shown = std::min<size_t>(n, 6);
    std::string cmd;
    for (size_t k = 0; k < shown; ++k) {
      const std::string file = mem.data("v" + std::to_string(k) + ".dat");
      std::ofstream dat(file);
      for (size_t t = 0; t < n_steps; ++t) dat << steps[t] << " " << v->numbers[(sample * n_steps + t) * n + k] << "\n";
      cmd += std::string(cmd.empty() ? "" : ", \\\n  ") + "'" + file + "' using 1:2 with steps lw 1.5 lc rgb '" +
             kColours[k % 6] + "' title '" + v_pop + "[" + std::to_string(k) + "]'";
      if (theta && k < theta->numbers.size())
        cmd += ", " + std::to_string(theta->numbers[k]) + " with lines dt 2 lc rgb '" + kColours[k % 6] + "' notitle";
    }
    mem.script << "set title 'membrane v of " << v_pop << ", sample " << sample << " (dashed: threshold)'\n"
               << "set xlabel 'step'\nset ylabel 'v [membrane units]'\nset xrange [" << steps.front() << ":"
               << steps.back() + 1 << "]\nplot " << cmd << "\n";
    out.written.push_back(mem.render());
  }
  char line[256];
  std::snprintf(line, sizeof line, "%s: level %s, %zu samples, steps %g:%g, sample %zu has %zu spikes", recording.c_str(),
                attr_text(root, "level").c_str(), samples, steps.front(), steps.back(), sample, spikes);
  out.summary = line;
  return out;
}

}  // namespace nmx
