#include "run/runner.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <memory>

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/worker_pool.hpp"
#include "encode/encoder.hpp"
#include "l0/network_l0.hpp"
#include "map/cycle_estimate.hpp"
#include "hw/microarch.hpp"
#include "l1/chip_l1.hpp"

namespace nmx {
namespace {

// Streaming sums for a Pearson correlation: n, Σx, Σy, Σxx, Σyy, Σxy.
using CorrSums = std::array<double, 6>;

struct SampleOutcome {
  int prediction = -1, prediction_l0 = -1;
  uint64_t synaptic_events = 0, input_spikes = 0;
  std::vector<uint64_t> spikes, spikes_l0;  // per population
  std::vector<CorrSums> corr;               // per population
  std::vector<double> v_err_sq;             // per population
  std::vector<uint64_t> v_err_n;            // per population
  uint64_t spikes_both = 0, spikes_total_l0 = 0, spikes_total_l1 = 0;
  double est_cycles = 0, energy_pj = 0;
};

// Readout: argmax of spike count (ties: larger max membrane, then lower index), or
// argmax of the max membrane, or of the final membrane (`max_v` then holds the final v).
int predict(ReadoutKind kind, const std::vector<uint32_t>& counts, const std::vector<double>& max_v) {
  int best = 0;
  for (size_t i = 1; i < counts.size(); ++i) {
    const bool better = kind == ReadoutKind::SpikeCount
                            ? (counts[i] > counts[best] || (counts[i] == counts[best] && max_v[i] > max_v[best]))
                            : max_v[i] > max_v[best];
    if (better) best = static_cast<int>(i);
  }
  return best;
}

// What one level did over one sample: spike counts per neuron and the readout's membrane.
struct LevelTally {
  std::vector<std::vector<uint32_t>> counts;  // [population][neuron]
  std::vector<double> readout_v;              // max (or final) membrane of the readout neurons

  explicit LevelTally(const Network& net) {
    for (const Population& pop : net.populations) counts.emplace_back(pop.size, 0);
    readout_v.assign(net.populations[net.readout.population].size, -INFINITY);
  }
  void add_step(const Network& net, const LevelModel& level, const PopulationSpikes& spikes) {
    for (size_t p = 0; p < spikes.size(); ++p)
      for (uint32_t n : spikes[p]) ++counts[p][n];
    const bool final = net.readout.kind == ReadoutKind::FinalMembrane;
    for (uint32_t n = 0; n < readout_v.size(); ++n) {
      const double v = level.membrane(net.readout.population, n);
      readout_v[n] = final ? v : std::max(readout_v[n], v);
    }
  }
  int prediction(const Network& net) const {
    return predict(net.readout.kind, counts[net.readout.population], readout_v);
  }
  uint64_t spikes(size_t p) const {
    uint64_t total = 0;
    for (uint32_t c : counts[p]) total += c;
    return total;
  }
};

// Runs samples at one level and, for a chip level, L0 beside it on the same raster. Every
// level is a LevelModel, so both go through the same calls.
class SampleRunner {
 public:
  SampleRunner(const Network& net, const ChipImage* chip, const RunOptions& opt)
      : net_(net), opt_(opt), l0_(net), signal_(net, opt.signal), signal_l0_(net, opt.signal) {
    if (chip) chip_ = opt.make_chip ? opt.make_chip(*chip) : std::make_shared<ChipL1>(*chip);
    recorder_ = opt.estimate_timing ? dynamic_cast<ChipL1*>(chip_.get()) : nullptr;
    if (recorder_) recorder_->record_activity(true);
    if (has_plasticity(net)) {
      l0_.set_learning(opt.learning);
      if (chip_) chip_->set_learning(opt.learning);
    }
  }

  // The level the run reports (the chip level, or L0).
  const LevelModel& level() const {
    return is_chip_level(opt_.level) ? static_cast<const LevelModel&>(*chip_) : l0_;
  }

