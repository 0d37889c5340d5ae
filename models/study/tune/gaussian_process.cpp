#include "tune/gaussian_process.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <nlopt.hpp>

namespace nmx::tune {
namespace {

constexpr double kLogLengthLo = -4.6, kLogLengthHi = 2.3;  // 0.01 .. 10
constexpr double kLogSignalLo = -3.0, kLogSignalHi = 3.0;
constexpr double kLogNoiseHi = -0.7;                       // 0.5

Eigen::MatrixXd kernel_matrix(const Eigen::MatrixXd& x, const GpHyper& h) {
  const Eigen::Index n = x.rows();
  Eigen::MatrixXd k(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j <= i; ++j) k(i, j) = k(j, i) = matern52(x.row(i).transpose(), x.row(j).transpose(), h);
  k.diagonal().array() += std::exp(h.log_noise);
  return k;
}

GpHyper unpack(const std::vector<double>& v, Eigen::Index d) {
  GpHyper h;
  h.log_length = Eigen::Map<const Eigen::VectorXd>(v.data(), d);
  h.log_signal = v[d];
  h.log_noise = v[d + 1];
  return h;
}

}  // namespace

double matern52(const Eigen::VectorXd& a, const Eigen::VectorXd& b, const GpHyper& h) {
  const double r = std::sqrt(((a - b).array() / h.log_length.array().exp()).square().sum());
  const double s = std::sqrt(5.0) * r;
  return std::exp(h.log_signal) * (1 + s + s * s / 3) * std::exp(-s);
}

double expected_improvement(double mean, double sd, double best) {
  if (!(sd > 1e-12)) return std::max(best - mean, 0.0);
  const double z = (best - mean) / sd;
  const double cdf = 0.5 * std::erfc(-z / std::sqrt(2.0));
  const double pdf = std::exp(-0.5 * z * z) / std::sqrt(2 * M_PI);
  return std::max((best - mean) * cdf + sd * pdf, 0.0);
}

double GaussianProcess::neg_log_likelihood(const Eigen::MatrixXd& x, const Eigen::VectorXd& ys, const GpHyper& h) {
  const Eigen::LLT<Eigen::MatrixXd> llt(kernel_matrix(x, h));
  if (llt.info() != Eigen::Success) return 1e30;
  const Eigen::VectorXd alpha = llt.solve(ys);
  const double logdet = 2 * llt.matrixL().toDenseMatrix().diagonal().array().log().sum();
  return 0.5 * ys.dot(alpha) + 0.5 * logdet + 0.5 * static_cast<double>(ys.size()) * std::log(2 * M_PI);
}

void GaussianProcess::fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const GpHyper& h) {
  x_ = x, y_ = y, h_ = h;
  y_mean_ = y.mean();
  const double var = (y.array() - y_mean_).square().mean();
  y_sd_ = var > 0 ? std::sqrt(var) : 1.0;
  const Eigen::VectorXd ys = (y.array() - y_mean_) / y_sd_;
  llt_.compute(kernel_matrix(x, h));
  alpha_ = llt_.solve(ys);
  lml_ = -neg_log_likelihood(x, ys, h);
}

void GaussianProcess::fit_optimised(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, double min_noise) {
  const Eigen::Index d = x.cols();
  const double mean = y.mean(), var = (y.array() - mean).square().mean();
  const Eigen::VectorXd ys = (y.array() - mean) / (var > 0 ? std::sqrt(var) : 1.0);
  const double noise_lo = std::log(min_noise);
  std::vector<double> lo(d + 2, kLogLengthLo), hi(d + 2, kLogLengthHi);
  lo[d] = kLogSignalLo, hi[d] = kLogSignalHi, lo[d + 1] = noise_lo, hi[d + 1] = kLogNoiseHi;
  struct Data {
    const Eigen::MatrixXd* x;
    const Eigen::VectorXd* ys;
    Eigen::Index d;
  } data{&x, &ys, d};
  auto objective = [](const std::vector<double>& v, std::vector<double>&, void* p) {
    const Data& dd = *static_cast<Data*>(p);
    return neg_log_likelihood(*dd.x, *dd.ys, unpack(v, dd.d));
  };
  std::vector<double> best_v;
  double best = std::numeric_limits<double>::infinity();
  // Two starts: the default (length 0.3, unit signal, small noise) and long lengths.
  for (double start_len : {std::log(0.3), std::log(1.0)}) {
    std::vector<double> v(d + 2, start_len);
    v[d] = 0, v[d + 1] = std::max(noise_lo, std::log(1e-4));
    nlopt::opt opt(nlopt::LN_BOBYQA, static_cast<unsigned>(d + 2));
    opt.set_lower_bounds(lo), opt.set_upper_bounds(hi);
    opt.set_min_objective(objective, &data);
    opt.set_maxeval(300 * static_cast<int>(d + 2));
    opt.set_xtol_rel(1e-4);
    double f = 0;
    try {
      opt.optimize(v, f);
    } catch (const nlopt::roundoff_limited&) {
      f = objective(v, v, &data);
    }
    if (f < best) best = f, best_v = v;
  }
  fit(x, y, unpack(best_v, d));
}

GpPrediction GaussianProcess::predict(const Eigen::VectorXd& p) const {
  const Eigen::Index n = x_.rows();
  Eigen::VectorXd k(n);
  for (Eigen::Index i = 0; i < n; ++i) k[i] = matern52(x_.row(i).transpose(), p, h_);
  const double mean = k.dot(alpha_);
  const Eigen::VectorXd v = llt_.matrixL().solve(k);
  const double var = std::max(std::exp(h_.log_signal) - v.squaredNorm(), 0.0);
  return {y_mean_ + y_sd_ * mean, y_sd_ * std::sqrt(var)};
}

}  // namespace nmx::tune
