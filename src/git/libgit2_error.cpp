#include "git/libgit2_error.h"

#include <git2.h>

#include <utility>

namespace perfwarden::git {

void ensure_libgit2_initialised() {
  // A function-local static is initialised exactly once even under concurrent first calls;
  // if git_libgit2_init() fails the exception propagates and the next call tries again.
  static const int init_count = [] {
    const int rc = git_libgit2_init();
    if (rc < 0) {
      throw infrastructure_error("cannot initialise libgit2: " + last_error_message(rc),
                                 "check that the libgit2 shared library is installed correctly");
    }
    return rc;
  }();
  static_cast<void>(init_count);
}

std::string last_error_message(int rc) {
  const git_error* error = git_error_last();
  if (error != nullptr && error->message != nullptr && error->message[0] != '\0') {
    return error->message;
  }
  return "libgit2 error " + std::to_string(rc);
}

void check(int rc, std::string_view what, ExitCode code) {
  if (rc < 0) fail(rc, what, code);
}

void check(int rc, std::string_view what, ExitCode code, std::string fix) {
  if (rc < 0) fail(rc, what, code, std::move(fix));
}

void fail(int rc, std::string_view what, ExitCode code, std::string fix) {
  std::string message(what);
  message += ": ";
  message += last_error_message(rc);
  throw Error(code, std::move(message), std::move(fix));
}

}  // namespace perfwarden::git
