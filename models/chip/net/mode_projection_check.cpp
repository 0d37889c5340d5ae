#include "net/mode_projection_check.hpp"

#include <cmath>

#include "core/error.hpp"
#include "fixed/fixed_point.hpp"

namespace nmx {
namespace {

void check_size(const std::string& source, const std::string& field, size_t got, size_t want, const std::string& why) {
  if (got != want)
    throw InputError(source + ": " + field + " has " + std::to_string(got) + " elements, expected " +
                     std::to_string(want) + " (" + why + ")");
}

void check_codes(const std::string& source, const std::string& field, const std::vector<int16_t>& codes, int wm) {
  for (size_t i = 0; i < codes.size(); ++i)
    if (!fx::mode_code_legal(codes[i], wm))
      throw_field_error(source, field + "[" + std::to_string(i) + "]", std::to_string(codes[i]),
                        std::to_string(fx::min_of(wm)) + ".." + std::to_string(fx::max_of(wm)) + ", WM = code_bits = " +
                            std::to_string(wm));
}

void check_shift(const std::string& source, const std::string& field, int s) {
  if (s < 0 || s > fx::kModeShiftMax)
    throw_field_error(source, field, std::to_string(s), "0.." + std::to_string(fx::kModeShiftMax));
}

}  // namespace

void validate_mode_projection(const Network& net, size_t k, const std::string& source) {
  const ModeProjection& mp = net.mode_projections[k];
  const std::string f = "mode_projections[" + std::to_string(k) + "]";
  if (mp.population >= net.populations.size())
    throw_field_error(source, f + ".population", std::to_string(mp.population),
                      "0.." + std::to_string(net.populations.size()) + " - 1, a population index");
  const Population& pop = net.populations[mp.population];
  if (pop.is_input())
    throw InputError(source + ": " + f + ".population = " + std::to_string(mp.population) + " is the input population '" +
                     pop.name + "'; a mode projection is a recurrence of a neuron population");
  if (mp.modes < 1 || mp.modes > static_cast<uint32_t>(fx::kModeMax))
    throw_field_error(source, f + ".modes", std::to_string(mp.modes), "1.." + std::to_string(fx::kModeMax));
  const size_t np = size_t{pop.size} * mp.modes;
  const std::string shape = "N x P = " + std::to_string(pop.size) + " x " + std::to_string(mp.modes) + ", population '" +
                            pop.name + "'";
  check_size(source, f + ".xi_in", mp.xi_in.size(), np, shape);
  check_size(source, f + ".xi_out", mp.xi_out.size(), np, shape);
  check_size(source, f + ".lambda", mp.lambda.size(), mp.modes, "P = modes");
  if (!(mp.rate_decay > 0 && mp.rate_decay <= 1))
    throw_field_error(source, f + ".rate_decay", shortest_text(mp.rate_decay), "(0, 1]");
  if (mp.code_bits == 0) return;  // float only
  if (!fx::mode_bits_supported(mp.code_bits))
    throw_field_error(source, f + ".code_bits", std::to_string(mp.code_bits),
                      std::to_string(fx::kModeCodeBitsMin) + ".." + std::to_string(fx::kModeCodeBits) + " (0: float only)");
  check_size(source, f + ".xi_in_q", mp.xi_in_code.size(), np, shape);
  check_size(source, f + ".xi_out_q", mp.xi_out_code.size(), np, shape);
  check_size(source, f + ".lambda_q", mp.lambda_code.size(), mp.modes, "P = modes");
  check_codes(source, f + ".xi_in_q", mp.xi_in_code, mp.code_bits);
  check_codes(source, f + ".xi_out_q", mp.xi_out_code, mp.code_bits);
  check_codes(source, f + ".lambda_q", mp.lambda_code, mp.code_bits);
  check_shift(source, f + ".shift_out", mp.shift_out);
  check_shift(source, f + ".shift_lambda", mp.shift_lambda);
  check_shift(source, f + ".shift_in", mp.shift_in);
  if (mp.rate_decay_fixed < 0 || mp.rate_decay_fixed > fx::kDecayOne)
    throw_field_error(source, f + ".rate_decay_q", std::to_string(mp.rate_decay_fixed),
                      "0.." + std::to_string(fx::kDecayOne));
  if (mp.rate_amp < 0 || mp.rate_amp > fx::kTraceMax)
    throw_field_error(source, f + ".rate_amp_q", std::to_string(mp.rate_amp), "0.." + std::to_string(fx::kTraceMax));
}

}  // namespace nmx
