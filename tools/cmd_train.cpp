// `nmx train METHOD`: one subcommand per learning method. A method registers itself from
// its own file (method_<name>.cpp), next to its library folder models/learn/<name>/ and its
// page docs/<name>.md (docs/architecture.md, "Adding a learning method").
#include "commands.hpp"

namespace nmx::cli {

void add_train(CLI::App& app) {
  auto* train = app.add_subcommand("train", "train a network");
  train->require_subcommand(1);
  add_train_delay(*train);
  add_train_tem(*train);
  add_train_smnn(*train);
  add_train_hrsnn(*train);
  add_train_gem(*train);
}

}  // namespace nmx::cli
