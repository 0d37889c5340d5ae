// After the SystemC kernel pauses, the caller is back on its own stack and exceptions
// unwind normally: under AddressSanitizer (`make sanitize`) too, where SystemC's coroutine
// switches would otherwise leave ASan believing the stack is empty (kernel/run_kernel.hpp).
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "case_chips.hpp"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#define NMX_TEST_ASAN 1
#endif

using namespace nmx;

namespace {

// Frames that own something, so each has a landing pad that runs during unwinding.
[[noreturn]] __attribute__((noinline)) void throw_from(int depth) {
  const std::vector<int> owned(static_cast<size_t>(depth) + 1, depth);
  if (depth == 0) throw std::runtime_error("thrown at the bottom");
  throw_from(owned.back() - 1);
}

__attribute__((noinline)) std::string catch_from(int depth) {
  const std::string caught = "caught: ";
  try {
    throw_from(depth);
  } catch (const std::runtime_error& e) {
    return caught + e.what();
  }
}

#ifdef NMX_TEST_ASAN
// ASan's bounds of the current stack, read by "switching" to an empty stack and back.
void asan_stack(uintptr_t& bottom, size_t& size) {
  void* fake = nullptr;
  const void* b = nullptr;
  __sanitizer_start_switch_fiber(&fake, nullptr, 0);
  __sanitizer_finish_switch_fiber(fake, &b, &size);
  __sanitizer_start_switch_fiber(&fake, b, size);
  __sanitizer_finish_switch_fiber(fake, nullptr, nullptr);
  bottom = reinterpret_cast<uintptr_t>(b);
}
#endif

}  // namespace

TEST_CASE("L2 kernel: after a step, exceptions unwind through many frames and L2 runs on", "[l2][kernel]") {
  const ChipImage chip = test::single_core_chip();
  const auto raster = test::random_raster(64, 12, 0.2, 4);
  l2::L2Options opt;
  opt.compare_state = true;  // L1 in lockstep: a divergence would throw LockstepError
  l2::ChipModelL2 model(chip, opt);
  static const std::vector<uint32_t> none;
  model.reset();
  uint64_t spikes = 0;
  for (size_t t = 0; t < raster.size(); ++t) {
    std::vector<CoreSpike> out;
    model.step(raster[t], t + 1 < raster.size() ? raster[t + 1] : none, out);
    spikes += out.size();
#ifdef NMX_TEST_ASAN
    uintptr_t bottom = 0;
    size_t size = 0;
    asan_stack(bottom, size);
    const auto here = reinterpret_cast<uintptr_t>(&bottom);
    INFO("step " << t << ": ASan's stack [" << bottom << ", +" << size << "), a local at " << here);
    REQUIRE((bottom <= here && here < bottom + size));
#endif
    for (const int depth : {1, 8, 32}) CHECK(catch_from(depth) == "caught: thrown at the bottom");
  }
  CHECK(spikes > 20);  // the kernel really ran between the throws
  CHECK(model.totals().lockstep_steps == raster.size());
}
