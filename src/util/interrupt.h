#pragma once

namespace perfwarden::util {

// Ctrl-C handling: the first SIGINT/SIGTERM sets a flag that long-running loops check, so that
// children are killed, partial files are not left behind, and the process exits with 130.
void install_interrupt_handler();
bool interrupted();
// Throws perfwarden::Error(ExitCode::kInterrupted) when an interrupt arrived.
void throw_if_interrupted();

}  // namespace perfwarden::util
