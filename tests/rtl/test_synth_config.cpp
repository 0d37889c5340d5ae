// nmx synth refuses a core the RTL cannot address (tests/rtl/configurations.txt lints the
// RTL up to exactly that limit), and accepts the largest one it can; it reports yosys's
// warnings.
#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "hw/hw_config.hpp"
#include "synth/yosys_synth.hpp"

using namespace nmx;

TEST_CASE("synth config: the synapse memory is at most 2^20 words, the RTL's load-image address", "[rtl][synth]") {
  HwConfig hw = default_hw_config();
  hw.source = "hw.json";
  hw.core.neurons = 4096;
  hw.core.lanes = 1;
  hw.core.axons = 256;  // 256 * 4096 = 2^20 words
  CHECK_NOTHROW(check_synth_config(hw));
  hw.core.axons = 512;
  CHECK_THROWS_AS(check_synth_config(hw), InputError);
  CHECK_THROWS_WITH(check_synth_config(hw), Catch::Contains("hw.json") && Catch::Contains("2097152 words") &&
                                                Catch::Contains("1048576"));
  hw.core.axons = 65536;
  hw.core.lanes = 64;  // 65536 * 64 = 2^22 words
  CHECK_THROWS_AS(check_synth_config(hw), InputError);
}

TEST_CASE("synth: the warnings of a yosys log, each once, in order", "[rtl][synth]") {
  const std::string log =
      "Warning: Replacing memory \\pos with list of registers. See rtl/nmx_router.sv:40\n"
      "  Warning: indented, a quoted message, not yosys's\n"
      "Removed 12 unused cells and 40 unused wires.\n"
      "Warning: Selection \"*nmx_mode_unit\" did not match any module.\n"
      "Warning: Replacing memory \\pos with list of registers. See rtl/nmx_router.sv:40\n";
  const auto w = yosys_warnings(log);
  REQUIRE(w.size() == 2);
  CHECK(w[0] == "Warning: Replacing memory \\pos with list of registers. See rtl/nmx_router.sv:40");
  CHECK(w[1] == "Warning: Selection \"*nmx_mode_unit\" did not match any module.");
  CHECK(yosys_warnings("End of script.\n").empty());
  CHECK(yosys_warnings("").empty());
}
