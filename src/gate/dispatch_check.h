#pragma once

// Runtime CPU dispatch and the placement verdict. Callgrind shows which code runs on valgrind's
// emulated CPU, which lacks some extensions the real one has (on an AVX2 EPYC: SHA, ADX, VAES,
// VPCLMULQDQ; on an AVX-512 CPU all of AVX-512). Code that dispatches on those can take another
// path natively, so "the loop executes none of the changed files" under valgrind proves nothing
// about it. Placement is therefore refused when valgrind hides any extension and the changed
// code is CPU-specific: a changed file with intrinsics headers, target attributes, CPU feature
// checks or ifuncs, or a build that compiles with ISA flags (-mavx2, -march=...).

#include <filesystem>
#include <string>
#include <vector>

namespace perfwarden::gate {

// Why valgrind's view cannot stand in for the native one here, or "" when it can.
// `hidden`: the extensions valgrind hides (bench::features_valgrind_hides).
std::string dispatch_blocker(const std::vector<std::string>& hidden,
                             const std::vector<std::filesystem::path>& source_dirs,
                             const std::vector<std::string>& changed_code_files);

}  // namespace perfwarden::gate
