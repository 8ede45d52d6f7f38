#include <cstdio>
#include <exception>

#include "cli/commands.h"
#include "util/error.h"
#include "util/interrupt.h"
#include "util/terminal.h"

int main(int argc, char** argv) {
  perfwarden::util::install_interrupt_handler();
  try {
    return perfwarden::cli::run_cli(argc, argv);
  } catch (const perfwarden::Error& e) {
    // Errors quote untrusted text (paths, revisions, benchmark output): shown terminal-safe.
    using perfwarden::util::terminal_safe;
    std::fprintf(stderr, "perfwarden: error: %s\n", terminal_safe(e.what()).c_str());
    if (!e.fix().empty()) std::fprintf(stderr, "  fix: %s\n", terminal_safe(e.fix()).c_str());
    return perfwarden::to_int(e.exit_code());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "perfwarden: internal error: %s\n",
                 perfwarden::util::terminal_safe(e.what()).c_str());
    return perfwarden::to_int(perfwarden::ExitCode::kInfrastructure);
  }
}
