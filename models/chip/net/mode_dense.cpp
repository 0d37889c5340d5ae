#include "net/mode_dense.hpp"

#include "core/error.hpp"

namespace nmx {

Projection dense_recurrence(const Network& net, size_t k) {
  validate_mode_projection(net, k, "dense_recurrence");
  const ModeProjection& mp = net.mode_projections[k];
  if (mp.code_bits != 0)
    throw InputError("dense_recurrence: mode_projections[" + std::to_string(k) + "] '" + mp.name +
                     "' is quantised (code_bits " + std::to_string(mp.code_bits) +
                     "); give the float network (code_bits 0) and quantise the result");
  const size_t n = net.populations[mp.population].size, p = mp.modes;
  Projection pr;
  pr.name = mp.name + "_dense";
  pr.pre = pr.post = mp.population;
  pr.layout = Layout::Dense;
  pr.weight.assign(n * n, 0.0);
  pr.delay.assign(n * n, 0);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j) {
      double w = 0.0;
      for (size_t q = 0; q < p; ++q) w += mp.xi_in[j * p + q] * mp.lambda[q] * mp.xi_out[i * p + q];
      pr.weight[i * n + j] = w;
    }
  return pr;
}

Network with_dense_recurrences(const Network& net) {
  Network out = net;
  for (size_t k = 0; k < net.mode_projections.size(); ++k) out.projections.push_back(dense_recurrence(net, k));
  out.mode_projections.clear();
  return out;
}

}  // namespace nmx
