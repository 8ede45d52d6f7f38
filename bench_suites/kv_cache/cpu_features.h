// Runtime ISA dispatch. The suite is compiled for baseline x86-64 (no -march=native) so one binary
// runs anywhere; kernels with __attribute__((target(...))) are chosen at run time. Levels are
// ordered: kAvx512 (AVX-512 F/BW/VL/DQ + VNNI, plus AVX2/F16C/FMA) implies kAvx2.
// Every kernel takes an Isa argument so tests can force the portable scalar path on any machine.
#pragma once

namespace perfwarden::kv_cache {

enum class Isa { kAuto, kScalar, kAvx2, kAvx512 };

// True when the CPU has AVX2, F16C and FMA (the set our vector kernels need).
bool cpu_has_avx2_f16c_fma();

// True when the CPU also has AVX-512 F/BW/VL/DQ and AVX512_VNNI (and AVX2/F16C/FMA).
bool cpu_has_avx512_vnni();

// kAuto -> best available; an explicit level is honoured when the CPU has it and otherwise
// degrades to the best level below it (never executes illegal code): kAvx512 -> kAvx2 -> kScalar.
// The environment variable KV_CACHE_MAX_ISA (scalar, avx2, avx512; as oneDNN's
// ONEDNN_MAX_CPU_ISA) caps every request, so one binary measures the AVX2 path on an AVX-512
// machine: `KV_CACHE_MAX_ISA=avx2 bench_kv_cache`. Another value stops the process (exit 2).
Isa resolve_isa(Isa requested);

// The level kAuto resolves to in this process (the one the benchmarks report and run).
inline Isa active_isa() { return resolve_isa(Isa::kAuto); }

// True for kAvx2 and kAvx512 (the AVX2 kernels run on both).
inline bool is_vector(Isa resolved) { return resolved == Isa::kAvx2 || resolved == Isa::kAvx512; }

const char* isa_name(Isa isa);

}  // namespace perfwarden::kv_cache
