#include "delay/delay_model.hpp"

#include <algorithm>
#include <cmath>

#include "delay/srm_hidden.hpp"

namespace nmx::delay {
namespace {

// Integer part and (Smooth mode only) fraction of a delay.
inline void split(double d, Mode mode, int& n, double& f) {
  n = static_cast<int>(d);  // d >= 0
  f = mode == Mode::Smooth ? d - n : 0.0;
}

// How much of a hidden spike of step t, through delay n + f, reaches the final output
// membrane (it arrives in t + 1 + d and must arrive by step T - 1).
inline double arrival(uint32_t t, int n, double f, uint32_t T) {
  return (t + 1 + n <= T - 1 ? 1.0 - f : 0.0) + (t + 2 + n <= T - 1 ? f : 0.0);
}

}  // namespace

Workspace::Workspace(const Shape& s) : s_(s) {
  const size_t th = size_t{s.steps} * s.hidden;
  a1_.resize(th), u_.resize(th), vpre_.resize(th), sp_.resize(th), dlds_.resize(th), g_.resize(th), delta_.resize(th);
  a2_.resize(s.outputs);
}

SampleResult Workspace::run(const Params& p, const NeuronConfig& c, Mode mode, const InputTimes& in, int label,
                            Gradients* grad) {
  const uint32_t H = s_.hidden, K = s_.outputs, T = s_.steps;
  std::fill(a1_.begin(), a1_.end(), 0.0);

  // Hidden input current: input spike of step tau through delay d lands in tau + d.
  for (uint32_t i = 0; i < s_.inputs; ++i) {
    if (in[i] < 0) continue;
    const double* w = &p.w1[size_t{i} * H];
    const double* d = &p.d1[size_t{i} * H];
    for (uint32_t j = 0; j < H; ++j) {
      int n;
      double f;
      split(d[j], mode, n, f);
      const uint32_t t = static_cast<uint32_t>(in[i] + n);
      if (t < T) a1_[size_t{t} * H + j] += w[j] * (1.0 - f);
      if (f > 0 && t + 1 < T) a1_[size_t{t + 1} * H + j] += w[j] * f;
    }
  }

  // Hidden dynamics: the SRM-alpha model (srm_hidden.hpp), or the datapath: subthreshold,
  // activation, subtractive reset.
  SampleResult r;
  const bool srm = c.model == NeuronModel::SrmAlpha;
  if (srm) {
    srm_hidden::tables(c.srm, T, eps_, nu_);
    r.hidden_spikes = srm_hidden::forward(eps_, nu_, c, mode, T, H, a1_.data(), vpre_.data(), sp_.data());
  } else {
    for (uint32_t j = 0; j < H; ++j) {
      double u = 0, v = 0;
      for (uint32_t t = 0; t < T; ++t) {
        const size_t k = size_t{t} * H + j;
        u = u - u * c.du + a1_[k];
        const double vp = v - v * c.dv + u;
        const double s = spike_of(vp, c, mode);
        v = vp - c.theta * s;
        u_[k] = u, vpre_[k] = vp, sp_[k] = s;
        r.hidden_spikes += s >= 0.5;
      }
    }
  }

  // Output: integrators; the logit is the final membrane, i.e. every input that arrived by
  // step T-1. A hidden spike of step tau through delay d arrives in tau + 1 + d.
  std::fill(a2_.begin(), a2_.end(), 0.0);
  for (uint32_t t = 0; t < T; ++t) {
    for (uint32_t j = 0; j < H; ++j) {
      const double s = sp_[size_t{t} * H + j];
      if (s == 0.0) continue;
      const double* w = &p.w2[size_t{j} * K];
      const double* d = &p.d2[size_t{j} * K];
      for (uint32_t k = 0; k < K; ++k) {
        int n;
        double f;
        split(d[k], mode, n, f);
        a2_[k] += s * w[k] * arrival(t, n, f, T);
      }
    }
  }
  r.logits.resize(K);
  double zmax = -1e300;
  for (uint32_t k = 0; k < K; ++k) {
    r.logits[k] = c.logit_scale * a2_[k];
    zmax = std::max(zmax, r.logits[k]);
  }
  double sum = 0;
  std::vector<double> prob(K);
  for (uint32_t k = 0; k < K; ++k) sum += prob[k] = std::exp(r.logits[k] - zmax);
  for (double& q : prob) q /= sum;
  r.prediction = static_cast<int>(std::max_element(r.logits.begin(), r.logits.end()) - r.logits.begin());
  r.loss = label >= 0 ? -std::log(std::max(prob[label], 1e-300)) : 0.0;
  if (!grad || label < 0) return r;

  // ---- backward ----
  std::vector<double> ez(K);
  for (uint32_t k = 0; k < K; ++k) ez[k] = c.logit_scale * (prob[k] - (static_cast<int>(k) == label ? 1.0 : 0.0));

  // Output delays: dz_k/dd_jk = -w_jk s_j(T - 2 - n); weights: dz_k/dw_jk = sum_t s_j(t)
  // arrive(t); and dL/ds_j(t).
  const bool weights = !grad->w1.empty();
  for (uint32_t j = 0; j < H; ++j) {
    const double* w = &p.w2[size_t{j} * K];
    const double* d = &p.d2[size_t{j} * K];
    double* gd = &grad->d2[size_t{j} * K];
    double* gw = weights ? &grad->w2[size_t{j} * K] : nullptr;
    for (uint32_t t = 0; t < T; ++t) dlds_[size_t{t} * H + j] = 0.0;
    for (uint32_t k = 0; k < K; ++k) {
      int n;
      double f;
      split(d[k], mode, n, f);
      const int t_last = static_cast<int>(T) - 2 - n;
      if (t_last >= 0) gd[k] += -ez[k] * w[k] * sp_[size_t(t_last) * H + j];
      for (uint32_t t = 0; t < T; ++t) {
        const double arrive = arrival(t, n, f, T);
        dlds_[size_t{t} * H + j] += ez[k] * w[k] * arrive;
        if (gw) gw[k] += ez[k] * sp_[size_t{t} * H + j] * arrive;
      }
    }
  }

  // Hidden dynamics, backward through time: g(t) = dL/da1(t).
  if (srm) {
    srm_hidden::backward(eps_, nu_, c, mode, T, H, vpre_.data(), sp_.data(), dlds_.data(), delta_.data(), g_.data());
  } else {
    for (uint32_t j = 0; j < H; ++j) {
      double dvpre_next = 0, du_next = 0;
      for (int t = static_cast<int>(T) - 1; t >= 0; --t) {
        const size_t k = size_t(t) * H + j;
        const double ds_dv = spike_slope(vpre_[k], sp_[k], c, mode);
        const double dv = (1.0 - c.dv) * dvpre_next;      // v(t) feeds vpre(t + 1)
        const double ds = dlds_[k] - c.theta * dv;          // s(t) feeds the output and the reset
        const double dvpre = dv + ds * ds_dv;
        const double du = dvpre + (1.0 - c.du) * du_next;   // u(t) feeds vpre(t) and u(t + 1)
        g_[k] = du;
        dvpre_next = dvpre;
        du_next = du;
      }
    }
  }

  // Hidden delays: da1(t)/dd = w ([t = tau + n + 1] - [t = tau + n]); weights:
  // da1(t)/dw = (1 - f) [t = tau + n] + f [t = tau + n + 1].
  for (uint32_t i = 0; i < s_.inputs; ++i) {
    if (in[i] < 0) continue;
    const double* w = &p.w1[size_t{i} * H];
    const double* d = &p.d1[size_t{i} * H];
    double* gd = &grad->d1[size_t{i} * H];
    double* gw = weights ? &grad->w1[size_t{i} * H] : nullptr;
    for (uint32_t j = 0; j < H; ++j) {
      int n;
      double f;
      split(d[j], mode, n, f);
      const uint32_t t = static_cast<uint32_t>(in[i] + n);
      if (t >= T) continue;
      const double g0 = g_[size_t{t} * H + j], g1 = t + 1 < T ? g_[size_t{t + 1} * H + j] : 0.0;
      gd[j] += w[j] * (g1 - g0);
      if (gw) gw[j] += (1.0 - f) * g0 + f * g1;
    }
  }
  return r;
}

}  // namespace nmx::delay
