#include "smnn/smnn_model.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>

#include "l0/mode_float.hpp"
#include "neuron/neuron_float.hpp"

namespace nmx::smnn {
namespace {

using RowMat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Vec = Eigen::VectorXd;
using MapMat = Eigen::Map<RowMat>;
using MapConstMat = Eigen::Map<const RowMat>;
using MapVec = Eigen::Map<Vec>;
using MapConstVec = Eigen::Map<const Vec>;

double sigmoid(double x) { return 1.0 / (1.0 + std::exp(-x)); }

}  // namespace

ParamLayout::ParamLayout(const Shape& s) {
  const size_t n = s.neurons, p = s.modes;
  w_in = 0;
  xi_in = w_in + size_t{s.inputs} * n;
  xi_out = xi_in + n * p;
  lambda = xi_out + n * p;
  w_out = lambda + p;
  bias = w_out + n * s.outputs;
  total = bias + s.outputs;
}

double surrogate(double v, double theta, double slope) {
  const double x = slope * std::fabs(v - theta) + 1.0;
  return 1.0 / (x * x);
}

Workspace::Workspace(const Shape& s) : s_(s), lay_(s) {}

Result Workspace::run(const Params& p, const NeuronConfig& c, Mode mode, const InputSeq& in, const Target& target,
                      std::vector<double>* grad) {
  forward(p, c, mode, in);
  Result res = loss(target);
  if (grad) backward(p, c, mode, in, *grad);
  return res;
}

// Step t, as l0/network_l0.cpp runs it: the mode feedback of step t - 1 and then the input
// events (ascending) into a zeroed slot; the hidden neurons; the output integrators, fed by
// the hidden spikes of t - 1; then the mode unit.
void Workspace::forward(const Params& p, const NeuronConfig& c, Mode mode, const InputSeq& in) {
  const uint32_t n = s_.neurons, k_out = s_.outputs, modes = s_.modes, steps = s_.steps;
  tr_.v_pre.assign(size_t{steps} * n, 0.0);
  tr_.s.assign(size_t{steps} * n, 0.0);
  tr_.active.assign(size_t{steps} * n, 0);
  tr_.r.assign(size_t{steps} * n, 0.0);
  tr_.m.assign(size_t{steps} * modes, 0.0);
  tr_.out.assign(size_t{steps} * k_out, 0.0);
  acc_.assign(n, 0.0), cur_.assign(n, 0.0), c_.assign(n, 0.0), r_.assign(n, 0.0);
  q_.assign(modes, 0.0), m_.assign(modes, 0.0), out_acc_.assign(k_out, 0.0);

  const neuron_float::Params hidden{c.du, c.dv, c.theta, 0.0, static_cast<uint8_t>(c.refrac), ResetMode::Zero,
                                    SpikeMode::Deterministic};
  std::vector<neuron_float::State> h(n);
  std::vector<neuron_float::State> o(k_out);
  const double* w_in = p.block(lay_.w_in);
  const double* w_out = p.block(lay_.w_out);
  const double* bias = p.block(lay_.bias);
  for (uint32_t t = 0; t < steps; ++t) {
    for (uint32_t i = 0; i < n; ++i) acc_[i] = 0.0 + cur_[i];  // the mode feedback first, as L0 adds it
    for (uint32_t e = in.step_begin[t]; e < in.step_begin[t + 1]; ++e) {
      const double x = in.value[e];
      const double* row = w_in + size_t{in.index[e]} * n;
      for (uint32_t i = 0; i < n; ++i) acc_[i] += x * row[i];
    }
    double* v_pre = &tr_.v_pre[size_t{t} * n];
    double* s = &tr_.s[size_t{t} * n];
    uint8_t* active = &tr_.active[size_t{t} * n];
    for (uint32_t i = 0; i < n; ++i) {
      neuron_float::State& st = h[i];
      const bool updated = neuron_float::subthreshold_dynamics(st, hidden, acc_[i]);
      active[i] = updated;
      v_pre[i] = st.v;
      if (!updated) continue;
      if (mode == Mode::Hard) {
        if (neuron_float::activation(st, hidden)) {
          neuron_float::reset(st, hidden);
          s[i] = 1.0;
        }
      } else {
        s[i] = sigmoid(c.slope * (st.v - c.theta));
        const bool event = st.v >= c.theta;
        st.v = st.v * (1.0 - s[i]);
        st.ref = event ? static_cast<uint8_t>(c.refrac) : 0;
      }
    }
    // Output integrators: u decays by rate_decay, v = u + bias (dv = 1), never spike.
    std::fill(out_acc_.begin(), out_acc_.end(), 0.0);
    if (t > 0) {
      const double* s_prev = &tr_.s[size_t{t - 1} * n];
      for (uint32_t i = 0; i < n; ++i) {
        if (s_prev[i] == 0.0) continue;
        const double x = s_prev[i];
        for (uint32_t k = 0; k < k_out; ++k) out_acc_[k] += x * w_out[size_t{i} * k_out + k];
      }
    }
    const neuron_float::Params readout{c.rate_decay, 1.0, std::numeric_limits<double>::max(), 0.0, 0,
                                       ResetMode::Zero, SpikeMode::Deterministic};
    for (uint32_t k = 0; k < k_out; ++k) {
      neuron_float::Params pk = readout;
      pk.bias = bias[k];
      neuron_float::subthreshold_dynamics(o[k], pk, out_acc_[k]);
      tr_.out[size_t{t} * k_out + k] = o[k].v;
    }
    mode_float::filter(r_.data(), s, n, c.rate_decay);
    mode_float::project(p.block(lay_.xi_in), p.block(lay_.xi_out), p.block(lay_.lambda), n, modes, r_.data(),
                        m_.data(), q_.data(), c_.data());
    std::copy(c_.begin(), c_.end(), cur_.begin());
    std::copy(r_.begin(), r_.end(), tr_.r.begin() + size_t{t} * n);
    std::copy(m_.begin(), m_.end(), tr_.m.begin() + size_t{t} * modes);
  }
}

Result Workspace::loss(const Target& target) {
  const uint32_t k_out = s_.outputs, steps = s_.steps;
  g_out_.assign(size_t{steps} * k_out, 0.0);
  Result res;
  double spikes = 0;
  for (double x : tr_.s) spikes += x;
  res.hidden_spikes = static_cast<uint64_t>(spikes);
  if (target.kind == Target::Classify) {
    std::vector<double> z(k_out, -std::numeric_limits<double>::infinity());
    std::vector<uint32_t> at(k_out, 0);
    for (uint32_t t = 0; t < steps; ++t)
      for (uint32_t k = 0; k < k_out; ++k)
        if (tr_.out[size_t{t} * k_out + k] > z[k]) z[k] = tr_.out[size_t{t} * k_out + k], at[k] = t;
    const double zmax = *std::max_element(z.begin(), z.end());
    double sum = 0;
    for (double x : z) sum += std::exp(x - zmax);
    res.loss = std::log(sum) + zmax - z[target.label];
    res.prediction = static_cast<int>(std::max_element(z.begin(), z.end()) - z.begin());
    for (uint32_t k = 0; k < k_out; ++k)
      g_out_[size_t{at[k]} * k_out + k] = std::exp(z[k] - zmax) / sum - (int(k) == target.label ? 1.0 : 0.0);
    return res;
  }
  const uint32_t w = steps - target.window_begin;
  double sq = 0, mean = 0;
  for (uint32_t t = target.window_begin; t < steps; ++t) {
    const double e = tr_.out[size_t{t} * k_out] - target.target;
    sq += e * e;
    mean += tr_.out[size_t{t} * k_out];
    g_out_[size_t{t} * k_out] = 2.0 * e / w;
  }
  res.loss = sq / w;
  res.response_mean = mean / w;
  return res;
}

// Backpropagation through time; derivation in docs/smnn.md ("Gradients"). Carried from step
// t + 1 to t: dr (dL/dr(t) so far), du (alpha_u dL/du(t + 1)), dv (dL/dv(t)).
void Workspace::backward(const Params& p, const NeuronConfig& c, Mode mode, const InputSeq& in,
                         std::vector<double>& grad) {
  const uint32_t n = s_.neurons, k_out = s_.outputs, modes = s_.modes, steps = s_.steps;
  const double au = 1.0 - c.du, av = 1.0 - c.dv, ad = 1.0 - c.rate_decay;
  const bool reset_grad = mode == Mode::Smooth || !c.detach_reset;
  const MapConstMat xi_in(p.block(lay_.xi_in), n, modes), xi_out(p.block(lay_.xi_out), n, modes);
  const MapConstMat w_out(p.block(lay_.w_out), n, k_out);
  const MapConstVec lambda(p.block(lay_.lambda), modes);
  MapMat g_xi_in(&grad[lay_.xi_in], n, modes), g_xi_out(&grad[lay_.xi_out], n, modes);
  MapMat g_w_out(&grad[lay_.w_out], n, k_out);
  MapVec g_lambda(&grad[lay_.lambda], modes), g_bias(&grad[lay_.bias], k_out);
  double* g_w_in = &grad[lay_.w_in];

  Vec dr_carry = Vec::Zero(n), du_carry = Vec::Zero(n), dv_carry = Vec::Zero(n), da(n), dr(n);
  for (uint32_t t = steps; t-- > 0;) {
    const double* v_pre = &tr_.v_pre[size_t{t} * n];
    const double* s = &tr_.s[size_t{t} * n];
    const uint8_t* active = &tr_.active[size_t{t} * n];
    for (uint32_t i = 0; i < n; ++i) {
      dr[i] = dr_carry[i];
      double du = du_carry[i];
      if (active[i]) {
        const double dv = dv_carry[i];
        const double ds = dr[i] - (reset_grad ? v_pre[i] * dv : 0.0);
        const double slope = mode == Mode::Hard ? surrogate(v_pre[i], c.theta, c.slope) : c.slope * s[i] * (1.0 - s[i]);
        const double dvt = ds * slope + dv * (1.0 - s[i]);  // dL/d v~(t)
        du += dvt;
        dv_carry[i] = av * dvt;
      }  // refractory: v(t) = v(t - 1) carries dv through; s(t) = 0 is constant
      da[i] = du;
      du_carry[i] = au * du;
    }
    for (uint32_t e = in.step_begin[t]; e < in.step_begin[t + 1]; ++e) {
      const double x = in.value[e];
      double* row = g_w_in + size_t{in.index[e]} * n;
      for (uint32_t i = 0; i < n; ++i) row[i] += x * da[i];
    }
    const MapConstVec g_out(&g_out_[size_t{t} * k_out], k_out);
    g_bias += g_out;
    if (t == 0) break;  // r(-1) = 0: no mode current, no readout input in step 0
    const MapConstVec r_prev(&tr_.r[size_t{t - 1} * n], n), m_prev(&tr_.m[size_t{t - 1} * modes], modes);
    g_w_out.noalias() += r_prev * g_out.transpose();
    const Vec h = xi_in.transpose() * da;  // dL/dq(t - 1)
    const Vec q_prev = lambda.cwiseProduct(m_prev);
    g_xi_in.noalias() += da * q_prev.transpose();
    g_lambda += h.cwiseProduct(m_prev);
    const Vec lh = lambda.cwiseProduct(h);  // dL/dm(t - 1)
    g_xi_out.noalias() += r_prev * lh.transpose();
    dr_carry = ad * dr + w_out * g_out + xi_out * lh;
  }
}

}  // namespace nmx::smnn
