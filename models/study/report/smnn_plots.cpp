#include "report/smnn_plots.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.hpp"
#include "core/gnuplot.hpp"
#include "core/temp_path.hpp"
#include "data/dataset.hpp"
#include "smnn/smnn_trainer.hpp"

namespace nmx {
namespace {

namespace fs = std::filesystem;

const char* const kColours[] = {"#4477aa", "#cc3311", "#228833", "#aa3377", "#ee7733", "#66ccee", "#bbbbbb", "#000000"};

// Mean mode activities of one condition: m[t * P + p].
struct Condition {
  std::string label;
  std::vector<double> m;
  size_t trials = 0, correct = 0;
};

void add_trace(Condition& c, const smnn::Trace& tr, bool correct) {
  if (c.m.empty()) c.m.assign(tr.m.size(), 0.0);
  for (size_t k = 0; k < tr.m.size(); ++k) c.m[k] += tr.m[k];
  ++c.trials;
  c.correct += correct;
}

void finish(Condition& c) {
  for (double& x : c.m) x /= double(std::max<size_t>(c.trials, 1));
}

// One PNG: data and script in a scratch folder (removed whatever happens), the image under a
// temporary name renamed into place once gnuplot succeeded.
class Figure {
 public:
  Figure(const std::string& dir, const std::string& name)
      : dir_(dir), name_(name), work_(dir + "/." + name + ".work-" + std::to_string(::getpid())),
        png_tmp_(dir + "/." + name + ".part-" + std::to_string(::getpid())) {
    std::error_code ec;
    fs::create_directories(work_.path(), ec);
    if (ec) throw InputError(dir + ": cannot write plots (" + ec.message() + ")");
  }
  // Writes the condition's mean modes as columns t, m_1 .. m_P.
  std::string data(const std::string& file, const Condition& c, uint32_t modes) const {
    const std::string path = work_.path() + "/" + file;
    std::ofstream out(path);
    for (size_t t = 0; t * modes < c.m.size(); ++t) {
      out << t;
      for (uint32_t p = 0; p < modes; ++p) out << ' ' << c.m[t * modes + p];
      out << '\n';
    }
    if (!out) throw InputError(dir_ + ": cannot write plots");
    return path;
  }
  std::ostringstream script;
  std::string render() {
    const std::string gp = work_.path() + "/plot.gp";
    {
      std::ofstream out(gp);
      out << "set terminal pngcairo size 900,600 font 'sans,12'\nset output '" << png_tmp_.path()
          << "'\nset grid\nset key outside right\n"
          << script.str() << "unset output\n";
      if (!out) throw InputError(dir_ + ": cannot write plots");
    }
    run_gnuplot(gp);
    std::error_code ec;
    if (fs::file_size(png_tmp_.path(), ec) == 0 || ec) throw InputError("gnuplot wrote no image for " + name_);
    const std::string final_path = dir_ + "/" + name_;
    png_tmp_.commit_as(final_path);
    return final_path;
  }

