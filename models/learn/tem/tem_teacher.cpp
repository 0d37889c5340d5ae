#include "tem/tem_teacher.hpp"

#include <algorithm>
#include <random>

namespace nmx::tem {

Teacher make_teacher(const TeacherSpec& spec) {
  std::mt19937_64 rng(spec.seed);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  Teacher t;
  t.w.resize(spec.neurons, spec.inputs);
  for (uint32_t j = 0; j < spec.neurons; ++j)
    for (uint32_t c = 0; c < spec.inputs; ++c) t.w(j, c) = u(rng);
  for (uint32_t j = 0; j < spec.neurons; ++j) {
    double negative = 0, mean = 0;  // inputs average 0.5 (signal.hpp)
    for (uint32_t c = 0; c < spec.inputs; ++c) {
      negative += std::max(0.0, -t.w(j, c));
      mean += 0.5 * t.w(j, c);
    }
    const double b = spec.min_drive + negative;
    t.bias.push_back(b);
    t.theta.push_back((mean + b) * spec.signal.steps / spec.spikes_per_example);
  }
  return t;
}

std::vector<std::vector<double>> encode_all(const Teacher& teacher, const Signal& x) {
  std::vector<std::vector<double>> out;
  for (uint32_t j = 0; j < teacher.bias.size(); ++j) out.push_back(spike_times(x, teacher.neuron(j)));
  return out;
}

Observations observe(const Teacher& teacher, const TeacherSpec& spec, uint32_t examples, double noise, uint64_t seed) {
  Observations obs;
  obs.source = "synthetic teacher";
  obs.inputs = spec.inputs;
  obs.neurons = spec.neurons;
  obs.bias = teacher.bias;
  obs.theta = teacher.theta;
  SignalSpec s = spec.signal;
  s.channels = spec.inputs;
  for (uint32_t e = 0; e < examples; ++e) {
    const uint64_t ex_seed = example_seed(seed, e);
    const Signal clean = bandlimited_signal(s, ex_seed);
    obs.spikes.push_back(encode_all(teacher, clean));
    obs.signals.push_back(with_noise(clean, noise, ex_seed ^ 0x5eedull));
  }
  return obs;
}

}  // namespace nmx::tem
