#include "tem/kmeans.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"

namespace nmx::tem {

KMeans kmeans(const Eigen::MatrixXd& points, int k, const KMeansOptions& opt) {
  const Eigen::Index n = points.cols();
  if (k < 1 || n < k)
    throw InputError("k-means: " + std::to_string(n) + " points for " + std::to_string(k) + " clusters (need n >= k >= 1)");
  KMeans out;
  out.centroids.resize(points.rows(), k);
  // Deterministic start robust to outliers: a point's spread is the distance to its m-th
  // nearest neighbour (m = 3); "core" points have spread <= the median. The first centroid
  // is the core point with the smallest spread, each next one the core point farthest from
  // the chosen centroids (farthest-point start restricted to core points).
  const Eigen::Index m = std::min<Eigen::Index>(3, n - 1);
  std::vector<double> spread(static_cast<size_t>(n), 0.0);
  for (Eigen::Index i = 0; i < n && m > 0; ++i) {
    Eigen::VectorXd d = (points.colwise() - points.col(i)).colwise().norm().transpose();
    std::nth_element(d.data(), d.data() + m, d.data() + n);  // d(0) = 0 is the point itself
    spread[static_cast<size_t>(i)] = d(m);
  }
  std::vector<double> sorted = spread;
  std::nth_element(sorted.begin(), sorted.begin() + (n - 1) / 2, sorted.end());
  const double median = sorted[static_cast<size_t>((n - 1) / 2)];
  std::vector<Eigen::Index> core;
  for (Eigen::Index i = 0; i < n; ++i)
    if (spread[static_cast<size_t>(i)] <= median) core.push_back(i);
  Eigen::Index pick = core[0];
  for (Eigen::Index i : core)
    if (spread[static_cast<size_t>(i)] < spread[static_cast<size_t>(pick)]) pick = i;
  out.centroids.col(0) = points.col(pick);
  Eigen::VectorXd nearest = (points.colwise() - out.centroids.col(0)).colwise().squaredNorm().transpose();
  for (int c = 1; c < k; ++c) {
    pick = core[0];
    for (Eigen::Index i : core)
      if (nearest(i) > nearest(pick)) pick = i;
    out.centroids.col(c) = points.col(pick);
    nearest = nearest.cwiseMin((points.colwise() - out.centroids.col(c)).colwise().squaredNorm().transpose());
  }
  out.label.assign(static_cast<size_t>(n), -1);
  out.distance.assign(static_cast<size_t>(n), 0.0);
  const size_t drop = static_cast<size_t>(std::ceil(opt.trim * static_cast<double>(n)));
  const size_t keep = std::max(static_cast<size_t>(k), static_cast<size_t>(n) - std::min(drop, static_cast<size_t>(n)));
  for (out.iterations = 1;; ++out.iterations) {
    bool changed = false;
    out.inertia = 0;
    for (Eigen::Index p = 0; p < n; ++p) {
      int best = 0;
      double best_d = std::numeric_limits<double>::infinity();
      for (int c = 0; c < k; ++c) {
        const double d = (points.col(p) - out.centroids.col(c)).squaredNorm();
        if (d < best_d) best_d = d, best = c;
      }
      out.inertia += best_d;
      out.distance[static_cast<size_t>(p)] = std::sqrt(best_d);
      if (out.label[static_cast<size_t>(p)] != best) changed = true, out.label[static_cast<size_t>(p)] = best;
    }
    if (!changed || out.iterations >= opt.max_iter) break;
    // Trimmed update: only the `keep` points closest to their centroids count.
    sorted = out.distance;
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<long>(keep - 1), sorted.end());
    const double cut = sorted[keep - 1];
    for (int c = 0; c < k; ++c) {
      Eigen::VectorXd sum = Eigen::VectorXd::Zero(points.rows());
      int count = 0;
      for (Eigen::Index p = 0; p < n; ++p)
        if (out.label[static_cast<size_t>(p)] == c && out.distance[static_cast<size_t>(p)] <= cut) sum += points.col(p), ++count;
      if (count > 0) out.centroids.col(c) = sum / count;  // an emptied cluster keeps its centroid
    }
  }
  return out;
}

}  // namespace nmx::tem