 private:
  std::string dir_, name_;
  TempPath work_, png_tmp_;
};

// m_p(t) of the conditions [from, to): colour per mode, dash type per condition.
// `marks`: phase boundaries (ms) drawn as dotted vertical lines.
std::string plot_modes(const std::string& dir, const std::string& name, const std::string& title,
                       const std::vector<Condition>& conds, size_t from, size_t to, uint32_t modes, double step_ms,
                       const std::vector<double>& marks) {
  Figure f(dir, name);
  for (double x : marks) f.script << "set arrow from " << x << ", graph 0 to " << x << ", graph 1 nohead dt 3 lc rgb '#777777'\n";
  f.script << "set title '" << title << "'\nset xlabel 'time [ms]'\nset ylabel 'mode activity m_p'\nplot ";
  bool first = true;
  for (size_t c = from; c < to; ++c) {
    const std::string file = f.data("c" + std::to_string(c) + ".dat", conds[c], modes);
    for (uint32_t p = 0; p < modes; ++p) {
      f.script << (first ? "" : ", \\\n  ") << "'" << file << "' using ($1*" << step_ms << "):" << p + 2
               << " with lines lw 2 dt " << (c - from) % 5 + 1 << " lc rgb '" << kColours[p % 8] << "' title 'm_"
               << p + 1 << ", " << conds[c].label << "'";
      first = false;
    }
  }
  f.script << "\n";
  return f.render();
}

// (m_1, m_2) per condition, or (m_1, m_2, m_3) when P >= 3; a dot marks the end.
std::string plot_mode_space(const std::string& dir, const std::vector<Condition>& conds, uint32_t modes) {
  Figure f(dir, "mode_space.png");
  const bool three = modes >= 3;
  f.script << "set title 'trajectories in mode space (condition means)'\nset xlabel 'm_1'\nset ylabel 'm_2'\n"
           << (three ? "set zlabel 'm_3'\nset view 60, 30\nset ticslevel 0\nsplot " : "plot ");
  for (size_t c = 0; c < conds.size(); ++c) {
    const std::string file = f.data("c" + std::to_string(c) + ".dat", conds[c], modes);
    const std::string cols = three ? "2:3:4" : "2:3";
    f.script << (c ? ", \\\n  " : "") << "'" << file << "' using " << cols << " with lines lw 2 lc rgb '"
             << kColours[c % 8] << "' title '" << conds[c].label << "', '" << file << "' every ::" << conds[c].m.size() / modes - 1
             << " using " << cols << " with points pt 7 ps 1.5 lc rgb '" << kColours[c % 8] << "' notitle";
  }
  f.script << "\n";
  return f.render();
}

}  // namespace

SmnnPlotResult smnn_plots(const Network& net, const std::string& source, const std::string& dir,
                          const SmnnPlotOptions& opt) {
  smnn::NeuronConfig c;
  const smnn::Params p = smnn_params_of(net, c, source);
  const smnn::Shape& s = p.shape;
  require_gnuplot();
  const bool selective = s.inputs == smnn::kSelectiveInputs && s.outputs == 1;
  if (!selective && s.inputs != 784)
    throw InputError(source + ": an SMNN network of " + std::to_string(s.inputs) + " inputs and " +
                     std::to_string(s.outputs) + " outputs is neither a selective-integration (4, 1) nor an MNIST "
                     "(784, 10) network");
  const double step_ms = 2.0;  // dt (docs/smnn.md)
  smnn::Workspace ws(s);
  std::vector<Condition> conds;
  SmnnPlotResult res;
  if (selective) {
    smnn::SelectiveConfig sc;
    sc.steps = s.steps;
    smnn::check_selective_config(sc);
    for (const char* ctx : {"A", "B"})
      for (const char* sign : {"+1", "-1"}) conds.push_back({std::string("context ") + ctx + ", target " + sign, {}});
    for (uint64_t i = 0; conds[0].trials < opt.trials_per_condition || conds[1].trials < opt.trials_per_condition ||
                         conds[2].trials < opt.trials_per_condition || conds[3].trials < opt.trials_per_condition;
         ++i) {
      const smnn::SelectiveTrial tr = heldout_selective_trial(sc, opt.seed, i);
      Condition& cond = conds[size_t(tr.context) * 2 + (tr.target > 0 ? 0 : 1)];
      if (cond.trials >= opt.trials_per_condition) continue;
      smnn::Target t;
      t.kind = smnn::Target::Regress, t.target = tr.target, t.window_begin = sc.response_begin();
      const smnn::Result r = ws.run(p, c, smnn::Mode::Hard, tr.input, t, nullptr);
      add_trace(cond, ws.trace(), (r.response_mean > 0) == (tr.target > 0));
    }
    for (Condition& cond : conds) finish(cond);
    const std::vector<double> phases{sc.silent * step_ms, sc.response_begin() * step_ms};  // stimulus on, response
    res.written.push_back(plot_modes(dir, "modes_context_A.png",
                                     "mode activities, context A (channel 1 cued; stimulus, then response)", conds, 0, 2,
                                     s.modes, step_ms, phases));
    res.written.push_back(plot_modes(dir, "modes_context_B.png",
                                     "mode activities, context B (channel 2 cued; stimulus, then response)", conds, 2, 4,
                                     s.modes, step_ms, phases));
  } else {
    const Dataset test = load_dataset("mnist", Split::Test, 0, opt.data_dir);
    for (int d = 0; d < 10; ++d) conds.push_back({"digit " + std::to_string(d), {}});
    for (size_t i = 0; i < test.size(); ++i) {
      Condition& cond = conds[test.labels[i]];
      if (cond.trials >= opt.trials_per_condition) continue;
      smnn::Target t;
      t.label = test.labels[i];
      const smnn::Result r =
          ws.run(p, c, smnn::Mode::Hard, encode_image(net.encoder, test.image(i), s.inputs, i), t, nullptr);
      add_trace(cond, ws.trace(), r.prediction == t.label);
    }
    for (Condition& cond : conds) finish(cond);
    res.written.push_back(plot_modes(dir, "modes_by_class.png", "mode activities per digit (test split)", conds, 0, 10,
                                     s.modes, step_ms, {}));
  }
  if (s.modes >= 2) res.written.push_back(plot_mode_space(dir, conds, s.modes));
  for (const Condition& cond : conds) {
    char line[160];
    std::snprintf(line, sizeof line, "  %-24s %4zu trials, %5.1f%% correct\n", cond.label.c_str(), cond.trials,
                  cond.trials ? 100.0 * double(cond.correct) / double(cond.trials) : 0.0);
    res.summary += line;
  }
  return res;
}

}  // namespace nmx
