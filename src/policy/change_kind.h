#pragma once

// What a changed file can do to a benchmark run: the identical-code short-circuit and the
// placement verdict both depend on every change acting only through the compiled code.

#include <string_view>

namespace perfwarden::policy {

enum class ChangeKind {
  kCode,           // a C/C++ source or header: acts only through what is compiled
  kBuild,          // a build description (CMakeLists.txt, *.cmake, Makefile, meson.build, ...)
  kDocumentation,  // *.md, *.rst, docs/, LICENSE, ...: never read by a build or a benchmark
  kGate,           // perfwarden.json, baselines/, CI workflows: read by the gate, not the code
  kOther,          // anything else: data a benchmark may read, scripts, toolchain inputs
};

ChangeKind classify_change(std::string_view path);

}  // namespace perfwarden::policy
