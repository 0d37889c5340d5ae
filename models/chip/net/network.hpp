// Network IR: what a network file holds (docs/formats.md). A float network carries the
// real-valued parameters that L0 runs; its quantised twin carries, in addition, the
// fixed-point parameters that L1/L2/L3 run. Both are `Network`s.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fixed/fixed_point.hpp"
#include "hw/hw_config.hpp"
#include "plastic/microcode.hpp"

namespace nmx {

// 2: populations carry a neuron model (datapath | srm_alpha); version-1 files still read
// (every population is the datapath).
// 3: a mapped network stores the hardware configuration it was quantised and mapped for
// (root attribute hw_config); version-1 and -2 files still read (no stored chip).
// 4: a plastic projection stores its learning rule (attributes plasticity_rule and
// plasticity_params, docs/plasticity.md); older files read with no plasticity.
// 4 also: low-rank mode projections (group /mode_projections, docs/formats.md "Mode
// projections"); older files read with none.
constexpr uint32_t kNetworkFormatVersion = 4;

enum class PopulationKind : uint8_t { Input = 0, Neuron = 1 };
enum class ResetMode : uint8_t { Zero = 0, Subtract = 1 };
enum class SpikeMode : uint8_t { Deterministic = 0, Stochastic = 1 };
enum class Layout : uint8_t { Dense = 0, Sparse = 1 };
enum class EncoderKind : uint8_t { Poisson = 0, Latency = 1, Current = 2 };
// SpikeCount: most spikes; MaxMembrane: highest membrane over the sample; FinalMembrane:
// highest membrane at the last step (integrating readouts trained on it).
enum class ReadoutKind : uint8_t { SpikeCount = 0, MaxMembrane = 1, FinalMembrane = 2 };
// Datapath: the chip's neuron (docs/chip-spec.md §2), run by every level. SrmAlpha: the spike
// response model with an alpha kernel (docs/delay.md), an L0-only model that
// `nmx quantize` maps onto the datapath, reporting what the mapping costs.
enum class NeuronModel : uint8_t { Datapath = 0, SrmAlpha = 1 };
enum class RefractoryKernel : uint8_t { Alpha = 0, Exponential = 1 };

// The SRM-alpha model of one population (neuron/srm_kernel.hpp). Membrane
//   u(t) = sum_k w_k eps(t - t_k) + sum_s nu(t - t_s),   spike iff u(t) >= theta,
// t_k the step an input is integrated in (the chip's delay rule), t_s the neuron's spikes:
//   eps(n) = (n / tau) e^(1 - n / tau)                       (peak 1 at n = tau)
//   nu(m)  = -ref_scale theta (m / tau_ref) e^(1 - m / tau_ref)   (alpha refractory kernel)
//   nu(m)  = -ref_scale theta e^(-m / tau_ref)                    (exponential), m >= 1.
struct SrmParams {
  double tau = 10;       // PSP time constant, steps, > 0
  double tau_ref = 1;    // refractory time constant, steps, > 0
  RefractoryKernel ref_kernel = RefractoryKernel::Alpha;
  double ref_scale = 2;  // refractory amplitude in thresholds, >= 0
};

// Real-valued neuron parameters (L0). One entry per neuron.
struct NeuronParamsReal {
  std::vector<double> du, dv;  // decay fractions per step, [0, 1]
  std::vector<double> theta;   // threshold, > 0 (membrane units)
  std::vector<double> bias;    // added to v every step (membrane units)
};

// Fixed-point twin (L1-L3). One entry per neuron; widths as in fixed_point.hpp.
struct NeuronParamsFixed {
  std::vector<int32_t> du, dv;  // 12-bit decay fraction, [0, 4096]
  std::vector<int32_t> theta;   // 24-bit signed, [1, 2^23 - 1]
  std::vector<int32_t> bias;    // 24-bit signed
};

struct Population {
  std::string name;
  PopulationKind kind = PopulationKind::Neuron;
  uint32_t size = 0;
  NeuronModel model = NeuronModel::Datapath;
  SrmParams srm;                    // model == SrmAlpha only (du, dv, bias, refrac, reset unused)
  // Shared by both levels, one entry per neuron (empty for input populations).
  std::vector<uint8_t> refrac;      // 4-bit, [0, 15] steps
  std::vector<ResetMode> reset;
  std::vector<SpikeMode> spike;
  std::vector<uint16_t> lfsr_seed;  // 16-bit, non-zero
  NeuronParamsReal real;
  NeuronParamsFixed fixed;          // present iff the network is quantised
  double lsb = 1.0;                 // membrane units per fixed-point LSB (quantised only)
  // Stochastic neurons: p(spike) = sigmoid(v) at L0; lut[sigmoid_index(v, shift)] / 65536 at L1.
  int sigmoid_shift = 0;            // [0, 23]
  std::vector<uint16_t> sigmoid_lut;  // 256 entries, present iff quantised and stochastic

