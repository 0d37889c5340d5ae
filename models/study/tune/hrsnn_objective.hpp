// The tuner's objective for the heterogeneous reservoir (models/learn/hrsnn): the
// dimensions it searches and the run of one point, spikes per neuron per step over memory
// capacity (hrsnn::evaluate with the memory-capacity task only).
#pragma once

#include "hrsnn/hrsnn_eval.hpp"
#include "hrsnn/hrsnn_model.hpp"
#include "tune/tune_run.hpp"

namespace nmx::tune {

// gamma_shape [0.5, 20] (log), gamma_scale [0.5, 40] (log), a_plus [0.05, 4] (log),
// stdp_spread [0, 0.9], connectivity [0.02, 0.5] (log), input_scale [1, 40] (log).
std::vector<Dimension> hrsnn_dimensions();

// Sets the named option of `r` ("gamma_shape", ...); InputError for a name it does not know.
void set_reservoir_option(hrsnn::ReservoirOptions& r, const std::string& name, double value);

// One point: `base` with `params` set, built, run at `level` on the memory-capacity task
// (with `tasks`' learning phase and sizes). Not ok (with the reason) when the reservoir is silent.
ObjectiveResult hrsnn_objective(const hrsnn::ReservoirOptions& base, const hrsnn::TaskOptions& tasks,
                                hrsnn::Level level, const nlohmann::json& params);

// The settings that make a tune of the reservoir what it is (stored with its spec).
nlohmann::json hrsnn_context(const hrsnn::ReservoirOptions& base, const hrsnn::TaskOptions& tasks, hrsnn::Level level);

}  // namespace nmx::tune
