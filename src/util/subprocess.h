#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace perfwarden::util {

// What to run. argv[0] is looked up on PATH; arguments are passed as an array and never
// through a shell, so untrusted text (benchmark filters, paths) cannot inject commands.
struct ProcessSpec {
  std::vector<std::string> argv;
  std::filesystem::path working_directory;  // empty: inherit
  std::optional<std::chrono::milliseconds> timeout;
  // Where output goes. An empty path captures it into ProcessResult instead.
  std::filesystem::path stdout_path;
  std::filesystem::path stderr_path;
  bool stderr_to_stdout = false;                                 // one interleaved log (builds)
  std::vector<std::pair<std::string, std::string>> environment;  // added to / overriding ours
  // RLIMIT_FSIZE for the child (and what it starts), set before it runs (fork + exec instead of
  // posix_spawn): a program writing without end is killed by SIGXFSZ at this file size instead
  // of filling the disk. For programs of the pull request whose output we read (benchmark
  // binaries), not for builds.
  std::optional<std::uint64_t> max_file_bytes;
};

// Captured output is bounded in memory: stdout up to this (beyond it the text is dropped and
// `stdout_too_large` set), stderr its last kMaxCapturedStderrBytes (what error messages show).
inline constexpr std::uint64_t kMaxCapturedStdoutBytes = 64u << 20;
inline constexpr std::uint64_t kMaxCapturedStderrBytes = 256u << 10;

struct ProcessResult {
  int exit_code = -1;  // valid when terminating_signal == 0 and !timed_out
  int terminating_signal = 0;
  bool timed_out = false;
  std::string stdout_text;  // only when captured
  std::string stderr_text;  // only when captured: its tail
  bool stdout_too_large = false;
  std::chrono::nanoseconds wall_time{0};

  bool succeeded() const { return !timed_out && terminating_signal == 0 && exit_code == 0; }
  // "exit code 2", "killed by signal 11 (Segmentation fault)", "timed out after 30 s".
  std::string describe_failure() const;
};

// The one seam for side effects of running programs: the real implementation spawns
// processes; tests substitute a fake that returns scripted results.
class ProcessRunner {
 public:
  virtual ~ProcessRunner() = default;
  // Throws perfwarden::Error (infrastructure) when the program cannot be started at all,
  // and (interrupted) when the user pressed Ctrl-C while it ran; the child is then killed.
  virtual ProcessResult run(const ProcessSpec& spec) = 0;
};

// posix_spawn in a new process group (a timeout or Ctrl-C kills the whole tree, e.g. cmake's
// compiler children); waits on a pidfd so there is no polling latency in measured runs.
class PosixProcessRunner final : public ProcessRunner {
 public:
  ProcessResult run(const ProcessSpec& spec) override;
};

// The last `max_lines` lines of `text`, for error messages showing a build log's tail.
std::string last_lines(const std::string& text, std::size_t max_lines);

}  // namespace perfwarden::util
