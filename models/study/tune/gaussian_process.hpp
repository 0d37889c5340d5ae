// A Gaussian-process surrogate for Bayesian optimisation (docs/hrsnn.md, "Tuning"): inputs
// in the unit cube, a Matern-5/2 kernel with one length scale per dimension (ARD), the
// observations standardised, hyperparameters by maximum marginal likelihood (NLopt,
// bounded). Eigen's Cholesky throughout. Expected improvement for minimisation.
#pragma once

#include <vector>

#include <Eigen/Dense>

namespace nmx::tune {

struct GpHyper {
  Eigen::VectorXd log_length;  // per dimension
  double log_signal = 0;       // log of the standardised signal variance
  double log_noise = -9.2;     // log of the standardised noise variance (1e-4)
};

struct GpPrediction {
  double mean = 0, sd = 0;  // in the units of y
};

class GaussianProcess {
 public:
  // x: n x d (rows in [0, 1]^d), y: n. The hyperparameters as given.
  void fit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const GpHyper& h);
  // Maximum marginal likelihood over length scales in [0.01, 10], signal in [0.05, 20],
  // noise in [min_noise, 0.5] (standardised units), from `start` (NLopt LN_BOBYQA, then a
  // second start at the default); then fit().
  void fit_optimised(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, double min_noise = 1e-6);

  GpPrediction predict(const Eigen::VectorXd& x) const;
  double log_marginal_likelihood() const { return lml_; }
  const GpHyper& hyper() const { return h_; }
  const Eigen::MatrixXd& x() const { return x_; }
  const Eigen::VectorXd& y() const { return y_; }

  // Negative log marginal likelihood of standardised data for a hyperparameter vector
  // (log lengths, log signal, log noise): the objective fit_optimised minimises.
  static double neg_log_likelihood(const Eigen::MatrixXd& x, const Eigen::VectorXd& ys, const GpHyper& h);

 private:
  Eigen::MatrixXd x_;
  Eigen::VectorXd y_, alpha_;
  Eigen::LLT<Eigen::MatrixXd> llt_;
  double y_mean_ = 0, y_sd_ = 1, lml_ = 0;
  GpHyper h_;
};

// Matern-5/2 covariance of two points under h (standardised units).
double matern52(const Eigen::VectorXd& a, const Eigen::VectorXd& b, const GpHyper& h);

// E[max(best - f, 0)] for f ~ N(mean, sd^2): 0 when sd = 0 and mean >= best.
double expected_improvement(double mean, double sd, double best);

}  // namespace nmx::tune
