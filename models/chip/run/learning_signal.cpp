#include "run/learning_signal.hpp"

#include <algorithm>
#include <sstream>

#include "core/error.hpp"

namespace nmx {
namespace {

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> parts;
  std::stringstream in(s);
  for (std::string p; std::getline(in, p, ':');) parts.push_back(p);
  return parts;
}

int64_t parse_int(const std::string& text, const std::string& option, const std::string& what, int64_t lo, int64_t hi) {
  size_t used = 0;
  int64_t v = 0;
  try {
    v = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty() || v < lo || v > hi)
    throw InputError(option + ": " + what + " '" + text + "' is out of range (allowed: " + std::to_string(lo) + ".." +
                     std::to_string(hi) + ")");
  return v;
}

}  // namespace

LearningSignal parse_learning_signal(const std::string& text, const Network& net, const std::string& option) {
  const auto parts = split(text);
  const int64_t lmin = fx::min_of(fx::kLearnSignalBits), lmax = fx::max_of(fx::kLearnSignalBits);
  LearningSignal s;
  if (text == "none") return s;
  if (parts.size() == 2 && parts[0] == "reward") {
    s.kind = SignalKind::Reward;
    s.value = static_cast<int32_t>(parse_int(parts[1], option, "reward", lmin, lmax));
    return s;
  }
  if (parts.size() == 2 && parts[0] == "label") {
    s.kind = SignalKind::Label;
    s.value = static_cast<int32_t>(parse_int(parts[1], option, "amplitude", lmin, lmax));
    return s;
  }
  if (parts.size() == 4 && parts[0] == "neuron") {
    s.kind = SignalKind::Neuron;
    const auto it = std::find_if(net.populations.begin(), net.populations.end(),
                                 [&](const Population& p) { return p.name == parts[1] && !p.is_input(); });
    if (it == net.populations.end())
      throw InputError(option + ": population '" + parts[1] + "' is not a neuron population of the network");
    s.population = static_cast<uint32_t>(it - net.populations.begin());
    s.neuron = static_cast<uint32_t>(parse_int(parts[2], option, "neuron", 0, it->size - 1));
    s.value = static_cast<int32_t>(parse_int(parts[3], option, "amplitude", lmin, lmax));
    return s;
  }
  throw InputError(option + ": '" + text + "' is not a learning signal (allowed: none, reward:V, neuron:POPULATION:N:A, "
                   "label:A; V and A in " + std::to_string(lmin) + ".." + std::to_string(lmax) + ")");
}

std::string to_string(const LearningSignal& s) {
  switch (s.kind) {
    case SignalKind::None: return "none";
    case SignalKind::Reward: return "reward:" + std::to_string(s.value);
    case SignalKind::Label: return "label:" + std::to_string(s.value);
    case SignalKind::Neuron:
      return "neuron:" + std::to_string(s.population) + ":" + std::to_string(s.neuron) + ":" + std::to_string(s.value);
  }
  return "?";
}

void clamp_readout(LevelModel& level, const Network& net, int label) {
  const uint32_t r = net.readout.population;
  for (uint32_t n = 0; n < net.populations[r].size; ++n)
    level.set_clamp(r, n, static_cast<int>(n) == label ? fx::kClampSpike : fx::kClampSilent);
}

LearningSignalDriver::LearningSignalDriver(const Network& net, const LearningSignal& signal) : net_(net), signal_(signal) {
  for (const Projection& pr : net.projections) {
    if (!pr.plasticity) continue;
    if (std::find(targets_.begin(), targets_.end(), pr.post) == targets_.end()) targets_.push_back(pr.post);
    const uint32_t e = pr.plasticity->code.epoch;
    if (e && (epoch_ == 0 || e < epoch_)) epoch_ = e;
  }
}

void LearningSignalDriver::write_all(LevelModel& level, int32_t l) {
  for (const uint32_t p : targets_)
    for (uint32_t n = 0; n < net_.populations[p].size; ++n) level.set_learning_signal(p, n, l);
  written_ = l;
}

void LearningSignalDriver::start(LevelModel& level, int label) {
  fired_ = false;
  written_ = 0;  // the level's reset zeroed l
  if (signal_.kind == SignalKind::Reward) write_all(level, signal_.value);
  if (signal_.kind == SignalKind::Label && label >= 0) {
    const uint32_t r = net_.readout.population;
    if (std::find(targets_.begin(), targets_.end(), r) != targets_.end() && static_cast<uint32_t>(label) < net_.populations[r].size)
      level.set_learning_signal(r, static_cast<uint32_t>(label), signal_.value);
  }
}

void LearningSignalDriver::before_step(uint32_t /*t*/, LevelModel& level) {
  if (signal_.kind != SignalKind::Neuron) return;
  const int32_t l = fired_ ? signal_.value : 0;
  if (l != written_) write_all(level, l);
}

void LearningSignalDriver::after_step(uint32_t t, const PopulationSpikes& spikes) {
  if (signal_.kind != SignalKind::Neuron) return;
  const auto& s = spikes[signal_.population];
  if (std::binary_search(s.begin(), s.end(), signal_.neuron)) fired_ = true;
  if (epoch_ && (t + 1) % epoch_ == 0) fired_ = false;  // that step's epoch has read it
}

}  // namespace nmx
