// The next points to evaluate: expected improvement of a fitted GP maximised over the unit
// cube by NLopt (random candidates, then LN_BOBYQA from the best few). A batch of q points
// by the kriging believer: after each pick the GP takes its own mean there as an
// observation (same hyperparameters), so the next pick goes elsewhere. Deterministic for a seed.
#pragma once

#include <cstdint>
#include <vector>

#include <Eigen/Dense>

#include "tune/gaussian_process.hpp"

namespace nmx::tune {

struct ProposeOptions {
  size_t batch = 1;          // q
  size_t candidates = 2000;  // random points scored before the local searches
  size_t starts = 5;         // LN_BOBYQA searches from the best candidates
  uint64_t seed = 1;
};

struct Proposal {
  Eigen::VectorXd x;          // in [0, 1]^d
  double expected_improvement = 0;
};

// `gp` fitted to every observation so far (minimisation: lower y is better).
std::vector<Proposal> propose(const GaussianProcess& gp, const ProposeOptions& o);

// n points of a Latin hypercube in [0, 1]^d (the initial design).
Eigen::MatrixXd latin_hypercube(size_t n, size_t d, uint64_t seed);

}  // namespace nmx::tune
