#pragma once

namespace perfwarden {

// The process exit codes, documented in README.md. CI systems key off these, so they never change.
enum class ExitCode : int {
  kPass = 0,            // no regression, no policy finding
  kGateFailed = 1,      // a regression, a policy finding, or the head revision does not build
  kUsage = 2,           // bad command line, unknown revision, invalid config
  kInfrastructure = 3,  // base does not build, benchmark crashed, environments not comparable
  kInterrupted = 130,   // SIGINT / SIGTERM
};

inline int to_int(ExitCode code) { return static_cast<int>(code); }

}  // namespace perfwarden
