// `nmx report NETWORK.h5 --plots DIR` for a spiking mode-based network (docs/smnn.md):
// the mode activities m_p(t) over a trial, averaged per condition, and the trajectories in
// mode space. Conditions: a selective-integration network (4 inputs, 1 output) runs
// held-out trials of each context and cued sign; an MNIST network runs test digits of
// each class. Written:
//   modes_context_A.png, modes_context_B.png   m_p(t) per cued sign (selective)
//   modes_by_class.png                          m_p(t) per digit (mnist)
//   mode_space.png                              (m_1, m_2) trajectories per condition (P >= 2)
// Each PNG is renamed into place only when gnuplot succeeded.
#pragma once

#include <string>
#include <vector>

#include "net/network.hpp"

namespace nmx {

struct SmnnPlotOptions {
  uint32_t trials_per_condition = 20;
  uint64_t seed = 1;        // selective: trials (seed ^ eval stream, i), as held out in training
  std::string data_dir;     // mnist: dataset directory (default: the installed one)
};

struct SmnnPlotResult {
  std::vector<std::string> written;
  std::string summary;  // one line per condition: trials, accuracy
};

// Throws InputError naming `source` if it is not an SMNN network, or gnuplot fails.
SmnnPlotResult smnn_plots(const Network& net, const std::string& source, const std::string& dir,
                          const SmnnPlotOptions& opt);

}  // namespace nmx
