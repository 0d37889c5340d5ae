// k-means for grouping recovered hidden spikes by their amplitude vectors (two_layer.hpp):
// every spike of hidden neuron h reaches the outputs with the same amplitudes, column h of
// W2, so noise-free the spikes of one neuron coincide. With noisy output times a few
// spikes are outliers (two close spikes merge into one carrying both columns and one
// carrying ~0), so the start and the centroid updates are made robust to them.
#pragma once

#include <vector>

#include <Eigen/Dense>

namespace nmx::tem {

struct KMeansOptions {
  int max_iter = 100;
  // Each centroid update ignores this fraction of the points, the farthest from their
  // centroids (trimmed k-means), so a few outliers cannot drag a centroid away.
  double trim = 0.1;
};

struct KMeans {
  Eigen::MatrixXd centroids;  // dims x k
  std::vector<int> label;     // per point, in [0, k)
  std::vector<double> distance;  // per point, to its centroid
  double inertia = 0;         // Σ squared distance to the own centroid (all points)
  int iterations = 0;
};

// points: dims x n, n >= k >= 1. Deterministic start: a point's spread is the distance to
// its 3rd nearest neighbour; among the "core" points (spread <= median) the first centroid
// is the tightest, each next one the farthest from those chosen (farthest-point start that
// cannot pick an isolated outlier while outliers are under half the points). Then Lloyd
// steps with trimmed updates until the labels stop changing (or max_iter).
KMeans kmeans(const Eigen::MatrixXd& points, int k, const KMeansOptions& opt = {});

}  // namespace nmx::tem
