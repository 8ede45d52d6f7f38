#include "bench/cpu_features.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <sstream>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

#include "util/error.h"
#include "util/subprocess.h"

namespace perfwarden::bench {
namespace {

#if defined(__x86_64__)
enum Word { kLeaf1Ecx, kLeaf1Edx, kLeaf7Ebx, kLeaf7Ecx, kLeaf7Edx, kExtEcx, kWords };

struct Feature {
  const char* name;
  Word word;
  int bit;
};

// CPUID bits (Intel SDM vol. 2A, CPUID; AMD APM vol. 3) of the extensions code dispatches on.
constexpr std::array<Feature, 40> kFeatures = {{
    {"sse3", kLeaf1Ecx, 0},          {"pclmulqdq", kLeaf1Ecx, 1},
    {"ssse3", kLeaf1Ecx, 9},         {"fma", kLeaf1Ecx, 12},
    {"sse4_1", kLeaf1Ecx, 19},       {"sse4_2", kLeaf1Ecx, 20},
    {"movbe", kLeaf1Ecx, 22},        {"popcnt", kLeaf1Ecx, 23},
    {"aes", kLeaf1Ecx, 25},          {"avx", kLeaf1Ecx, 28},
    {"f16c", kLeaf1Ecx, 29},         {"rdrand", kLeaf1Ecx, 30},
    {"sse", kLeaf1Edx, 25},          {"sse2", kLeaf1Edx, 26},
    {"bmi1", kLeaf7Ebx, 3},          {"avx2", kLeaf7Ebx, 5},
    {"bmi2", kLeaf7Ebx, 8},          {"avx512f", kLeaf7Ebx, 16},
    {"avx512dq", kLeaf7Ebx, 17},     {"rdseed", kLeaf7Ebx, 18},
    {"adx", kLeaf7Ebx, 19},          {"avx512ifma", kLeaf7Ebx, 21},
    {"avx512cd", kLeaf7Ebx, 28},     {"sha", kLeaf7Ebx, 29},
    {"avx512bw", kLeaf7Ebx, 30},     {"avx512vl", kLeaf7Ebx, 31},
    {"avx512vbmi", kLeaf7Ecx, 1},    {"avx512vbmi2", kLeaf7Ecx, 6},
    {"gfni", kLeaf7Ecx, 8},          {"vaes", kLeaf7Ecx, 9},
    {"vpclmulqdq", kLeaf7Ecx, 10},   {"avx512vnni", kLeaf7Ecx, 11},
    {"avx512bitalg", kLeaf7Ecx, 12}, {"avx512vpopcntdq", kLeaf7Ecx, 14},
    {"avx512fp16", kLeaf7Edx, 23},   {"amx_bf16", kLeaf7Edx, 22},
    {"amx_tile", kLeaf7Edx, 24},     {"amx_int8", kLeaf7Edx, 25},
    {"lzcnt", kExtEcx, 5},           {"sse4a", kExtEcx, 6},
}};

std::array<std::uint32_t, kWords> read_words() {
  std::array<std::uint32_t, kWords> words{};
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (__get_cpuid(1, &a, &b, &c, &d)) {
    words[kLeaf1Ecx] = c;
    words[kLeaf1Edx] = d;
  }
  if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
    words[kLeaf7Ebx] = b;
    words[kLeaf7Ecx] = c;
    words[kLeaf7Edx] = d;
  }
  if (__get_cpuid(0x80000001, &a, &b, &c, &d)) words[kExtEcx] = c;
  return words;
}

// Which register state the OS saves (XCR0): without it, AVX or AVX-512 code cannot run.
std::uint64_t enabled_state(std::uint32_t leaf1_ecx) {
  if (((leaf1_ecx >> 27) & 1U) == 0) return 0;  // no OSXSAVE
  std::uint32_t low = 0, high = 0;
  __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
  return (static_cast<std::uint64_t>(high) << 32) | low;
}
#endif

}  // namespace

std::vector<std::string> native_cpu_features() {
  std::vector<std::string> features;
#if defined(__x86_64__)
  const auto words = read_words();
  const std::uint64_t state = enabled_state(words[kLeaf1Ecx]);
  const bool avx_state = (state & 0x6) == 0x6;
  const bool avx512_state = (state & 0xE6) == 0xE6;
  for (const auto& feature : kFeatures) {
    if (((words[feature.word] >> feature.bit) & 1U) == 0) continue;
    const std::string name = feature.name;
    if ((name.rfind("avx", 0) == 0 || name == "fma" || name == "f16c" || name == "vaes" ||
         name == "vpclmulqdq") &&
        !avx_state) {
      continue;
    }
    if (name.rfind("avx512", 0) == 0 && !avx512_state) continue;
    features.push_back(name);
  }
  std::sort(features.begin(), features.end());
#endif
  return features;
}

std::string format_cpu_features(const std::vector<std::string>& features) {
  std::string line;
  for (const auto& f : features) line += (line.empty() ? "" : " ") + f;
  return line;
}

std::optional<std::vector<std::string>> features_valgrind_hides(
    util::ProcessRunner& runner, const std::string& valgrind, const std::string& self_executable) {
  util::ProcessResult result;
  try {
    result = runner.run({.argv = {valgrind, "--tool=none", "-q", self_executable, "cpu-features"},
                         .timeout = std::chrono::seconds(60)});
  } catch (const Error&) {
    return std::nullopt;
  }
  if (!result.succeeded()) return std::nullopt;
  std::vector<std::string> emulated;
  std::istringstream words(result.stdout_text);
  for (std::string word; words >> word;) emulated.push_back(word);
  std::vector<std::string> hidden;
  for (const auto& feature : native_cpu_features()) {
    if (std::find(emulated.begin(), emulated.end(), feature) == emulated.end())
      hidden.push_back(feature);
  }
  return hidden;
}

}  // namespace perfwarden::bench
