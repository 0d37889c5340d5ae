#include "mode/mode_image.hpp"

#include "core/error.hpp"
#include "net/network.hpp"

namespace nmx {

std::vector<std::optional<ModeCoreImage>> build_mode_images(const Network& net, const HwConfig& hw,
                                                            const std::vector<CorePlacement>& placement,
                                                            const std::string& source) {
  std::vector<std::optional<ModeCoreImage>> out(placement.size());
  for (size_t k = 0; k < net.mode_projections.size(); ++k) {
    const ModeProjection& mp = net.mode_projections[k];
    const std::string f = "mode_projections[" + std::to_string(k) + "] '" + mp.name + "'";
    validate_mode_projection(net, k, source);
    const Population& pop = net.populations[mp.population];
    if (mp.code_bits == 0)
      throw InputError(source + ": " + f + " is not quantised (code_bits = 0); run `nmx quantize` first");
    if (hw.core.modes == 0)
      throw InputError(source + ": " + f + " needs a mode unit, the chip's cores have none (" + hw.source +
                       ": core.modes = 0; allowed for a mode projection: 1.." + std::to_string(fx::kModeMax) + ")");
    if (mp.modes > hw.core.modes)
      throw InputError(field_error(source, f + ".modes", std::to_string(mp.modes),
                                   "1.." + std::to_string(hw.core.modes) + ", core.modes in " + hw.source));
    // The unit sums over its own core's neurons: the whole population on one core.
    size_t core = placement.size();
    for (size_t c = 0; c < placement.size(); ++c) {
      if (placement[c].population != mp.population) continue;
      if (placement[c].count != pop.size || core != placement.size())
        throw InputError(source + ": " + f + ": population '" + pop.name + "' (" + std::to_string(pop.size) +
                         " neurons) is split over several cores; a mode projection's population must lie on one core "
                         "(core.neurons = " + std::to_string(hw.core.neurons) + " in " + hw.source + ")");
      core = c;
    }
    if (core == placement.size()) throw InputError(source + ": " + f + ": population '" + pop.name + "' is not mapped");
    if (out[core])
      throw InputError(source + ": " + f + ": core " + std::to_string(core) + " already runs mode projection " +
                       std::to_string(out[core]->projection) + "; one mode projection per core");
    ModeCoreImage m;
    m.projection = static_cast<uint32_t>(k);
    m.modes = mp.modes;
    m.code_bits = mp.code_bits;
    m.xi_in = mp.xi_in_code;
    m.xi_out = mp.xi_out_code;
    m.lambda = mp.lambda_code;
    m.shift_out = mp.shift_out;
    m.shift_lambda = mp.shift_lambda;
    m.shift_in = mp.shift_in;
    m.rate_decay = mp.rate_decay_fixed;
    m.rate_amp = mp.rate_amp;
    out[core] = std::move(m);
  }
  return out;
}

}  // namespace nmx
