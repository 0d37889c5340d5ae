// nmx: the command line. Exit status: 0 ok, 1 a check failed, 2 bad input or usage,
// 3 internal error, 130 interrupted (Ctrl-C: core/interrupt.hpp).
#include <algorithm>
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "commands.hpp"
#include "option_ranges.hpp"
#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "lockstep/lockstep.hpp"

int main(int argc, char** argv) {
  CLI::App app{"nmx: neuromorphic hardware emulation (L0 float, L1 fixed, L2 SystemC, L3 RTL)", "nmx"};
  app.require_subcommand(1);
  app.option_defaults()->always_capture_default();
  app.set_version_flag("--version", std::string("nmx ") + NMX_VERSION);
  nmx::cli::add_run(app);
  nmx::cli::add_generate(app);
  nmx::cli::add_quantize(app);
  nmx::cli::add_info(app);
  nmx::cli::add_bench(app);
  nmx::cli::add_train(app);
  nmx::cli::add_import(app);
  nmx::cli::add_export(app);
  nmx::cli::add_check(app);
  nmx::cli::add_sweep(app);
  nmx::cli::add_tune(app);
  nmx::cli::add_report(app);
  nmx::cli::add_synth(app);
  nmx::cli::add_tem(app);
  nmx::cli::add_plasticity(app);
  nmx::cli::check_numeric_options(app);
  nmx::install_interrupt_handler();
  try {
    const auto subs = app.get_subcommands({});
    const bool known = argc < 2 || argv[1][0] == '-' ||
                       std::any_of(subs.begin(), subs.end(), [&](const CLI::App* s) { return s->get_name() == argv[1]; });
    if (!known) {
      std::string names;
      for (const CLI::App* sub : subs)
        if (!sub->get_group().empty()) names += (names.empty() ? "" : ", ") + sub->get_name();  // not the hidden
      throw nmx::InputError(std::string("unknown subcommand '") + argv[1] + "' (allowed: " + names + ")");
    }
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  } catch (const nmx::cli::CheckFailed&) {
    return 1;
  } catch (const nmx::LockstepError& e) {
    std::printf("%s\n", e.what());
    if (e.last_agreeing_step >= 0) std::printf("last agreeing step: %lld\n", static_cast<long long>(e.last_agreeing_step));
    else std::printf("no step agreed\n");
    return 1;
  } catch (const nmx::Interrupted&) {
    std::fprintf(stderr, "nmx: interrupted\n");
    return 130;
  } catch (const nmx::InputError& e) {
    std::fprintf(stderr, "nmx: error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "nmx: internal error: %s\n", e.what());
    return 3;
  }
  return 0;
}
