#include "tune/acquisition.hpp"

#include <algorithm>
#include <numeric>
#include <random>

#include <nlopt.hpp>

namespace nmx::tune {
namespace {

Proposal maximise_ei(const GaussianProcess& gp, const ProposeOptions& o, std::mt19937_64& rng) {
  const Eigen::Index d = gp.x().cols();
  const double best = gp.y().minCoeff();
  auto ei = [&](const Eigen::VectorXd& p) {
    const GpPrediction f = gp.predict(p);
    return expected_improvement(f.mean, f.sd, best);
  };
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<std::pair<double, Eigen::VectorXd>> scored;
  scored.reserve(o.candidates);
  for (size_t c = 0; c < o.candidates; ++c) {
    Eigen::VectorXd p(d);
    for (Eigen::Index k = 0; k < d; ++k) p[k] = unit(rng);
    scored.emplace_back(ei(p), p);
  }
  const size_t starts = std::min(o.starts, scored.size());
  std::partial_sort(scored.begin(), scored.begin() + static_cast<long>(starts), scored.end(),
                    [](const auto& a, const auto& b) { return a.first > b.first; });
  Proposal out{scored[0].second, scored[0].first};
  auto objective = [](const std::vector<double>& v, std::vector<double>&, void* f) {
    return (*static_cast<decltype(ei)*>(f))(Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size())));
  };
  for (size_t s = 0; s < starts; ++s) {
    std::vector<double> v(scored[s].second.data(), scored[s].second.data() + d);
    nlopt::opt opt(nlopt::LN_BOBYQA, static_cast<unsigned>(d));
    opt.set_lower_bounds(0.0), opt.set_upper_bounds(1.0);
    opt.set_max_objective(objective, &ei);
    opt.set_maxeval(200);
    opt.set_xtol_abs(1e-5);
    double f = 0;
    try {
      opt.optimize(v, f);
    } catch (const nlopt::roundoff_limited&) {
      f = objective(v, v, &ei);
    }
    if (f > out.expected_improvement) out = {Eigen::Map<Eigen::VectorXd>(v.data(), d), f};
  }
  return out;
}

}  // namespace

std::vector<Proposal> propose(const GaussianProcess& gp, const ProposeOptions& o) {
  std::mt19937_64 rng(o.seed);
  std::vector<Proposal> out;
  GaussianProcess believer = gp;
  for (size_t q = 0; q < o.batch; ++q) {
    out.push_back(maximise_ei(believer, o, rng));
    if (q + 1 == o.batch) break;
    const Eigen::Index n = believer.x().rows();
    Eigen::MatrixXd x(n + 1, believer.x().cols());
    x << believer.x(), out.back().x.transpose();
    Eigen::VectorXd y(n + 1);
    y << believer.y(), believer.predict(out.back().x).mean;
    const GpHyper h = believer.hyper();
    believer.fit(x, y, h);
  }
  return out;
}

Eigen::MatrixXd latin_hypercube(size_t n, size_t d, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  Eigen::MatrixXd x(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(d));
  std::vector<size_t> perm(n);
  for (size_t k = 0; k < d; ++k) {
    std::iota(perm.begin(), perm.end(), 0);
    std::shuffle(perm.begin(), perm.end(), rng);
    for (size_t i = 0; i < n; ++i)
      x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k)) = (static_cast<double>(perm[i]) + unit(rng)) / n;
  }
  return x;
}

}  // namespace nmx::tune