  SampleOutcome run(const InputRaster& raster, size_t index, int label) {
    const size_t np = net_.populations.size();
    const uint32_t steps = static_cast<uint32_t>(raster.steps.size());
    const bool fixed = is_chip_level(opt_.level);
    LevelModel& level = fixed ? static_cast<LevelModel&>(*chip_) : l0_;
    LevelModel* l0 = fixed && opt_.compare_with_l0 ? &l0_ : nullptr;  // the reference beside a chip level
    static const std::vector<uint32_t> kNone;

    SampleOutcome out;
    out.corr.assign(np, CorrSums{});
    out.v_err_sq.assign(np, 0.0);
    out.v_err_n.assign(np, 0);
    out.input_spikes = raster.spike_count();
    LevelTally tally(net_), tally_l0(net_);

    level.reset();
    if (l0) l0->reset();
    const bool learns = level.learns(), learns_l0 = l0 && l0->learns();
    if (learns) signal_.start(level, label);
    if (learns_l0) signal_l0_.start(*l0, label);
    if (opt_.clamp_label && label >= 0) {  // after the reset, which frees every neuron
      clamp_readout(level, net_, label);
      if (l0) clamp_readout(*l0, net_, label);
    }
    PopulationSpikes spikes, spikes_l0;
    for (uint32_t t = 0; t < steps; ++t) {
      const std::vector<uint32_t>& next = t + 1 < steps ? raster.steps[t + 1] : kNone;
      if (learns) signal_.before_step(t, level);
      level.step_populations(raster.steps[t], next, spikes);
      if (learns) signal_.after_step(t, spikes);
      if (opt_.observe) opt_.observe(index, t, raster.steps[t], level, spikes);
      if (recorder_) account_timing(t, out);
      tally.add_step(net_, level, spikes);
      if (!l0) continue;
      if (learns_l0) signal_l0_.before_step(t, *l0);
      l0->step_populations(raster.steps[t], next, spikes_l0);
      if (learns_l0) signal_l0_.after_step(t, spikes_l0);
      tally_l0.add_step(net_, *l0, spikes_l0);
      for (size_t p = 0; p < np; ++p) {
        std::vector<uint32_t> both;
        std::set_intersection(spikes_l0[p].begin(), spikes_l0[p].end(), spikes[p].begin(), spikes[p].end(),
                              std::back_inserter(both));
        out.spikes_both += both.size();
        out.spikes_total_l0 += spikes_l0[p].size();
        out.spikes_total_l1 += spikes[p].size();
        accumulate_membrane_error(p, level, *l0, out);
      }
    }
    const LevelTally& reference = l0 ? tally_l0 : tally;  // L0's counts: compared, or the run itself
    const bool has_l0 = l0 || !fixed;
    out.spikes.assign(np, 0);
    out.spikes_l0.assign(np, 0);
    for (size_t p = 0; p < np; ++p) {
      out.spikes[p] = tally.spikes(p);
      if (has_l0) out.spikes_l0[p] = reference.spikes(p);
      if (!l0 || net_.populations[p].is_input()) continue;
      for (uint32_t n = 0; n < net_.populations[p].size; ++n) {
        const double x = tally_l0.counts[p][n], y = tally.counts[p][n];
        CorrSums& c = out.corr[p];
        c[0] += 1, c[1] += x, c[2] += y, c[3] += x * x, c[4] += y * y, c[5] += x * y;
      }
    }
    out.prediction = tally.prediction(net_);
    out.prediction_l0 = has_l0 ? reference.prediction(net_) : -1;
    out.synaptic_events = level.synaptic_events();
    return out;
  }

