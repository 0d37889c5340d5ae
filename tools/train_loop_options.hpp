// The options every gradient trainer (`nmx train delay`, `nmx train smnn`) shares, said once.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "output_paths.hpp"

namespace nmx::cli {

// --batch, --epochs, --threads/-j, --checkpoint and --no-progress, into the trainer's fields.
template <typename Options>
void add_train_loop_options(CLI::App* sub, Options& o, bool& no_progress) {
  sub->add_option("--batch", o.batch, "mini-batch size")->check(CLI::Range(1u, 100000u));
  sub->add_option("--epochs", o.epochs, "epochs (a resumed run continues up to this)")->check(CLI::Range(1u, 100000u));
  sub->add_option("--threads,-j", o.threads, "worker threads (0 = every core); results do not depend on it")
      ->check(CLI::Range(0u, 1024u));
  sub->add_option("--checkpoint", o.checkpoint, "checkpoint file: written after every epoch, resumed from if present")
      ->check(OutputFile);
  sub->add_flag("--no-progress", no_progress, "no progress bar");
}

}  // namespace nmx::cli
