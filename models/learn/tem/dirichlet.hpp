// The T-periodic band-limited kernel through which hidden spikes reach the output layer of
// the two-layer TEM network (Adam 2022, docs/tem.md): the Dirichlet kernel
//   φ(t) = (1/T) Σ_{|m|<=M} e^{i2πmt/T} = (1/T)(1 + 2 Σ_{m=1..M} cos(2πmt/T)),
// and its antiderivative Φ(t) = t/T + Σ_{m=1..M} sin(2πmt/T)/(πm), so every integral of a
// filtered spike train is closed form. Time t and the period T are in timesteps; φ is per
// timestep (it integrates to 1 over one period).
#pragma once

#include <cmath>

namespace nmx::tem {

struct DirichletKernel {
  double period = 200;  // T, timesteps
  int harmonics = 8;    // M: frequencies |m| <= M, i.e. up to M / T cycles per step

  double omega() const { return 2 * M_PI / period; }
  // φ(t); its peak φ(0) = (2M + 1) / T, its deepest side lobe about -0.22 (2M + 1) / T.
  double value(double t) const {
    const double x = omega() * t;
    double s = 1;
    for (int m = 1; m <= harmonics; ++m) s += 2 * std::cos(m * x);
    return s / period;
  }
  double peak() const { return (2 * harmonics + 1) / period; }
  // Φ(t) = ∫_0^t φ, valid for any real t (not reduced mod T). sin(mx) by the Chebyshev
  // recurrence sin((m+1)x) = 2 cos x sin(mx) - sin((m-1)x): one sin and one cos per call.
  double integral(double t) const {
    const double x = omega() * t, c2 = 2 * std::cos(x);
    double s_prev = 0, s = std::sin(x), acc = 0;
    for (int m = 1; m <= harmonics; ++m) {
      acc += s / (M_PI * m);
      const double next = c2 * s - s_prev;
      s_prev = s;
      s = next;
    }
    return t / period + acc;
  }
  // ∫ over [a, b] of φ(u - tau) du.
  double integral(double a, double b, double tau) const { return integral(b - tau) - integral(a - tau); }
};

}  // namespace nmx::tem
