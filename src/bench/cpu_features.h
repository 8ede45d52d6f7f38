#pragma once

// Which instruction-set extensions the CPU reports, natively and as valgrind emulates it: code
// chosen by CPU dispatch may differ between the two, and the placement verdict must know.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace perfwarden::util {
class ProcessRunner;
}

namespace perfwarden::bench {

// The extensions CPU dispatch typically keys on (SSE4.2, AVX, AVX2, FMA, BMI2, AVX-512*, SHA,
// AES, VAES, ...) that this CPU reports and the OS enables, as names ("avx2", "avx512f").
// Empty on architectures other than x86-64.
std::vector<std::string> native_cpu_features();

// One line, "avx avx2 bmi2 ...": what `perfwarden cpu-features` prints.
std::string format_cpu_features(const std::vector<std::string>& features);

// The features this CPU has that valgrind's emulated CPU does not report, found by running
// `self_executable cpu-features` under `valgrind --tool=none`; nullopt when that cannot be
// run (then assume the worst).
std::optional<std::vector<std::string>> features_valgrind_hides(util::ProcessRunner& runner,
                                                                const std::string& valgrind,
                                                                const std::string& self_executable);

}  // namespace perfwarden::bench
