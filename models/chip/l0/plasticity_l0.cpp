#include "l0/plasticity_l0.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "plastic/operands.hpp"

namespace nmx::plastic {
namespace {

using Operands = OperandsOf<double>;

// o.v is the membrane in datapath LSBs (real v / lsb), so the test compares as at L1; o.p the
// spike probability in units of 2^-16, as L1's.
double factor_value(const Factor& f, const Operands& o) {
  if (f.source == Source::V) return o.v >= f.c * std::ldexp(1.0, fx::kRuleMembraneTestShift) ? 1.0 : 0.0;
  const double s = source_value<double>(f.source, o);
  return f.test ? (s >= f.c ? 1.0 : 0.0) : s + f.c;
}

double program_sum(const Program& p, const Operands& o, bool pre_now) {
  double sum = 0;
  for (uint32_t k = 0; k < p.terms; ++k) {
    const Term& t = p.term[k];
    if (t.needs_pre && !pre_now) continue;
    double product = 1;
    for (uint32_t j = 0; j < t.factors; ++j) product *= factor_value(t.factor[j], o);
    const double term = std::ldexp(product, -t.shift);
    sum += t.negative ? -term : term;
  }
  return sum;
}

double trace_step(double x, const TraceParams& p, bool spiked) {
  return x * (1.0 - p.decay / static_cast<double>(fx::kDecayOne)) + (spiked ? p.amp : 0);
}

}  // namespace

PlasticityL0::PlasticityL0(const Network& net, uint32_t population, uint32_t delay_slots)
    : net_(net), neurons_(net.populations[population].size), max_delay_(delay_slots - 1.0),
      lsb_(net.populations[population].lsb) {
  for (uint32_t k = 0; k < net.projections.size(); ++k) {
    const Projection& pr = net.projections[k];
    if (pr.post != population || !pr.plasticity) continue;
    if (pr.weight_bits == 0)
      throw InputError("projection '" + pr.name +
                       "' learns at L0 but is not quantised: its code range and scale set the weight range");
    if (net.populations[population].model != NeuronModel::Datapath)
      throw InputError("projection '" + pr.name + "' learns onto population '" + net.populations[population].name +
                       "', which is not a datapath population (plasticity runs on the chip's neuron)");
    Group g;
    g.code = pr.plasticity->code;
    g.projection = k;
    g.pre_size = net.populations[pr.pre].size;
    g.wmin = fx::weight_code_min(pr.weight_bits);
    g.wmax = fx::weight_code_max(pr.weight_bits);
    g.scale = pr.scale.mant * std::ldexp(1.0, pr.scale.exp) * lsb_;
    for (int ev = 0; ev < kEvents; ++ev) {
      for (int z = 0; z < kTargets; ++z) g.runs[ev] = g.runs[ev] || g.code.program[ev][z].terms > 0;
      delays_learn_ = delays_learn_ || g.code.program[ev][static_cast<int>(Target::D)].terms > 0;
    }
    if (g.code.epoch == 0) g.runs[static_cast<int>(Event::Epoch)] = false;
    g.had_event.assign(g.pre_size, 0);
    groups_.push_back(std::move(g));
  }
  restore();
  // Column table: groups ascending, then presynaptic neuron, then position in its row.
  std::vector<uint32_t> count(neurons_ + 1, 0);
  for (uint32_t gi = 0; gi < groups_.size(); ++gi)
    for (uint32_t s = 0; s < groups_[gi].w.size(); ++s) ++count[post(gi, s) + 1];
  col_ptr_.assign(neurons_ + 1, 0);
  for (uint32_t j = 0; j < neurons_; ++j) col_ptr_[j + 1] = col_ptr_[j] + count[j + 1];
  col_.resize(col_ptr_[neurons_]);
  std::vector<uint32_t> fill(col_ptr_.begin(), col_ptr_.end() - 1);
  for (uint32_t gi = 0; gi < groups_.size(); ++gi)
    for (uint32_t i = 0; i < groups_[gi].pre_size; ++i)
      for (uint32_t s = row_begin(groups_[gi], i); s < row_end(groups_[gi], i); ++s) col_[fill[post(gi, s)]++] = {gi, i, s};
  l_.assign(neurons_, 0.0);
  reset();
}

void PlasticityL0::reset() {
  for (Group& g : groups_) {
    g.x1.assign(g.pre_size, 0.0);
    g.x2.assign(g.pre_size, 0.0);
    g.y1.assign(neurons_, 0.0);
    g.y2.assign(neurons_, 0.0);
    g.e.assign(g.w.size(), 0.0);
  }
  std::fill(l_.begin(), l_.end(), 0.0);
  counts_ = {};
}

void PlasticityL0::restore() {
  load(net_, true);
}

void PlasticityL0::load(const Network& from, bool delays) {
  for (Group& g : groups_) {
    const Projection& pr = from.projections[g.projection];
    g.w.resize(pr.weight.size());
    g.d.resize(pr.weight.size());
    for (size_t s = 0; s < pr.weight.size(); ++s) {
      g.w[s] = std::clamp(pr.weight[s] / g.scale, g.wmin, g.wmax);  // L0 starts from the real weights
      if (delays) g.d[s] = pr.delay[s];
    }
    g.weight = pr.weight;
    if (delays) g.delay_int = pr.delay;
  }
}

uint32_t PlasticityL0::post(uint32_t group, uint32_t synapse) const {
  const Projection& pr = net_.projections[groups_[group].projection];
  return pr.layout == Layout::Dense ? synapse % neurons_ : pr.post_index[synapse];
}

uint32_t PlasticityL0::row_begin(const Group& g, uint32_t pre) const {
  const Projection& pr = net_.projections[g.projection];
  return pr.layout == Layout::Dense ? pre * neurons_ : pr.row_ptr[pre];
}

uint32_t PlasticityL0::row_end(const Group& g, uint32_t pre) const {
  const Projection& pr = net_.projections[g.projection];
  return pr.layout == Layout::Dense ? (pre + 1) * neurons_ : pr.row_ptr[pre + 1];
}

void PlasticityL0::evaluate(Group& g, Event ev, uint32_t pre, uint32_t s, bool pre_now,
                            const neuron_float::State* neurons) {
  const Projection& pr = net_.projections[g.projection];
  const uint32_t j = pr.layout == Layout::Dense ? s % neurons_ : pr.post_index[s];
  const Operands o{g.x1[pre], g.x2[pre], g.y1[j], g.y2[j], g.e[s], l_[j], g.w[s], g.d[s], neurons[j].v / lsb_,
                   neuron_float::sigmoid(neurons[j].v) * fx::kProbabilityOne};  // p: as L1's table, without its bins
  const auto& programs = g.code.program[static_cast<int>(ev)];
  double delta[kTargets] = {0, 0, 0};
  for (int z = 0; z < kTargets; ++z)
    if (programs[z].terms) delta[z] = program_sum(programs[z], o, pre_now);
  ++counts_.evaluations;
  g.w[s] = std::clamp(o.w + delta[0], g.wmin, g.wmax);
  g.e[s] = o.e + delta[1];
  g.d[s] = std::clamp(o.d + delta[2], 0.0, max_delay_);
  g.weight[s] = g.w[s] * g.scale;
  g.delay_int[s] = static_cast<uint8_t>(std::lround(g.d[s]));
}

void PlasticityL0::walk_row(Group& g, uint32_t pre, Event ev, const neuron_float::State* neurons) {
  for (uint32_t s = row_begin(g, pre); s < row_end(g, pre); ++s) evaluate(g, ev, pre, s, ev == Event::Pre, neurons);
}

void PlasticityL0::plasticity_phase(uint32_t t, const std::vector<const std::vector<uint32_t>*>& events,
                                    const std::vector<uint32_t>& spikes, const neuron_float::State* neurons) {
  counts_ = {};
  // 1-2. x: decay, + amp on this step's event; y: decay.
  for (size_t gi = 0; gi < groups_.size(); ++gi) {
    Group& g = groups_[gi];
    for (const uint32_t i : *events[gi]) g.had_event[i] = 1;
    for (uint32_t i = 0; i < g.pre_size; ++i) {
      g.x1[i] = trace_step(g.x1[i], g.code.x1, g.had_event[i]);
      g.x2[i] = trace_step(g.x2[i], g.code.x2, g.had_event[i]);
    }
    for (uint32_t j = 0; j < neurons_; ++j) {
      g.y1[j] = trace_step(g.y1[j], g.code.y1, false);
      g.y2[j] = trace_step(g.y2[j], g.code.y2, false);
    }
  }
  // 3. pre events.
  for (Group& g : groups_) {
    if (!g.runs[static_cast<int>(Event::Pre)]) continue;
    for (const uint32_t i : *events[&g - groups_.data()]) {
      ++counts_.pre_rows;
      walk_row(g, i, Event::Pre, neurons);
    }
  }
  // 4. post events through the column table.
  for (const uint32_t j : spikes) {
    for (const ColumnEntryL0* c = column_begin(j); c != column_end(j); ++c) {
      ++counts_.post_entries;
      Group& g = groups_[c->group];
      if (!g.runs[static_cast<int>(Event::Post)]) continue;
      evaluate(g, Event::Post, c->pre, c->synapse, g.had_event[c->pre], neurons);
    }
  }
  // 5. y += amp.
  for (Group& g : groups_) {
    for (const uint32_t j : spikes) {
      g.y1[j] += g.code.y1.amp;
      g.y2[j] += g.code.y2.amp;
    }
  }
  // 6. epochs.
  for (Group& g : groups_) {
    if (!g.runs[static_cast<int>(Event::Epoch)] || (t + 1) % g.code.epoch != 0) continue;
    counts_.epoch_synapses += g.w.size();
    for (uint32_t i = 0; i < g.pre_size; ++i) walk_row(g, i, Event::Epoch, neurons);
  }
  for (size_t gi = 0; gi < groups_.size(); ++gi)
    for (const uint32_t i : *events[gi]) groups_[gi].had_event[i] = 0;
}

}  // namespace nmx::plastic