 private:
  // The closed-form estimate of this step's cycles, and its dynamic energy, from L1's
  // activity. Step 0 adds the preload that streams its inputs in.
  void account_timing(uint32_t t, SampleOutcome& out) const {
    const ChipImage& chip = recorder_->image();
    const StepActivity& a = recorder_->last_activity();
    if (t == 0)
      out.est_cycles += a.host_events + uarch::router_latency(chip.hw.mesh_x, chip.hw.mesh_y) + 1 + uarch::kBarrierCycles;
    out.est_cycles += estimate_step(chip, a).step_cycles;
    const EnergyConfig& e = chip.hw.energy;
    uint64_t events = a.host_events;
    for (size_t c = 0; c < a.cores.size(); ++c) {
      out.energy_pj += a.cores[c].synapses * e.synaptic_op + chip.cores[c].neurons * e.neuron_update;
      events += a.cores[c].events_out;
    }
    out.energy_pj += events * e.spike_route + recorder_->last_hops() * e.spike_hop;
  }

  // (v_chip * lsb - v_L0) / theta, summed in squares over the population's neurons.
  void accumulate_membrane_error(size_t p, const LevelModel& chip, const LevelModel& l0, SampleOutcome& out) const {
    const Population& pop = net_.populations[p];
    if (pop.is_input()) return;
    const uint32_t pi = static_cast<uint32_t>(p);
    for (uint32_t n = 0; n < pop.size; ++n) {
      const double e = (chip.membrane(pi, n) * pop.lsb - l0.membrane(pi, n)) / pop.real.theta[n];
      out.v_err_sq[p] += e * e;
    }
    out.v_err_n[p] += pop.size;
  }

