#pragma once

#include <map>
#include <string>

namespace perfwarden::testing {

// Files of a small, real CMake + Google Benchmark project for end-to-end tests. The benchmark
// BM_Work runs a dependent arithmetic chain of `work` steps, so doubling `work` doubles its time;
// BM_Steady never changes. Variants make the head misbehave in one specific way.
struct SampleProject {
  int work = 2000;
  std::string comment = "// Sample hot path.";
  bool compile_error = false;  // bench.cpp does not compile
  bool crash = false;          // BM_Work aborts
  bool hang = false;           // BM_Work never finishes
  // Non-empty: the binary is no Google Benchmark; it writes this text as its JSON output.
  std::string fake_json;
  bool flood_json = false;        // with fake_json: then writes without end (until the file limit)
  bool min_time_in_code = false;  // BM_Work sets MinTime: Google Benchmark escalates its loop
  // BM_Work's first iteration builds a table once per process and another once per call.
  bool lazy_first_iteration = false;
  bool work_in_other_file = false;  // BM_Work's step is work_step() in work.cpp
  bool threaded_steady = false;     // BM_Steady runs as BM_Steady/threads:1 and BM_Steady/threads:2
  int steady_work = 1000;           // BM_Steady's steps per iteration
  int paused_work = 0;              // more steps per BM_Steady iteration, with its timer paused
  std::string config = default_config();

  static std::string default_config();
  std::map<std::string, std::string> files() const;
};

}  // namespace perfwarden::testing
