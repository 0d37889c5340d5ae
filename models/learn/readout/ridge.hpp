// Ridge regression for linear readouts of reservoir states: y = x w + b, the bias not
// penalised (x and y are centred before the solve). Eigen's LDLT on the Gram matrix, so
// one factorisation serves every output column (memory capacity fits 100 delays at once).
#pragma once

#include <Eigen/Dense>

namespace nmx {

struct RidgeModel {
  Eigen::MatrixXd w;     // features x outputs
  Eigen::RowVectorXd b;  // outputs
  Eigen::MatrixXd predict(const Eigen::MatrixXd& x) const { return (x * w).rowwise() + b; }
};

// x: samples x features, y: samples x outputs, lambda >= 0 (the penalty on ||w||^2).
RidgeModel fit_ridge(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, double lambda);

// Squared Pearson correlation of two columns; 0 when either is constant.
double squared_correlation(const Eigen::VectorXd& a, const Eigen::VectorXd& b);

// Root mean squared error over the target's standard deviation; +inf for a constant target.
double nrmse(const Eigen::VectorXd& target, const Eigen::VectorXd& prediction);

}  // namespace nmx