  const Network& net_;
  const RunOptions& opt_;
  NetworkL0 l0_;
  std::shared_ptr<ChipModel> chip_;
  ChipL1* recorder_ = nullptr;  // L1 recording activity for the timing estimate
  LearningSignalDriver signal_, signal_l0_;  // the run's level, L0 beside it
};

double pearson(const CorrSums& c) {
  const double n = c[0];
  if (n < 2) return 0.0;
  const double cov = c[5] - c[1] * c[2] / n, vx = c[3] - c[1] * c[1] / n, vy = c[4] - c[2] * c[2] / n;
  if (vx <= 0 || vy <= 0) return (vx <= 0 && vy <= 0) ? 1.0 : 0.0;  // both silent: identical
  return cov / std::sqrt(vx * vy);
}

RunReport reduce(const Network& net, const std::vector<int>& labels, const std::vector<SampleOutcome>& outcomes,
                 const RunOptions& opt) {
  RunReport r;
  r.level = opt.level;
  r.compared = is_chip_level(opt.level) && opt.compare_with_l0;
  r.samples = outcomes.size();
  r.labelled = !labels.empty();
  const size_t np = net.populations.size();
  std::vector<CorrSums> corr(np, CorrSums{});
  std::vector<double> verr(np, 0.0);
  std::vector<uint64_t> vn(np, 0), spikes(np, 0), spikes0(np, 0);
  uint64_t both = 0, tot0 = 0, tot1 = 0, syn = 0, input = 0;
  double cycles = 0, energy = 0;
  size_t correct = 0, correct0 = 0, agree = 0;
  for (size_t i = 0; i < outcomes.size(); ++i) {
    const SampleOutcome& o = outcomes[i];
    const int label = r.labelled ? labels[i] : -1;
    if (r.labelled) r.labels.push_back(static_cast<uint8_t>(label));
    r.predictions.push_back(o.prediction);
    r.predictions_l0.push_back(o.prediction_l0);
    correct += r.labelled && o.prediction == label;
    correct0 += r.labelled && o.prediction_l0 == label;
    agree += o.prediction == o.prediction_l0;
    both += o.spikes_both, tot0 += o.spikes_total_l0, tot1 += o.spikes_total_l1;
    syn += o.synaptic_events, input += o.input_spikes;
    cycles += o.est_cycles, energy += o.energy_pj;
    for (size_t p = 0; p < np; ++p) {
      for (int k = 0; k < 6; ++k) corr[p][k] += o.corr[p][k];
      verr[p] += o.v_err_sq[p], vn[p] += o.v_err_n[p];
      spikes[p] += o.spikes[p], spikes0[p] += o.spikes_l0[p];
    }
  }
  const double n = std::max<size_t>(1, outcomes.size());
  r.accuracy = correct / n;
  r.accuracy_l0 = correct0 / n;
  r.prediction_agreement = agree / n;
  r.spike_agreement = (tot0 + tot1) ? 2.0 * both / static_cast<double>(tot0 + tot1) : 1.0;
  r.synaptic_events_per_sample = syn / n;
  r.input_spikes_per_sample = input / n;
  r.timing_estimated = opt.estimate_timing && opt.level == Level::Fixed;
  r.estimated_cycles_per_sample = cycles / n;
  r.energy_nj_per_sample = energy / n / 1000.0;
  for (size_t p = 0; p < np; ++p) {
    if (net.populations[p].is_input()) continue;
    PopulationStats s;
    s.name = net.populations[p].name;
    s.spikes_per_sample = spikes[p] / n;
    s.spikes_per_sample_l0 = spikes0[p] / n;
    s.count_correlation = pearson(corr[p]);
    s.membrane_rmse_theta = vn[p] ? std::sqrt(verr[p] / static_cast<double>(vn[p])) : 0.0;
    r.populations.push_back(s);
  }
  return r;
}

}  // namespace

bool has_plasticity(const Network& net) {
  return std::any_of(net.projections.begin(), net.projections.end(), [](const Projection& p) { return p.plasticity.has_value(); });
}

const char* to_string(Level level) {
  switch (level) {
    case Level::Float: return "float";
    case Level::Fixed: return "fixed";
    case Level::SystemC: return "systemc";
    case Level::Rtl: return "rtl";
  }
  return "?";
}

Level parse_level(const std::string& name) {
  if (name == "float" || name == "L0") return Level::Float;
  if (name == "fixed" || name == "L1") return Level::Fixed;
  if (name == "systemc" || name == "L2") return Level::SystemC;
  if (name == "rtl" || name == "L3") return Level::Rtl;
  throw InputError("--level " + name + ": unknown level (allowed: float, fixed, systemc, rtl)");
}

namespace {

// Runs `total` samples, sample i's raster from raster_of(i), in parallel.
RunReport run_samples(const Network& net, const ChipImage* chip, size_t total,
                      const std::function<InputRaster(size_t)>& raster_of, const std::vector<int>& labels,
                      const RunOptions& opt) {
  if (is_chip_level(opt.level) && !chip)
    throw InputError(std::string("the ") + to_string(opt.level) + " level needs a chip image (quantised network)");
  if ((opt.level == Level::SystemC || opt.level == Level::Rtl) && !opt.make_chip)
    throw InputError(std::string("the ") + to_string(opt.level) +
                     " level needs its chip model (sim/levels/timed_level.hpp); none was given");
  const auto start = std::chrono::steady_clock::now();
  unsigned threads = worker_count(opt.threads, total);
  if (opt.single_instance) threads = 1;
  const bool learning = opt.learning && has_plasticity(net);
  if (learning) threads = 1;  // each sample starts from the weights the previous ones left
  std::optional<Network> learned;

  std::vector<SampleOutcome> outcomes(total);
  std::atomic<size_t> next{0}, done{0};
  run_workers(
      threads,
      [&](unsigned, const std::atomic<bool>& failed) {
        SampleRunner runner(net, chip, opt);
        for (size_t i; !interrupted() && !failed && (i = next.fetch_add(1)) < total;) {
          outcomes[i] = runner.run(raster_of(i), i, labels.empty() ? -1 : labels[i]);
          done.fetch_add(1);
        }
        if (learning && opt.keep_learned && !failed) {
          learned = net;
          runner.level().write_learned(*learned);
        }
      },
      [&] {
        if (!opt.progress || done.load() >= total || interrupted()) return false;
        opt.progress(done.load(), total);
        return true;
      });
  throw_if_interrupted();  // the workers stopped between samples
  if (opt.progress) opt.progress(total, total);

  RunReport r = reduce(net, labels, outcomes, opt);
  r.threads = threads;
  r.learned_run = learning;
  r.signal = to_string(opt.signal);
  r.clamp_label = opt.clamp_label;
  if (learned) {
    for (size_t k = 0; k < net.projections.size(); ++k)
      for (size_t s = 0; s < net.projections[k].code.size(); ++s)
        r.weights_changed += net.projections[k].code[s] != learned->projections[k].code[s];
  }
  r.learned = std::move(learned);
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace

RunReport run_dataset(const Network& net, const ChipImage* chip, const Dataset& data, const RunOptions& opt) {
  const uint32_t in = net.input_population();
  if (net.populations[in].size != data.rows * data.cols)
    throw InputError("network input population '" + net.populations[in].name + "' has " +
                     std::to_string(net.populations[in].size) + " neurons, dataset " + data.name + " has " +
                     std::to_string(data.rows * data.cols) + " pixels per sample");
  const std::vector<int> labels(data.labels.begin(), data.labels.end());
  const uint32_t n_in = net.populations[in].size;
  return run_samples(net, chip, data.size(), [&](size_t i) { return encode(net.encoder, data.image(i), n_in, i); },
                     labels, opt);
}

RunReport run_rasters(const Network& net, const ChipImage* chip, const std::vector<InputRaster>& rasters,
                      const std::vector<int>& labels, const RunOptions& opt) {
  if (!labels.empty() && labels.size() != rasters.size())
    throw InputError("run_rasters: " + std::to_string(labels.size()) + " labels for " + std::to_string(rasters.size()) + " samples");
  return run_samples(net, chip, rasters.size(), [&](size_t i) { return rasters[i]; }, labels, opt);
}

nlohmann::json to_json(const RunReport& r) {
  nlohmann::json j;
  j["level"] = to_string(r.level);
  j["samples"] = r.samples;
  if (r.labelled) j["accuracy"] = r.accuracy;
  if (r.labelled && (r.compared || r.level == Level::Float)) j["accuracy_l0"] = r.accuracy_l0;
  if (r.compared) {
    j["agreement"] = {{"prediction", r.prediction_agreement}, {"spikes_dice", r.spike_agreement}};
  }
  j["synaptic_events_per_sample"] = r.synaptic_events_per_sample;
  j["input_spikes_per_sample"] = r.input_spikes_per_sample;
  if (r.timing_estimated)
    j["estimate"] = {{"cycles_per_sample", r.estimated_cycles_per_sample},
                     {"energy_nj_per_sample", r.energy_nj_per_sample},
                     {"note", "closed-form cycle estimate and dynamic energy from L1 activity (approximate; "
                              "--level systemc measures them)"}};
  for (const PopulationStats& s : r.populations) {
    nlohmann::json p = {{"name", s.name}, {"spikes_per_sample", s.spikes_per_sample}};
    if (r.compared) {
      p["spikes_per_sample_l0"] = s.spikes_per_sample_l0;
      p["spike_count_correlation"] = s.count_correlation;
      p["membrane_rmse_theta"] = s.membrane_rmse_theta;
    }
    j["populations"].push_back(p);
  }
  if (r.labelled) j["labels"] = r.labels;
  j["predictions"] = r.predictions;
  if (r.compared) j["predictions_l0"] = r.predictions_l0;
  j["wall_seconds"] = r.wall_seconds;
  j["threads"] = r.threads;
  j["clamp"] = r.clamp_label ? "label" : "none";
  if (r.learned_run) {
    j["learning"] = {{"signal", r.signal}};
    if (r.learned) j["learning"]["weights_changed"] = r.weights_changed;
  }
  return j;
}

}  // namespace nmx
