#pragma once

#include <map>
#include <string>

namespace perfwarden::accuracy {

// A CMake + Google Benchmark project with four benchmarks of known noise, one revision per
// injected slowdown or scenario. Every benchmark's work (dependent ALU steps and dependent loads)
// is multiplied by (1 + slowdown), so its time and its instruction count both grow by about
// `slowdown`.
//  - BM_Quiet: a dependent multiply-add chain only; its noise is the machine's.
//  - BM_Noise3, BM_Noise5: the same chain plus a fixed number of dependent loads through a random
//    cycle over a buffer whose size each process draws at startup (log-uniform, seeded from
//    std::random_device). The loads cost a different time per process depending on the cache
//    level the buffer lands in, but always the same number of instructions: injected run-to-run
//    noise that the instructions metric must not see. Load counts were calibrated on the
//    development machine (2-vCPU AMD EPYC) for about 3% and 5% paired CV of CPU time, with
//    BM_Quiet at about 1%; real time adds whatever the machine's load adds on top.
//  - BM_Walk: the chain plus dependent loads through a random cycle over a buffer of a fixed
//    size: 16 KiB (L1) by default. The memory-bound head grows it to 256 KiB (L2) and nothing
//    else: the same instructions, about 10% more time.
// unused.cpp, linked first, holds a function no benchmark runs; the placement head changes only
// it, so the benchmarks' code moves in the binary.
struct SyntheticProject {
  double slowdown = 0.0;  // 0.05 = every benchmark does 5% more work
  std::string note;       // a comment line, so a 0% head differs from the base like a real PR
  std::string time_field = "real_time";  // the suite's gated time (perfwarden's default)
  std::string data;        // data/input.txt: a data file, which keeps identical code measured
  int unused_variant = 0;  // the size of unused.cpp's function: 0 small, more is larger
  int walk_buffer_bytes = 16 * 1024;
  bool readme = false;  // a README.md: a docs-only head adds it

  std::map<std::string, std::string> files() const;
};

// The synthetic repository's perfwarden.json: default looks, confirmation and threshold; only the
// per-process --benchmark_min_time is short so one process stays well under a second.
// `time_field` is "real_time" (the default) or "cpu_time".
std::string synthetic_config(const std::string& time_field);

}  // namespace perfwarden::accuracy
