// Runtime ISA dispatch. The suite is compiled for baseline x86-64 (no -march=native) so one binary
// runs anywhere; kernels with __attribute__((target("avx2,f16c,fma"))) are chosen at run time.
// Every kernel takes an Isa argument so tests can force the portable scalar path on any machine.
#pragma once

namespace perfwarden::kv_cache {

enum class Isa { kAuto, kScalar, kAvx2 };

// True when the CPU has AVX2, F16C and FMA (the set our vector kernels need).
bool cpu_has_avx2_f16c_fma();

// kAuto -> best available; kAvx2 on a CPU without it -> kScalar (never executes illegal code).
Isa resolve_isa(Isa requested);

const char* isa_name(Isa isa);

}  // namespace perfwarden::kv_cache
