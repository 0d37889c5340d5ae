#include "gem/gem_model.hpp"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

#include "core/error.hpp"
#include "fixed/fixed_point.hpp"

namespace nmx::gem {
namespace {

using RowMat = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MatMap = Eigen::Map<RowMat>;
using CMatMap = Eigen::Map<const RowMat>;
using Vec = Eigen::Map<Eigen::VectorXd>;
using CVec = Eigen::Map<const Eigen::VectorXd>;

double sigmoid(double u) { return 1.0 / (1.0 + std::exp(-u)); }

uint64_t splitmix(uint64_t& s) {
  uint64_t z = (s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

double uniform(uint64_t& s) { return (splitmix(s) >> 11) * 0x1.0p-53; }

double keep(int32_t d) { return 1.0 - static_cast<double>(d) / fx::kDecayOne; }

// One compartment's hidden step: membrane, spike (sampled or forced), s - p, log q.
struct HiddenStep {
  double log_q = 0;
  uint64_t spikes = 0;
};

}  // namespace

Layout::Layout(const Shape& s) {
  w_h = 0;
  fb_h = w_h + size_t{s.hidden} * s.input_dim();
  b_h = fb_h + s.hidden;
  w_v = b_h + s.hidden;
  fb_v = w_v + size_t{s.visible} * s.visible_dim();
  b_v = fb_v + s.visible;
  total = b_v + s.visible;
}

Params init_params(const Shape& s, const Kernels& k, uint64_t seed, double gain, double hidden_bias,
                   double visible_bias) {
  Params p;
  p.shape = s;
  p.kernels = k;
  const Layout lay(s);
  p.v.assign(lay.total, 0.0);
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> n01(0.0, 1.0);
  const double sh = gain / std::sqrt(double(s.input_dim())), sv = gain / std::sqrt(double(s.visible_dim()));
  for (size_t i = lay.w_h; i < lay.fb_h; ++i) p.v[i] = sh * n01(rng);
  for (size_t i = lay.w_v; i < lay.fb_v; ++i) p.v[i] = sv * n01(rng);
  std::fill(p.v.begin() + lay.b_h, p.v.begin() + lay.w_v, hidden_bias);
  std::fill(p.v.begin() + lay.b_v, p.v.end(), visible_bias);
  return p;
}

uint64_t compartment_seed(uint64_t seed, uint64_t sample_id, uint32_t k) {
  uint64_t s = seed ^ 0x6A09E667F3BCC909ull;
  s = splitmix(s) ^ sample_id;
  s = splitmix(s) ^ k;
  return splitmix(s);
}

double log_sigmoid(double u) { return u >= 0 ? -std::log1p(std::exp(-u)) : u - std::log1p(std::exp(u)); }

double log_mean_exp(const std::vector<double>& x) {
  const double m = *std::max_element(x.begin(), x.end());
  double s = 0;
  for (double v : x) s += std::exp(v - m);
  return m + std::log(s / x.size());
}

std::vector<uint8_t> label_target(const Shape& s, int label) {
  std::vector<uint8_t> t(size_t{s.steps} * s.visible, 0);
  for (uint32_t k = 0; k < s.steps; ++k) t[size_t{k} * s.visible + label] = 1;
  return t;
}

Workspace::Workspace(const Shape& s, uint32_t compartments) : s_(s), K_(compartments) {
  x_.resize(s.input_dim());
  h_.resize(size_t{K_} * s.hidden * s.basis);
  yh_.resize(size_t{K_} * s.hidden);
  yv_.resize(s.visible);
  uh_in_.resize(s.hidden);
  uv_in_.resize(s.visible);
  g_h_.resize(size_t{K_} * s.hidden);
  g_v_.resize(size_t{K_} * s.visible);
  v_sig_.resize(K_);
  sigma_.resize(K_);
}

void Workspace::check_input(const Params& p, const InputRaster& in) const {
  const Shape& s = p.shape;
  if (s.inputs != s_.inputs || s.hidden != s_.hidden || s.visible != s_.visible || s.basis != s_.basis ||
      s.steps != s_.steps)
    throw InputError("gem: parameters of another shape than the workspace");
  if (in.steps.size() != s.steps)
    throw_field_error("gem input", "steps", std::to_string(in.steps.size()), std::to_string(s.steps) + " (the model's)");
  for (const auto& st : in.steps)
    for (uint32_t j : st)
      if (j >= s.inputs) throw_field_error("gem input", "input index", std::to_string(j), "0.." + std::to_string(s.inputs - 1));
}

// Drives from the input traces (spikes up to t - 1), shared by every compartment.
void Workspace::step_inputs(const Params& p, const InputRaster&, uint32_t) {
  const Layout lay(s_);
  const uint32_t D = s_.input_dim();
  CVec x(x_.data(), D);
  Vec(uh_in_.data(), s_.hidden) = CMatMap(p.v.data() + lay.w_h, s_.hidden, D) * x;
  Vec(uv_in_.data(), s_.visible) =
      CMatMap(p.v.data() + lay.w_v, s_.visible, s_.visible_dim()).leftCols(D) * x;
}

// The traces take step t's spikes (used from step t + 1): input traces from the raster,
// hidden and feedback traces from each compartment's spikes `spk` [k][hidden].
void Workspace::advance_traces(const InputRaster& in, uint32_t t, const std::vector<uint8_t>& spk, const double* a,
                               double a_fb) {
  const uint32_t B = s_.basis, H = s_.hidden;
  for (uint32_t j = 0; j < s_.input_dim(); j += B)
    for (uint32_t b = 0; b < B; ++b) x_[j + b] *= a[b];
  for (uint32_t j : in.steps[t])
    for (uint32_t b = 0; b < B; ++b) x_[size_t{j} * B + b] += 1.0;
  for (uint32_t k = 0; k < K_; ++k)
    for (uint32_t i = 0; i < H; ++i) {
      const double sp = spk[size_t{k} * H + i];
      double* hk = h_.data() + (size_t{k} * H + i) * B;
      for (uint32_t b = 0; b < B; ++b) hk[b] = a[b] * hk[b] + sp;
      yh_[size_t{k} * H + i] = a_fb * yh_[size_t{k} * H + i] + sp;
    }
}

SampleResult Workspace::run(Params& p, const InputRaster& in, const std::vector<uint8_t>& target, uint64_t seed,
                            uint64_t sample_id, const LearnOptions& o, std::vector<double>* update,
                            const HiddenSpikes* forced, HiddenSpikes* record) {
  check_input(p, in);
  const Shape& s = s_;
  const Layout lay(s);
  if (target.size() != size_t{s.steps} * s.visible)
    throw_field_error("gem target", "size", std::to_string(target.size()),
                      std::to_string(s.steps) + " steps x " + std::to_string(s.visible) + " visible neurons = " +
                          std::to_string(size_t{s.steps} * s.visible));
  const size_t hs = size_t{K_} * s.steps * s.hidden;
  if (forced && forced->size() != hs)
    throw_field_error("gem hidden spikes", "size", std::to_string(forced->size()), std::to_string(hs));
  if (update && update->size() != lay.total)
    throw_field_error("gem update", "size", std::to_string(update->size()), std::to_string(lay.total));
  if (record) record->assign(hs, 0);
  const bool learn = o.lr != 0.0 || update != nullptr;
  const uint32_t D = s.input_dim(), DV = s.visible_dim(), B = s.basis, H = s.hidden, V = s.visible;
  std::fill(x_.begin(), x_.end(), 0.0);
  std::fill(h_.begin(), h_.end(), 0.0);
  std::fill(yh_.begin(), yh_.end(), 0.0);
  std::fill(yv_.begin(), yv_.end(), 0.0);
  std::fill(v_sig_.begin(), v_sig_.end(), 0.0);
  if (learn) e_.assign(size_t{K_} * lay.total, 0.0);
  std::vector<double> delta(learn ? lay.total : 0);
  SampleResult r;
  r.lambda.assign(K_, 0.0);
  r.log_q.assign(K_, 0.0);
  std::vector<uint64_t> rng(K_);
  for (uint32_t k = 0; k < K_; ++k) rng[k] = compartment_seed(seed, sample_id, k);
  double a[kMaxBasis];
  for (uint32_t b = 0; b < B; ++b) a[b] = keep(p.kernels.basis_decay[b]);
  const double a_fb = keep(p.kernels.feedback_decay);
  std::vector<uint8_t> spk(size_t{K_} * H);

  for (uint32_t t = 0; t < s.steps; ++t) {
    step_inputs(p, in, t);
    const uint8_t* tgt = target.data() + size_t{t} * V;
    const double* fb_h = p.v.data() + lay.fb_h;
    const double* b_h = p.v.data() + lay.b_h;
    const double* fb_v = p.v.data() + lay.fb_v;
    const double* b_v = p.v.data() + lay.b_v;
    CMatMap w_vh = CMatMap(p.v.data() + lay.w_v, V, DV);
    for (uint32_t k = 0; k < K_; ++k) {
      const double* yh = yh_.data() + size_t{k} * H;
      double* g = g_h_.data() + size_t{k} * H;
      for (uint32_t i = 0; i < H; ++i) {
        const double u = uh_in_[i] + fb_h[i] * yh[i] + b_h[i];
        const double pr = sigmoid(u);
        const size_t at = (size_t{k} * s.steps + t) * H + i;
        const bool sp = forced ? (*forced)[at] != 0 : uniform(rng[k]) < pr;
        if (record) (*record)[at] = sp;
        spk[size_t{k} * H + i] = sp;
        g[i] = (sp ? 1.0 : 0.0) - pr;
        r.log_q[k] += sp ? log_sigmoid(u) : log_sigmoid(-u);
        r.hidden_spikes += sp;
      }
      CVec hk(h_.data() + size_t{k} * H * B, size_t{H} * B);
      Eigen::VectorXd uv = w_vh.rightCols(size_t{H} * B) * hk;
      double* gv = g_v_.data() + size_t{k} * V;
      double ll = 0;
      for (uint32_t i = 0; i < V; ++i) {
        const double u = uv_in_[i] + uv[i] + fb_v[i] * yv_[i] + b_v[i];
        gv[i] = tgt[i] - sigmoid(u);
        ll += tgt[i] ? log_sigmoid(u) : log_sigmoid(-u);
      }
      r.lambda[k] += ll;
      v_sig_[k] = o.kappa_v * v_sig_[k] + ll;
    }
    if (learn) {
      CVec x(x_.data(), D);
      for (uint32_t k = 0; k < K_; ++k) {
        Vec e(e_.data() + size_t{k} * lay.total, lay.total);
        if (o.kappa != 1.0) e *= o.kappa;
        CVec gh(g_h_.data() + size_t{k} * H, H), gv(g_v_.data() + size_t{k} * V, V);
        CVec hk(h_.data() + size_t{k} * H * B, size_t{H} * B);
        MatMap(e.data() + lay.w_h, H, D).noalias() += gh * x.transpose();
        double* ek = e.data();
        for (uint32_t i = 0; i < H; ++i) {
          ek[lay.fb_h + i] += gh[i] * yh_[size_t{k} * H + i];
          ek[lay.b_h + i] += gh[i];
        }
        MatMap ev(e.data() + lay.w_v, V, DV);
        ev.leftCols(D).noalias() += gv * x.transpose();
        ev.rightCols(size_t{H} * B).noalias() += gv * hk.transpose();
        for (uint32_t i = 0; i < V; ++i) {
          ek[lay.fb_v + i] += gv[i] * yv_[i];
          ek[lay.b_v + i] += gv[i];
        }
      }
    }
    // importance weights: softmax over compartments of the learning signal
    const double m = *std::max_element(v_sig_.begin(), v_sig_.end());
    double z = 0;
    for (uint32_t k = 0; k < K_; ++k) z += (sigma_[k] = std::exp(v_sig_[k] - m));
    for (uint32_t k = 0; k < K_; ++k) sigma_[k] /= z;
    const bool due = o.update_every ? ((t + 1) % o.update_every == 0 || t + 1 == s.steps) : t + 1 == s.steps;
    if (learn && due) {
      Vec d(delta.data(), lay.total);
      d.setZero();
      for (uint32_t k = 0; k < K_; ++k) d += sigma_[k] * CVec(e_.data() + size_t{k} * lay.total, lay.total);
      if (!o.feedback) d.segment(lay.fb_h, s.hidden).setZero(), d.segment(lay.fb_v, s.visible).setZero();
      if (update) Vec(update->data(), lay.total) += d;
      if (o.lr != 0.0) Vec(p.v.data(), lay.total) += o.lr * d;
    }
    // traces take this step's spikes (used from step t + 1)
    advance_traces(in, t, spk, a, a_fb);
    for (uint32_t i = 0; i < V; ++i) yv_[i] = a_fb * yv_[i] + tgt[i];
  }
  r.sigma = sigma_;
  r.bound = log_mean_exp(r.lambda);
  return r;
}

std::vector<double> Workspace::class_scores(const Params& p, const InputRaster& in, uint64_t seed, uint64_t sample_id,
                                           std::vector<double>* votes) {
  check_input(p, in);
  const Shape& s = s_;
  const Layout lay(s);
  const uint32_t DV = s.visible_dim(), B = s.basis, H = s.hidden, V = s.visible;
  std::fill(x_.begin(), x_.end(), 0.0);
  std::fill(h_.begin(), h_.end(), 0.0);
  std::fill(yh_.begin(), yh_.end(), 0.0);
  std::vector<uint64_t> rng(K_);
  for (uint32_t k = 0; k < K_; ++k) rng[k] = compartment_seed(seed, sample_id, k);
  double a[kMaxBasis];
  for (uint32_t b = 0; b < B; ++b) a[b] = keep(p.kernels.basis_decay[b]);
  const double a_fb = keep(p.kernels.feedback_decay);
  std::vector<double> on(size_t{K_} * V, 0.0), off(size_t{K_} * V, 0.0);
  std::vector<uint8_t> spk(size_t{K_} * H);
  double y_on = 0;  // the feedback trace of a neuron that spikes every step
  std::vector<uint64_t> vrng(K_);
  for (uint32_t k = 0; k < K_; ++k) vrng[k] = compartment_seed(seed, sample_id, kVoteStream + k);
  std::vector<double> yfree(size_t{K_} * V, 0.0);  // free-running visible neurons' feedback traces
  std::vector<uint32_t> count(size_t{K_} * V, 0);
  CMatMap w_vh = CMatMap(p.v.data() + lay.w_v, V, DV);
  for (uint32_t t = 0; t < s.steps; ++t) {
    step_inputs(p, in, t);
    for (uint32_t k = 0; k < K_; ++k) {
      const double* yh = yh_.data() + size_t{k} * H;
      for (uint32_t i = 0; i < H; ++i) {
        const double u = uh_in_[i] + p.v[lay.fb_h + i] * yh[i] + p.v[lay.b_h + i];
        spk[size_t{k} * H + i] = uniform(rng[k]) < sigmoid(u);
      }
      CVec hk(h_.data() + size_t{k} * H * B, size_t{H} * B);
      Eigen::VectorXd uv = w_vh.rightCols(size_t{H} * B) * hk;
      for (uint32_t i = 0; i < V; ++i) {
        const double u0 = uv_in_[i] + uv[i] + p.v[lay.b_v + i];
        on[size_t{k} * V + i] += log_sigmoid(u0 + p.v[lay.fb_v + i] * y_on);
        off[size_t{k} * V + i] += log_sigmoid(-u0);
        if (votes) {
          double& y = yfree[size_t{k} * V + i];
          const bool sp = uniform(vrng[k]) < sigmoid(u0 + p.v[lay.fb_v + i] * y);
          count[size_t{k} * V + i] += sp;
          y = a_fb * y + sp;
        }
      }
    }
    advance_traces(in, t, spk, a, a_fb);
    y_on = a_fb * y_on + 1.0;
  }
  if (votes) {
    votes->assign(V, 0.0);
    for (uint32_t k = 0; k < K_; ++k) {
      const uint32_t* ck = count.data() + size_t{k} * V;
      const uint32_t best = *std::max_element(ck, ck + V);
      const auto ties = static_cast<double>(std::count(ck, ck + V, best));
      for (uint32_t c = 0; c < V; ++c)
        if (ck[c] == best) (*votes)[c] += 1.0 / (ties * K_);
    }
  }
  std::vector<double> score(V), lk(K_);
  for (uint32_t c = 0; c < V; ++c) {
    for (uint32_t k = 0; k < K_; ++k) {
      double l = on[size_t{k} * V + c];
      for (uint32_t i = 0; i < V; ++i)
        if (i != c) l += off[size_t{k} * V + i];
      lk[k] = l;
    }
    score[c] = log_mean_exp(lk);
  }
  return score;
}

}  // namespace nmx::gem
