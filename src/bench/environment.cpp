#include "bench/environment.h"

#include <re2/re2.h>

#include <sys/utsname.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "version.h"

namespace perfwarden::bench {
namespace {

// Flags that change which code runs or how fast it runs.
const std::set<std::string>& relevant_flags() {
  static const std::set<std::string> flags = {
      "pni",        "sse3",     "ssse3",    "sse4_1",   "sse4_2",    "popcnt",      "avx",
      "avx2",       "fma",      "f16c",     "bmi1",     "bmi2",      "lzcnt",       "movbe",
      "avx512f",    "avx512bw", "avx512cd", "avx512dq", "avx512vl",  "avx512_bf16", "avx512_vnni",
      "avx512vbmi", "avx_vnni", "sha_ni",   "aes",      "pclmulqdq", "adx",         "abm",
      "cx16",       "lahf_lm",  "xsave",    "osxsave",  "neon",      "asimd",       "sve"};
  return flags;
}

void read_cpuinfo(std::string& model, std::vector<std::string>& flags) {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  bool have_flags = false;
  while (std::getline(in, line)) {
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string key = line.substr(0, colon);
    key.erase(key.find_last_not_of(" \t") + 1);
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    if (model.empty() && (key == "model name" || key == "Model")) model = value;
    if (!have_flags && (key == "flags" || key == "Features")) {
      std::istringstream words(value);
      for (std::string flag; words >> flag;) {
        if (relevant_flags().count(flag)) flags.push_back(flag);
      }
      have_flags = true;
    }
  }
  std::sort(flags.begin(), flags.end());
}

}  // namespace

std::string x86_64_level(const std::vector<std::string>& flags) {
  std::set<std::string> have(flags.begin(), flags.end());
  auto all = [&](std::initializer_list<const char*> needed) {
    return std::all_of(needed.begin(), needed.end(),
                       [&](const char* f) { return have.count(f) > 0; });
  };
  // psABI levels (cx16, lahf, popcnt, sse3/4, ssse3 | avx, avx2, bmi1/2, f16c, fma, lzcnt, movbe,
  // xsave | avx512f/bw/cd/dq/vl); cpuinfo spells lzcnt "abm".
  // /proc/cpuinfo spells SSE3 "pni" (Prescott New Instructions).
  bool sse3 = have.count("sse3") || have.count("pni");
  bool v2 = sse3 && all({"cx16", "lahf_lm", "popcnt", "sse4_1", "sse4_2", "ssse3"});
  bool v3 = v2 && all({"avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "movbe", "xsave"}) &&
            (have.count("abm") || have.count("lzcnt"));
  bool v4 = v3 && all({"avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"});
  return v4 ? "x86-64-v4" : v3 ? "x86-64-v3" : v2 ? "x86-64-v2" : "x86-64-v1";
}

std::string compiler_class_of(const std::string& identity) {
  // GCC prints "c++ (Debian 12.2.0-14) 12.2.0"; clang "clang version 14.0.6 ...".
  std::string family = identity.find("clang") != std::string::npos ? "clang" : "gcc";
  // The last "N.N.N" on the version line is the compiler's own version.
  static const RE2 version(R"((\d+)\.\d+(?:\.\d+)?)");
  std::string major;
  re2::StringPiece rest(identity);
  for (std::string found; RE2::FindAndConsume(&rest, version, &found);) major = found;
  return major.empty() ? "unknown" : family + "-" + major;
}

std::vector<std::string> EnvironmentFingerprint::differences(const EnvironmentFingerprint& other,
                                                             bool for_timing) const {
  std::vector<std::string> result;
  auto compare = [&](const char* field, const std::string& a, const std::string& b) {
    if (a != b)
      result.push_back(std::string(field) + ": '" + a + "' here vs '" + b + "' in the baseline");
  };
  compare("isa_level", isa_level, other.isa_level);
  compare("compiler_class", compiler_class, other.compiler_class);
  if (for_timing) {
    compare("arch", arch, other.arch);
    compare("cpu_model", cpu_model, other.cpu_model);
    std::string mine, theirs;
    for (const auto& f : isa_flags) mine += f + " ";
    for (const auto& f : other.isa_flags) theirs += f + " ";
    compare("isa_flags", mine, theirs);
    compare("kernel", kernel, other.kernel);
    compare("compiler", compiler, other.compiler);
  }
  return result;
}

EnvironmentFingerprint detect_environment(const std::string& compiler_identity) {
  EnvironmentFingerprint fingerprint;
  utsname names{};
  if (uname(&names) == 0) {
    fingerprint.arch = names.machine;
    fingerprint.kernel = names.release;
  }
  read_cpuinfo(fingerprint.cpu_model, fingerprint.isa_flags);
  fingerprint.isa_level =
      fingerprint.arch == "x86_64" ? x86_64_level(fingerprint.isa_flags) : fingerprint.arch;
  fingerprint.compiler = compiler_identity;
  fingerprint.compiler_class = compiler_class_of(compiler_identity);
  fingerprint.perfwarden_version = kVersion;
  return fingerprint;
}

}  // namespace perfwarden::bench
