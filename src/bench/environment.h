#pragma once

#include <string>
#include <vector>

namespace perfwarden::bench {

// What makes two measurements comparable. Instruction counts depend on the instruction set the
// code was compiled for and the compiler; timings depend on everything here.
struct EnvironmentFingerprint {
  std::string arch;                    // uname machine, e.g. "x86_64"
  std::string cpu_model;               // /proc/cpuinfo "model name"
  std::string isa_level;               // "x86-64-v1" .. "x86-64-v4", or arch for non-x86
  std::vector<std::string> isa_flags;  // the performance-relevant CPU flags present, sorted
  std::string kernel;                  // uname release
  std::string compiler;                // the build cache's toolchain identity
  std::string compiler_class;          // e.g. "gcc-12": family and major version
  std::string perfwarden_version;

  // The name baselines are filed under: instruction counts are comparable within it.
  std::string machine_class() const { return isa_level + "." + compiler_class; }

  // Human-readable differences ("cpu_model: 'AMD EPYC' vs 'Intel Xeon'"), empty when equal.
  // `for_timing` compares everything; otherwise only what instruction counts depend on.
  std::vector<std::string> differences(const EnvironmentFingerprint& other, bool for_timing) const;
};

// Reads this machine's fingerprint; `compiler_identity` comes from
// build::detect_toolchain_identity.
EnvironmentFingerprint detect_environment(const std::string& compiler_identity);

// "gcc-12" from "c++ | c++ (Debian 12.2.0-14) 12.2.0 | ..."; "clang-14"; "unknown" without a
// version.
std::string compiler_class_of(const std::string& compiler_identity);

// The x86-64 micro-architecture level (psABI) implied by a set of /proc/cpuinfo flags.
std::string x86_64_level(const std::vector<std::string>& flags);

}  // namespace perfwarden::bench
