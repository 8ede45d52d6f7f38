// A benchmark binary's JSON output (the pull request's code wrote it): parse_benchmark_json
// returns true with sane figures or false with a problem, and never throws.

#include <cmath>

#include "bench/benchmark_output.h"
#include "fuzz_contract.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace perfwarden;
  bench::ParsedOutput out;
  std::string problem;
  bool parsed = false;
  try {
    parsed = bench::parse_benchmark_json(fuzz::as_text(data, size), out, problem);
  } catch (const std::exception& e) {
    fuzz::violation("parse_benchmark_json threw", e.what());
  }
  if (!parsed) {
    fuzz::require(!problem.empty(), "refused without a problem");
    return 0;
  }
  fuzz::require(out.rows.size() >= out.measurements.size(), "more benchmarks than rows");
  for (const auto& [name, message] : out.skipped) {
    fuzz::require(bench::is_acceptable_benchmark_name(name), "an unacceptable skipped name", name);
    fuzz::require(!message.empty() && message.size() <= 500, "a bad skip message", name);
  }
  for (const auto& m : out.measurements) {
    fuzz::require(m.skip_message.empty() && !out.skipped.count(m.name), "a skipped measurement",
                  m.name);
  }
  for (const auto& m : out.rows) {
    fuzz::require(bench::is_acceptable_benchmark_name(m.name), "an unacceptable name", m.name);
    fuzz::require(std::isfinite(m.real_time_ns) && m.real_time_ns >= 0, "a bad real time", m.name);
    fuzz::require(std::isfinite(m.cpu_time_ns) && m.cpu_time_ns >= 0, "a bad CPU time", m.name);
    fuzz::require(m.iterations >= 0 && m.threads >= 1, "bad iterations or threads", m.name);
  }
  return 0;
}
