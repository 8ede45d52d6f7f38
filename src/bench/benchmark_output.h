#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace perfwarden::bench {

// One benchmark's figures from one process run, normalised to nanoseconds per iteration.
struct Measurement {
  std::string name;
  double real_time_ns = 0.0;
  double cpu_time_ns = 0.0;
  double iterations = 0.0;
  int threads = 1;
  std::map<std::string, double> counters;  // user counters, e.g. bytes_per_second
  // Set when the benchmark skipped itself (State::SkipWithMessage, Google Benchmark 1.8+: a CPU
  // without the instructions it needs, a missing input): the row has no figures to compare.
  std::string skip_message;
};

// Parses Google Benchmark's JSON output (--benchmark_out_format=json). Benchmark names are
// untrusted text: they are length-limited and control characters rejected. When a benchmark ran
// several repetitions in one process, the median of its iteration rows is kept; aggregate rows
// are ignored. A benchmark that reported an error (SkipWithError) is listed in `errors`; one that
// skipped itself (SkipWithMessage) in `skipped`, and is not measured: to the comparison it is
// absent from this side, so a head that skips what the base measured has made it "gone".
struct ParsedOutput {
  std::vector<Measurement> measurements;  // one per measured benchmark, in order of appearance
  std::vector<Measurement> rows;          // every iteration row, in output order, skipped ones too
  std::vector<std::string> errors;        // "BM_x: <message>"
  std::map<std::string, std::string> skipped;  // name -> its skip message, if never measured
};

// Returns false with `problem` set when the text is not Google Benchmark JSON: not JSON, beyond
// the size limits (64 MiB, nesting, values), or a row whose fields have the wrong type or an
// impossible value ("benchmarks[3].real_time: expected a number, got string", naming the
// benchmark when the row has a usable name). Never throws for any text.
bool parse_benchmark_json(std::string_view text, ParsedOutput& out, std::string& problem);

inline constexpr std::size_t kMaxBenchmarkNameLength = 256;

// Whether a benchmark name is usable at all: 1 to kMaxBenchmarkNameLength bytes of valid UTF-8
// without control characters. Names are the pull request's text; this is checked where they
// enter, so reports and filters never see anything else.
bool is_acceptable_benchmark_name(std::string_view name);

}  // namespace perfwarden::bench
