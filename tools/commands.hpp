// Each subcommand registers its options and its action on the app. Actions only parse
// arguments, call the libraries and print.
#pragma once

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

namespace nmx::cli {

void add_run(CLI::App& app);
void add_generate(CLI::App& app);
void add_quantize(CLI::App& app);
void add_info(CLI::App& app);
void add_bench(CLI::App& app);
void add_check(CLI::App& app);
void add_synth(CLI::App& app);
void add_train(CLI::App& app);  // `nmx train`, with one subcommand per learning method
void add_sweep(CLI::App& app);
void add_report(CLI::App& app);
void add_tem(CLI::App& app);
void add_import(CLI::App& app);  // NIR graphs in and out (models/chip/nir)
void add_export(CLI::App& app);
void add_plasticity(CLI::App& app);  // `nmx plasticity set|remove`
void add_plasticity_study(CLI::App* plasticity);  // `nmx plasticity window|weights|drift|pattern`
// Learning methods, registered under `nmx train` by add_train (one file each: method_*.cpp).
void add_train_delay(CLI::App& train);
void add_train_tem(CLI::App& train);
void add_train_smnn(CLI::App& train);
void add_train_hrsnn(CLI::App& train);
void add_tune(CLI::App& app);  // `nmx tune`: Bayesian optimisation of the reservoir (models/study/tune)
void add_train_gem(CLI::App& train);

// Thrown by a command whose check failed after printing why: exit status 1.
struct CheckFailed {};

// "--trace-steps A:B" -> [A, B]; a single "A" is one step. Throws InputError.
void parse_step_window(const std::string& text, uint32_t& first, uint32_t& last);

}  // namespace nmx::cli
