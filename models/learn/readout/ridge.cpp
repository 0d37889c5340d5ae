#include "readout/ridge.hpp"

#include <cmath>
#include <limits>

namespace nmx {

RidgeModel fit_ridge(const Eigen::MatrixXd& x, const Eigen::MatrixXd& y, double lambda) {
  const Eigen::RowVectorXd mx = x.colwise().mean(), my = y.colwise().mean();
  const Eigen::MatrixXd xc = x.rowwise() - mx;
  const Eigen::MatrixXd yc = y.rowwise() - my;
  RidgeModel m;
  if (xc.rows() < xc.cols()) {  // fewer samples than features: the dual form, the same w
    Eigen::MatrixXd k = xc * xc.transpose();
    k.diagonal().array() += lambda;
    m.w = xc.transpose() * k.ldlt().solve(yc);
  } else {
    Eigen::MatrixXd gram = xc.transpose() * xc;
    gram.diagonal().array() += lambda;
    m.w = gram.ldlt().solve(xc.transpose() * yc);
  }
  m.b = my - mx * m.w;
  return m;
}

double squared_correlation(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  const Eigen::ArrayXd ac = a.array() - a.mean(), bc = b.array() - b.mean();
  const double va = ac.square().sum(), vb = bc.square().sum();
  if (va <= 0 || vb <= 0) return 0;
  const double c = (ac * bc).sum();
  return c * c / (va * vb);
}

double nrmse(const Eigen::VectorXd& target, const Eigen::VectorXd& prediction) {
  const double sd = std::sqrt((target.array() - target.mean()).square().mean());
  if (sd <= 0) return std::numeric_limits<double>::infinity();
  return std::sqrt((target - prediction).array().square().mean()) / sd;
}

}  // namespace nmx
