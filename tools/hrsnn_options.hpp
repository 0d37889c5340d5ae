// The reservoir's and its tasks' options, shared by `nmx train hrsnn` and `nmx tune`
// (models/learn/hrsnn). Ranges are checked by the library (hrsnn::check_options), so a
// bad value gives the same message from both commands.
#pragma once

#include <CLI/CLI.hpp>

#include "hrsnn/hrsnn_eval.hpp"
#include "hrsnn/hrsnn_model.hpp"

namespace nmx::cli {

struct HrsnnArgs {
  hrsnn::ReservoirOptions r;
  hrsnn::TaskOptions t;
  bool homogeneous = false, homogeneous_stdp = false, no_stdp = false;
  std::string tasks = "mc,mg,lorenz,patterns";
  void apply();  // the flags and --tasks into r and t; InputError for an unknown task
};

void add_reservoir_options(CLI::App* sub, HrsnnArgs& a);
void add_task_options(CLI::App* sub, HrsnnArgs& a);

}  // namespace nmx::cli
