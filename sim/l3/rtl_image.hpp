// The chip image as load commands for the RTL chip's memory-image port (rtl/nmx_chip.sv,
// docs/formats.md "RTL memory image"): one (core, memory, address, data) write each. The
// Verilated build's sizes are checked first, with an error naming the limit.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "l3/rtl_chip.hpp"
#include "map/chip_image.hpp"

namespace nmx::l3 {

// The built-in chip's (the one linked into nmx).
RtlLimits rtl_limits();

// The load image's fields, as rtl/nmx_pkg.sv defines them (tests/rtl_pkg checks every one
// against the package): a field of `bits` bits at bit `lsb` of a load word's data.
struct LdField {
  const char* name;  // the package's name for the position
  uint32_t lsb, bits;
};
namespace ld {
inline constexpr uint32_t kLaneStride = 32, kAddrBits = 20, kMemBits = 5, kLoadLanes = 8, kRouterDepth = 32;
inline constexpr LdField kSynDelay{"SynDelayLsb", 0, 6}, kSynCode{"SynCodeLsb", 6, 8}, kSynPost{"SynPostLsb", 14, 12},
    kSynValid{"SynValidBit", 26, 1};
// A packed ternary synapse (dense ternary rows): code, then log2(DMax) delay bits; no post.
inline constexpr LdField kTernCode{"TernCodeLsb", 0, 2}, kTernDelay{"TernDelayLsb", 2, 6};
inline constexpr LdField kAxMant{"AxMantLsb", 0, 8}, kAxExp{"AxExpLsb", 8, 4}, kAxTern{"AxTernBit", 12, 1},
    kAxDense{"AxDenseBit", 13, 1}, kAxLen{"AxLenLsb", 14, 13}, kAxBegin{"AxBeginLsb", 27, 20},
    kAxPacked{"AxPackedBit", 47, 1};
inline constexpr LdField kNaDu{"NaDuLsb", 0, 13}, kNaDv{"NaDvLsb", 13, 13}, kNaRefrac{"NaRefracLsb", 26, 4},
    kNaSub{"NaSubBit", 30, 1}, kNaStoch{"NaStochBit", 31, 1}, kNaSeed{"NaSeedLsb", 32, 16};
inline constexpr LdField kNbTheta{"NbThetaLsb", 0, 24}, kNbBias{"NbBiasLsb", 24, 24};
inline constexpr LdField kLut{"LutBits", 0, 16};
inline constexpr LdField kRpLo{"RpLoLsb", 0, 16}, kRpHi{"RpHiLsb", 16, 16};
inline constexpr LdField kRtAxon{"RtAxonLsb", 0, 16}, kRtCore{"RtCoreLsb", 16, 8};
inline constexpr LdField kCcNeurons{"CcNeuronsLsb", 0, 13}, kCcAxons{"CcAxonsLsb", 13, 17}, kCcShift{"CcShiftLsb", 30, 5};
inline constexpr LdField kChMask{"ChMaskLsb", 0, 6}, kChCores{"ChCoresLsb", 6, 8}, kChLatency{"ChLatencyLsb", 16, 6};
// The plasticity unit's (cores built with it): the core's group count, a row's
// group, a rule memory word (a factor, or at slot 3 a term header), a synapse group's
// parameters (part 0: x1 at 0, x2 at kTpSecond; part 1: y1, y2; part 2: the rest), the
// column table, e and l.
inline constexpr LdField kCcGroups{"CcGroupsLsb", 35, 3}, kAxPlastic{"AxPlasticBit", 48, 1}, kAxGroup{"AxGroupLsb", 49, 2};
inline constexpr LdField kRmSource{"RmSourceLsb", 0, 4}, kRmTest{"RmTestBit", 4, 1}, kRmConst{"RmConstLsb", 5, 16},
    kRmNeg{"RmNegBit", 0, 1}, kRmShift{"RmShiftLsb", 1, 5}, kRmPre{"RmPreBit", 6, 1}, kRmFactors{"RmFactorsLsb", 7, 2};
inline constexpr LdField kTpDecay{"TpDecayLsb", 0, 13}, kTpAmp{"TpAmpLsb", 13, 16}, kTpSecond{"TpSecondLsb", 32, 29};
inline constexpr LdField kGpEpoch{"GpEpochLsb", 0, 16}, kGpNearest{"GpNearestBit", 16, 1}, kGpWMin{"GpWMinLsb", 17, 8},
    kGpWMax{"GpWMaxLsb", 25, 8}, kGpTerms{"GpTermsLsb", 33, 27};
inline constexpr LdField kCpLo{"CpLoLsb", 0, 20}, kCpHi{"CpHiLsb", 20, 20};
inline constexpr LdField kCeAxon{"CeAxonLsb", 0, 16}, kCeWord{"CeWordLsb", 16, 20}, kCeLane{"CeLaneLsb", 36, 6};
inline constexpr LdField kElig{"EligBits", 0, 16}, kLearn{"LearnBits", 0, 16};
inline constexpr LdField kClamp{"ClampBits", 0, 2};  // {on, spike} (fx::kClamp*)
inline constexpr uint32_t kGroupParts = 4, kRuleSlots = 4, kHeaderSlot = 3;
// Every field, in the order the probe (tests/rtl_pkg/nmx_pkg_probe.sv) reports them.
inline constexpr LdField kAll[] = {kSynDelay,  kSynCode,   kSynPost,  kSynValid, kAxMant,   kAxExp,     kAxTern,
                                   kAxDense,   kAxLen,     kAxBegin,  kNaDu,     kNaDv,     kNaRefrac,  kNaSub,
                                   kNaStoch,   kNaSeed,    kNbTheta,  kNbBias,   kLut,      kRpLo,      kRpHi,
                                   kRtAxon,    kRtCore,    kCcNeurons, kCcAxons, kCcShift,  kChMask,    kChCores,
                                   kChLatency, kCcGroups,  kAxPlastic, kAxGroup, kRmSource,  kRmTest,
                                   kRmConst,   kRmNeg,     kRmShift,  kRmPre,    kRmFactors, kTpDecay,  kTpAmp,
                                   kTpSecond,  kGpEpoch,   kGpNearest, kGpWMin,  kGpWMax,   kGpTerms,   kCpLo,
                                   kCpHi,      kCeAxon,    kCeWord,   kCeLane,   kElig,     kLearn,
                                   kClamp,     kTernCode,  kTernDelay, kAxPacked};
// The mode unit's words (rtl/nmx_mode_unit.sv): xi codes of neuron i, mode p at address
// i * kModeStride + p; lambda_p at address p; the configuration at address 0.
inline constexpr uint32_t kModeStride = 16;
inline constexpr LdField kMxIn{"MxInLsb", 0, 12}, kMxOut{"MxOutLsb", 12, 12};
inline constexpr LdField kMcModes{"McModesLsb", 0, 5}, kMcShiftOut{"McShiftOutLsb", 5, 5},
    kMcShiftLambda{"McShiftLambdaLsb", 10, 5}, kMcShiftIn{"McShiftInLsb", 15, 5}, kMcDecay{"McDecayLsb", 20, 13},
    kMcAmp{"McAmpLsb", 33, 16};
// In the order tests/rtl_pkg/nmx_mode_probe.sv reports them.
inline constexpr LdField kModeFields[] = {kMxIn, kMxOut, kMcModes, kMcShiftOut, kMcShiftLambda, kMcShiftIn, kMcDecay, kMcAmp};
}  // namespace ld

enum class LdMem : uint8_t { Axon = 0, Synapse = 1, NeuronA = 2, NeuronB = 3, Lut = 4, RoutePtr = 5, Route = 6,
                             Config = 7, HostSpike = 8, PlGroup = 9, Rule = 10, ColPtr = 11, Column = 12,
                             Elig = 13, Learn = 14, PlSeed = 15, ModeXi = 16, ModeLambda = 17, ModeConfig = 18,
                             Clamp = 19, Ternary = 20 };
static_assert(static_cast<uint32_t>(LdMem::Ternary) < (1u << ld::kMemBits), "ld_mem_i holds every code");
// The plasticity unit's read-back port (rtl/nmx_pkg.sv pl_dbg_e).
enum class PlDbg : uint8_t { X = 0, Y = 1, Elig = 2, Synapse = 3 };
inline constexpr uint8_t kHostCore = 0xFF;
// The phase a core reports on phase_o, kBits bits a core (rtl/nmx_pkg.sv phase_e).
namespace phase {
inline constexpr uint32_t kBits = 3, kIdle = 0, kSynaptic = 1, kNeuron = 2, kPlastic = 3, kMode = 4;
}

// One write of the load port: data is 256 bits as eight 32-bit words (word 0 least
// significant); a synapse word carries lane l in data[l].
struct LoadWord {
  uint8_t core;  // 0..cores-1, or kHostCore for the host port and chip configuration
  LdMem mem;
  uint32_t addr;
  std::array<uint32_t, 8> data;
};

// Where a synapse sits in the RTL synapse memories: the memory (Synapse, the general one,
// or Ternary, the packed one), word and lane, and where its code field starts in the lane.
struct SynapseSite {
  uint32_t core, word, lane;
  LdMem mem = LdMem::Synapse;
  uint32_t code_lsb = ld::kSynCode.lsb;
};

struct RtlImage {
  std::vector<LoadWord> words;
  std::vector<uint32_t> synapse_words_used;  // per core, the general synapse memory
  std::vector<uint32_t> ternary_words_used;  // per core, the packed ternary memory
};

// Throws InputError when the chip does not fit `limits` (naming the limit).
RtlImage build_rtl_image(const ChipImage& chip, const RtlLimits& limits);

// The sizes of a chip Verilated for this network: the built-in chip's, with Cores the
// network's core count and the synapse memory, routing tables and column table grown (to a
// power of two) where the network needs more. Throws InputError for what cannot grow
// (neurons, axons, lanes, delay slots, modes per core).
RtlLimits sized_rtl_limits(const ChipImage& chip);

// The message of a chip that does not fit: `what` needs `need`, the chip has `limit`.
std::string rtl_misfit(const std::string& what, uint64_t need, uint64_t limit);

// The load word of synapse `index` (in row order) of axon `axon` on `core`.
SynapseSite synapse_site(const ChipImage& chip, uint32_t core, uint32_t axon, uint32_t index, uint32_t lanes);

}  // namespace nmx::l3