  bool is_input() const { return kind == PopulationKind::Input; }
  bool has_stochastic() const;
};

// A plastic projection's rule: the text as written and what it compiles to.
struct ProjectionPlasticity {
  std::string rule;              // e.g. "dw = 2^-4*x1*post - 2^-5*y1*pre"
  plastic::GroupMicrocode code;  // what every level executes
};

struct Projection {
  std::string name;
  uint32_t pre = 0, post = 0;  // population indices
  Layout layout = Layout::Dense;
  // Sparse: CSR by presynaptic neuron. Dense: synapse (i, j) is at i * post_size + j.
  std::vector<uint32_t> row_ptr;     // pre_size + 1 entries (sparse only)
  std::vector<uint32_t> post_index;  // one per synapse (sparse only)
  std::vector<double> weight;        // real weight per synapse (L0), membrane units
  std::vector<uint8_t> delay;        // integer delay per synapse, [0, D - 1] steps
  // Quantised twin: weight = code * scale (accumulator LSBs).
  int weight_bits = 0;               // 0 = float only; else WB in {2, 4, 8}
  std::vector<int8_t> code;          // WB-bit signed; ternary code -2 illegal
  fx::Scale scale;                   // mant 8-bit unsigned, exp 4-bit
  // Present iff the projection learns on chip (docs/plasticity.md): its synapse group.
  std::optional<ProjectionPlasticity> plasticity;

  size_t synapse_count() const { return weight.size(); }
};

struct Encoder {
  EncoderKind kind = EncoderKind::Latency;
  uint32_t steps = 10;          // timesteps per sample, [1, 100000]
  uint32_t latency_steps = 4;   // latency code: spikes only in the first steps, [1, steps]
  double max_rate = 1.0;        // Poisson: spike probability per step at intensity 1, [0, 1]
  double current_gain = 1.0;    // direct current: charge per step at intensity 1, [0, 1]
  double min_intensity = 0.0;   // latency: pixels at or below this never spike, [0, 1)
  uint32_t seed = 1;            // Poisson LFSR seed base
};

struct Readout {
  ReadoutKind kind = ReadoutKind::SpikeCount;
  uint32_t population = 0;
};

// Placement of neurons on cores: core c hosts neurons [first, first + count) of one population.
struct CorePlacement {
  uint32_t population = 0, first_neuron = 0, count = 0;
};

// A recurrent projection of one population stored as its low-rank factors
// W = xi_in diag(lambda) xi_out^T (docs/chip-spec.md §6), run by the mode unit rather than
// as N^2 synapses. It acts on the population's filtered spike trace r (decay rate_decay per
// step); the current it adds in step t + 1 is xi_in diag(lambda) xi_out^T r(t).
constexpr uint32_t kMaxModes = fx::kModeMax;  // P of a mode projection, [1, kMaxModes]

struct ModeProjection {
  std::string name;
  uint32_t population = 0;          // pre = post
  uint32_t modes = 0;               // P, [1, 16]
  std::vector<double> xi_in, xi_out;  // N x P, row-major (neuron-major), real (L0)
  std::vector<double> lambda;         // P
  double rate_decay = 0;              // real decay of the rate trace per step, (0, 1]: r <- r (1 - rate_decay) + spike
  // Quantised twin (docs/chip-spec.md §6); present iff code_bits > 0.
  int code_bits = 0;                      // WM, [4, 12]; 0 = float only
  std::vector<int16_t> xi_in_code, xi_out_code;  // N x P, WM-bit signed
  std::vector<int16_t> lambda_code;              // P, WM-bit signed
  uint8_t shift_out = 0, shift_lambda = 0, shift_in = 0;  // [0, 31]
  int32_t rate_decay_fixed = 0;           // 12-bit decay fraction, [0, 4096]
  int32_t rate_amp = 0;                   // 16-bit unsigned trace increment
};

struct Network {
  uint32_t version = kNetworkFormatVersion;  // what it is written as
  uint32_t file_version = 0;                 // the version of the file it was read from (0: not read)
  std::string name;
  std::string description;
  std::vector<Population> populations;
  std::vector<Projection> projections;
  std::vector<ModeProjection> mode_projections;  // low-rank recurrences (mode unit)
  Encoder encoder;
  Readout readout;
  std::vector<CorePlacement> mapping;  // empty = not mapped yet
  std::optional<HwConfig> hw;          // the chip `mapping` was made for (a quantised, mapped network)

  bool quantised() const;
  uint32_t input_population() const;  // the one input population; throws if none
  size_t synapse_count() const;
  uint32_t max_delay() const;
};

// Checks every field's presence, size and range. `source` (a file name) starts each message.
// Throws InputError naming the field and the allowed range.
void validate(const Network& net, const std::string& source);
// The part of validate() for mode projection k (float factors, and the quantised twin when
// code_bits != 0), for code that takes a mode projection on its own (quantize, the chip image).
void validate_mode_projection(const Network& net, size_t k, const std::string& source);

// The run's randomness from one seed: the Poisson encoder's LFSR seed base and every
// neuron's 16-bit LFSR seed (stochastic spiking). Weights, delays and the rest are kept.
void reseed(Network& net, uint32_t seed);

const char* to_string(EncoderKind k);
const char* to_string(ReadoutKind k);
const char* to_string(NeuronModel m);
const char* to_string(RefractoryKernel k);

}  // namespace nmx
