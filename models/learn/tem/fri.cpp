#include "tem/fri.hpp"

#include <algorithm>
#include <complex>
#include <limits>
#include <numeric>

#include <Eigen/Eigenvalues>

#include "core/error.hpp"

namespace nmx::tem {

using cd = std::complex<double>;

FourierFit fourier_coefficients(const std::vector<double>& spikes, double bias, double theta,
                                const DirichletKernel& kernel, const std::string& context, double rank_tol) {
  const int M = kernel.harmonics, unknowns = 2 * M + 1;
  const double T = kernel.period, w = kernel.omega();
  FourierFit out;
  out.intervals = spikes.size();
  if (static_cast<int>(spikes.size()) < unknowns)
    throw InputError(context + ": " + std::to_string(spikes.size()) + " output spikes give " +
                     std::to_string(spikes.size()) + " intervals for " + std::to_string(unknowns) +
                     " Fourier unknowns (2M + 1, M = " + std::to_string(M) +
                     "); too few output spikes: need at least " + std::to_string(unknowns) +
                     " per example (lower the output threshold, raise its bias or lower M)");
  // Columns: c[0], Re c[m], Im c[m] (m = 1..M). With c[m] = A + iB the real signal is
  // (1/T)(c0 + 2 Σ (A cos(ω m t) - B sin(ω m t))), whose integral over [a, b] is below.
  Eigen::MatrixXd a(static_cast<Eigen::Index>(spikes.size()), unknowns);
  Eigen::VectorXd rhs(a.rows());
  double prev = 0;  // v(0) = 0, so [0, t_1] is an interval too
  for (Eigen::Index k = 0; k < a.rows(); ++k) {
    const double t = spikes[static_cast<size_t>(k)];
    a(k, 0) = (t - prev) / T;
    for (int m = 1; m <= M; ++m) {
      a(k, m) = (std::sin(w * m * t) - std::sin(w * m * prev)) / (M_PI * m);
      a(k, M + m) = (std::cos(w * m * t) - std::cos(w * m * prev)) / (M_PI * m);
    }
    rhs(k) = theta - bias * (t - prev);
    prev = t;
  }
  Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd> cod(a);
  cod.setThreshold(rank_tol);
  out.rank = static_cast<int>(cod.rank());
  if (out.rank < unknowns)
    throw InputError(context + ": the " + std::to_string(spikes.size()) + " output spike intervals have rank " +
                     std::to_string(out.rank) + " for " + std::to_string(unknowns) +
                     " Fourier unknowns (2M + 1); the intervals do not sample the period richly enough");
  const Eigen::VectorXd p = cod.solve(rhs);
  out.residual_rms = std::sqrt((a * p - rhs).squaredNorm() / static_cast<double>(a.rows()));
  out.c.resize(unknowns);
  out.c(M) = p(0);
  for (int m = 1; m <= M; ++m) {
    out.c(M + m) = cd(p(m), p(M + m));
    out.c(M - m) = std::conj(out.c(M + m));
  }
  return out;
}

Eigen::VectorXcd dirac_coefficients(const std::vector<double>& times, const std::vector<double>& amps,
                                    const DirichletKernel& kernel) {
  const int M = kernel.harmonics;
  Eigen::VectorXcd c = Eigen::VectorXcd::Zero(2 * M + 1);
  for (size_t n = 0; n < times.size(); ++n)
    for (int m = -M; m <= M; ++m) c(M + m) += amps[n] * std::exp(cd(0, -kernel.omega() * m * times[n]));
  return c;
}

namespace {

// Rows Σ_l h[l] c[m - l] = 0 for m = -M + L - 1 .. M, one block per channel; L = filter length.
Eigen::MatrixXcd toeplitz(const std::vector<Eigen::VectorXcd>& coeffs, int M, int L) {
  const int rows = 2 * M + 2 - L;
  Eigen::MatrixXcd t(static_cast<Eigen::Index>(rows * coeffs.size()), L);
  for (size_t j = 0; j < coeffs.size(); ++j)
    for (int r = 0; r < rows; ++r) {
      const int m = -M + L - 1 + r;
      for (int l = 0; l < L; ++l) t(static_cast<Eigen::Index>(j * rows + r), l) = coeffs[j](M + m - l);
    }
  return t;
}

}  // namespace

DiracFit annihilate(const std::vector<Eigen::VectorXcd>& coeffs, const DirichletKernel& kernel,
                    const AnnihilateOptions& opt) {
  const int M = kernel.harmonics;
  if (coeffs.empty()) throw InputError("annihilating filter: no channels");
  for (const auto& c : coeffs)
    if (c.size() != 2 * M + 1)
      throw InputError("annihilating filter: " + std::to_string(c.size()) + " Fourier coefficients, expected " +
                       std::to_string(2 * M + 1) + " (2M + 1)");
  DiracFit out;
  // The widest filter (L = M + 1) has rank K when K <= M: the singular values show K.
  {
    Eigen::JacobiSVD<Eigen::MatrixXcd> svd(toeplitz(coeffs, M, M + 1));
    const Eigen::VectorXd s = svd.singularValues();
    out.singular_values.assign(s.data(), s.data() + s.size());
  }
  const double s1 = out.singular_values.empty() ? 0 : out.singular_values[0];
  int K = opt.count;
  out.estimated = K < 0;
  if (K < 0) {
    if (!(s1 > 0)) throw InputError("annihilating filter: the Fourier coefficients are zero, no hidden spikes");
    double gap = 0;
    for (int k = 1; k <= M; ++k) {
      const double next = out.singular_values[static_cast<size_t>(k)];
      const double g = next > 0 ? out.singular_values[static_cast<size_t>(k) - 1] / next
                                : std::numeric_limits<double>::infinity();
      if (g > gap) gap = g, K = k;
    }
    if (gap < opt.min_gap)
      throw InputError("annihilating filter: no singular-value gap (largest " + std::to_string(gap) + " < " +
                       std::to_string(opt.min_gap) + "): more than M = " + std::to_string(M) +
                       " hidden spikes in the period (too many hidden spikes for M; raise M), or noise hides the gap");
  }
  if (K < 1 || K > M)
    throw InputError("annihilating filter: " + std::to_string(K) + " hidden spikes need M >= K, M = " + std::to_string(M));
  out.count = K;
  // Null vector of the K + 1 column system; h[0] z^K + ... + h[K] has the roots u_n.
  Eigen::JacobiSVD<Eigen::MatrixXcd> svd(toeplitz(coeffs, M, K + 1), Eigen::ComputeFullV);
  const Eigen::VectorXcd h = svd.matrixV().col(K);
  if (std::abs(h(0)) < 1e-14 * h.norm()) throw InputError("annihilating filter: degenerate filter (leading coefficient 0)");
  Eigen::MatrixXcd companion = Eigen::MatrixXcd::Zero(K, K);
  for (int l = 0; l < K; ++l) companion(0, l) = -h(l + 1) / h(0);
  for (int l = 1; l < K; ++l) companion(l, l - 1) = 1;
  Eigen::ComplexEigenSolver<Eigen::MatrixXcd> eig(companion, false);
  std::vector<cd> u(eig.eigenvalues().data(), eig.eigenvalues().data() + K);
  const double T = kernel.period;
  for (auto& z : u) {
    out.unit_circle_error = std::max(out.unit_circle_error, std::abs(std::abs(z) - 1));
    z /= std::abs(z);  // Diracs are real times: project onto the unit circle
  }
  std::sort(u.begin(), u.end(), [&](cd a, cd b) {
    auto tau = [&](cd z) { double t = -std::arg(z) * T / (2 * M_PI); return t < 0 ? t + T : t; };
    return tau(a) < tau(b);
  });
  for (cd z : u) {
    double t = -std::arg(z) * T / (2 * M_PI);
    if (t < 0) t += T;
    if (t >= T) t -= T;
    out.times.push_back(t);
  }
  // Amplitudes: c_j(m) = Σ_n a_jn u_n^m, the same Vandermonde matrix for every channel.
  Eigen::MatrixXcd v(2 * M + 1, K), c(2 * M + 1, static_cast<Eigen::Index>(coeffs.size()));
  for (int m = -M; m <= M; ++m)
    for (int n = 0; n < K; ++n) v(M + m, n) = std::pow(u[static_cast<size_t>(n)], m);
  for (size_t j = 0; j < coeffs.size(); ++j) c.col(static_cast<Eigen::Index>(j)) = coeffs[j];
  const Eigen::MatrixXcd a = v.completeOrthogonalDecomposition().solve(c);  // K x channels
  out.residual = (v * a - c).norm() / c.norm();
  out.imag_fraction = a.imag().norm() / a.norm();
  out.amps = a.real().transpose();
  return out;
}

}  // namespace nmx::tem
