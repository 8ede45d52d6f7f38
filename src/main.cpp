#include <cstdio>
#include <exception>

#include "cli/commands.h"
#include "util/error.h"
#include "util/interrupt.h"

int main(int argc, char** argv) {
  perfwarden::util::install_interrupt_handler();
  try {
    return perfwarden::cli::run_cli(argc, argv);
  } catch (const perfwarden::Error& e) {
    std::fprintf(stderr, "perfwarden: error: %s\n", e.what());
    if (!e.fix().empty()) std::fprintf(stderr, "  fix: %s\n", e.fix().c_str());
    return perfwarden::to_int(e.exit_code());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "perfwarden: internal error: %s\n", e.what());
    return perfwarden::to_int(perfwarden::ExitCode::kInfrastructure);
  }
}
