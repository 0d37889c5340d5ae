// The reservoir measured (docs/hrsnn.md): unsupervised STDP on a random input first (when
// the network learns), then, with learning off, every task read out by ridge regression
// on the filtered spike trains: memory capacity MC = sum_k r^2(u(t - k), y_k(t)), k = 1..K;
// Mackey-Glass and Lorenz prediction `horizon` steps ahead (NRMSE on the test part); and
// temporal-pattern classification (accuracy on held-out samples). The objective the tuner
// minimises is the paper's: spikes per neuron per step of the memory-capacity run over MC.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "hrsnn/reservoir_run.hpp"
#include "net/network.hpp"

namespace nmx::hrsnn {

struct TaskOptions {
  size_t learn_steps = 2000;  // STDP on a random input before the tasks (0: none)
  size_t washout = 200, train = 2000, test = 1000;  // input values of each sequence task
  uint32_t hold = 5;          // steps each input value is held (states read at its last), [1, 1000]
  uint32_t mc_delays = 100;   // K (in input values), [1, 1000]
  uint32_t horizon = 5;       // prediction: input values ahead, [1, 1000]
  double filter_tau = 5;      // state filter, steps, [1, 1000]
  double ridge = 0.1;         // readout penalty, [0, 1e9]
  double mc_floor = 0;        // objective: below this MC, spikes / MC times (floor / MC)^4, [0, 1000]
  bool mc = true, mackey_glass = true, lorenz = true, classify = true;
  size_t classes = 5, train_per_class = 40, test_per_class = 20, pattern_length = 40;  // patterns: values
  double pattern_noise = 0.3;
  uint64_t seed = 1;          // inputs and patterns
};

void check_task_options(const TaskOptions& t, const std::string& where);

struct Metrics {
  double mc = 0;                      // memory capacity (test part)
  double nrmse_mackey_glass = -1, nrmse_lorenz = -1, accuracy = -1;  // -1: not run
  double spikes_per_neuron_step = 0;  // of the memory-capacity run
  double objective = 0;               // spikes_per_neuron_step / mc (times (mc_floor / mc)^4 below the floor)
  double learn_seconds = 0, sim_seconds = 0, fit_seconds = 0;
  size_t steps = 0;                   // reservoir steps run (learning included)
};

// Runs `net` (a build_reservoir network) at `level`; the weights STDP learned are written
// back into `net`. Throws InputError when the objective cannot be computed: a reservoir
// that stays silent during the memory-capacity run, or a memory capacity of 0.
Metrics evaluate(Network& net, Level level, const TaskOptions& t,
                 const std::function<void(const std::string&)>& progress = nullptr);

}  // namespace nmx::hrsnn
