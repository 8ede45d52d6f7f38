#include "util/interrupt.h"

#include <atomic>
#include <csignal>

#include "util/error.h"

namespace perfwarden::util {
namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int) { g_interrupted.store(true); }

}  // namespace

void install_interrupt_handler() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a blocking poll() returns EINTR and notices at once
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool interrupted() { return g_interrupted.load(); }

void throw_if_interrupted() {
  if (interrupted()) throw Error(ExitCode::kInterrupted, "interrupted");
}

}  // namespace perfwarden::util
