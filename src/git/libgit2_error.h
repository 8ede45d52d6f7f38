#pragma once

// The one place where libgit2's C error convention (negative return code plus a thread-local
// message) becomes a perfwarden::Error. Every other file in src/git/ calls check() or fail()
// instead of reading git_error_last() itself, so messages look the same everywhere.

#include <string>
#include <string_view>

#include "util/error.h"
#include "util/exit_code.h"

namespace perfwarden::git {

// Initialises libgit2 once for the life of the process; safe to call from any thread, any
// number of times. Every entry point that creates a libgit2 object calls it first.
//
// Why a process-wide static rather than an RAII session object: libgit2's global state is
// reference counted, but a handle held in a static (or destroyed after a session ends) would
// outlive a scoped session and crash in git_*_free. perfwarden is a short-lived command-line
// process, so we never call git_libgit2_shutdown(); the OS reclaims everything at exit.
void ensure_libgit2_initialised();

// The message libgit2 recorded for the most recent failure on this thread, or
// "libgit2 error <rc>" when it recorded none.
std::string last_error_message(int rc);

// Throws Error(code, "<what>: <libgit2 message>", fix) when rc < 0; does nothing otherwise.
void check(int rc, std::string_view what, ExitCode code = ExitCode::kInfrastructure);
void check(int rc, std::string_view what, ExitCode code, std::string fix);

// Unconditional form of check() for callers that already inspected rc (e.g. to treat
// GIT_ENOTFOUND specially) and now want the standard message for everything else.
[[noreturn]] void fail(int rc, std::string_view what, ExitCode code = ExitCode::kInfrastructure,
                       std::string fix = {});

}  // namespace perfwarden::git
