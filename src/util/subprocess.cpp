#include "util/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>

#include "util/error.h"
#include "util/files.h"
#include "util/interrupt.h"

extern char** environ;

namespace perfwarden::util {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> merged_environment(
    const std::vector<std::pair<std::string, std::string>>& overrides) {
  std::map<std::string, std::string> variables;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    auto equals = text.find('=');
    if (equals == std::string_view::npos) continue;
    variables[std::string(text.substr(0, equals))] = std::string(text.substr(equals + 1));
  }
  for (const auto& [name, value] : overrides) variables[name] = value;
  std::vector<std::string> result;
  result.reserve(variables.size());
  for (const auto& [name, value] : variables) result.push_back(name + "=" + value);
  return result;
}

std::vector<char*> as_c_array(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  pointers.reserve(strings.size() + 1);
  for (auto& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

// Waits for `pid` until it exits, the deadline passes or the user interrupts.
// Returns the wait status, or nullopt on timeout/interrupt (the child is still running).
std::optional<int> wait_for_exit(pid_t pid, std::optional<Clock::time_point> deadline) {
  int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  for (;;) {
    int status = 0;
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      if (pidfd >= 0) close(pidfd);
      return status;
    }
    if (done < 0 && errno != EINTR) {
      if (pidfd >= 0) close(pidfd);
      throw infrastructure_error(std::string("waitpid failed: ") + std::strerror(errno));
    }
    if (interrupted()) break;
    int wait_ms = 100;  // re-check the interrupt flag at least this often
    if (deadline) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - Clock::now());
      if (left.count() <= 0) break;
      wait_ms = static_cast<int>(std::min<long long>(wait_ms, left.count() + 1));
    }
    if (pidfd >= 0) {
      pollfd entry{pidfd, POLLIN, 0};
      poll(&entry, 1, wait_ms);  // EINTR is fine: the loop re-checks everything
    } else {
      usleep(1000);  // kernels before 5.3: no pidfd, fall back to short sleeps
    }
  }
  if (pidfd >= 0) close(pidfd);
  return std::nullopt;
}

void kill_group_and_reap(pid_t pid) {
  kill(-pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
}

// The default disposition for these in the child, whatever ours: the user's Ctrl-C and a
// timeout must reach it, and a file-size limit must kill it.
constexpr std::array<int, 4> kDefaultSignals = {SIGINT, SIGTERM, SIGPIPE, SIGXFSZ};

pid_t spawn(const ProcessSpec& spec, const std::filesystem::path& stdout_path,
            const std::filesystem::path& stderr_path, std::vector<char*>& argv,
            std::vector<char*>& envp) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, stdout_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (spec.stderr_to_stdout) {
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  } else {
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
  }
  if (!spec.working_directory.empty()) {
    // posix_spawn_file_actions_addchdir_np: glibc >= 2.29.
    posix_spawn_file_actions_addchdir_np(&actions, spec.working_directory.c_str());
  }

  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&attributes, 0);
  sigset_t no_signals;
  sigemptyset(&no_signals);
  posix_spawnattr_setsigmask(&attributes, &no_signals);
  sigset_t default_signals;
  sigemptyset(&default_signals);
  for (int signal : kDefaultSignals) sigaddset(&default_signals, signal);
  posix_spawnattr_setsigdefault(&attributes, &default_signals);

  pid_t pid = 0;
  int rc = posix_spawnp(&pid, argv[0], &actions, &attributes, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (rc != 0) {
    throw infrastructure_error("cannot run '" + spec.argv[0] + "': " + std::strerror(rc),
                               "check that it is installed and on PATH");
  }
  return pid;
}

// argv[0] as execvp would find it, resolved before fork (a PATH search is not safe after it).
std::string resolve_program(const std::string& program) {
  if (program.find('/') != std::string::npos) return program;
  const char* path = std::getenv("PATH");
  std::string_view dirs(path ? path : "/usr/local/bin:/usr/bin:/bin");
  for (;;) {
    std::size_t colon = dirs.find(':');
    std::string dir(dirs.substr(0, colon));
    std::string candidate = (dir.empty() ? "." : dir) + "/" + program;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    if (colon == std::string_view::npos) return program;  // execve fails with ENOENT
    dirs.remove_prefix(colon + 1);
  }
}

// posix_spawn cannot set resource limits, and setting RLIMIT_FSIZE on the child after it starts
// races with what it writes first. So fork, and between fork and exec call only
// async-signal-safe functions (the parent may run other threads): process group, signals,
// descriptors, directory, the limit, then execve. An exec failure comes back through a
// close-on-exec pipe.
pid_t spawn_with_file_limit(const ProcessSpec& spec, const std::filesystem::path& stdout_path,
                            const std::filesystem::path& stderr_path, std::vector<char*>& argv,
                            std::vector<char*>& envp) {
  const std::string program = resolve_program(spec.argv[0]);
  const std::string out = stdout_path.string(), err = stderr_path.string();
  const std::string directory = spec.working_directory.string();
  const rlimit limit{*spec.max_file_bytes, *spec.max_file_bytes};
  int report[2];
  if (pipe2(report, O_CLOEXEC) != 0) {
    throw infrastructure_error(std::string("pipe2 failed: ") + std::strerror(errno));
  }
  pid_t pid = fork();
  if (pid < 0) {
    close(report[0]);
    close(report[1]);
    throw infrastructure_error(std::string("fork failed: ") + std::strerror(errno));
  }
  if (pid == 0) {
    auto fail = [&](int error) {
      [[maybe_unused]] auto written = write(report[1], &error, sizeof error);
      _exit(127);
    };
    setpgid(0, 0);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    struct sigaction default_action {};
    default_action.sa_handler = SIG_DFL;
    for (int signal : kDefaultSignals) sigaction(signal, &default_action, nullptr);
    int in = open("/dev/null", O_RDONLY);
    int output = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || output < 0 || dup2(in, STDIN_FILENO) < 0 || dup2(output, STDOUT_FILENO) < 0) {
      fail(errno);
    }
    if (spec.stderr_to_stdout) {
      if (dup2(STDOUT_FILENO, STDERR_FILENO) < 0) fail(errno);
    } else {
      int error_output = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (error_output < 0 || dup2(error_output, STDERR_FILENO) < 0) fail(errno);
    }
    if (!directory.empty() && chdir(directory.c_str()) != 0) fail(errno);
    if (setrlimit(RLIMIT_FSIZE, &limit) != 0) fail(errno);
    execve(program.c_str(), argv.data(), envp.data());
    fail(errno);
  }
  close(report[1]);
  int error = 0;
  ssize_t got = 0;
  while ((got = read(report[0], &error, sizeof error)) < 0 && errno == EINTR) {
  }
  close(report[0]);
  if (got > 0) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    throw infrastructure_error("cannot run '" + spec.argv[0] + "': " + std::strerror(error),
                               "check that it is installed and on PATH");
  }
  return pid;
}

}  // namespace

std::string ProcessResult::describe_failure() const {
  if (timed_out) {
    return "timed out after " +
           std::to_string(std::chrono::duration_cast<std::chrono::seconds>(wall_time).count()) +
           " s";
  }
  if (terminating_signal != 0) {
    return "killed by signal " + std::to_string(terminating_signal) + " (" +
           strsignal(terminating_signal) + ")";
  }
  return "exit code " + std::to_string(exit_code);
}

ProcessResult PosixProcessRunner::run(const ProcessSpec& spec) {
  if (spec.argv.empty()) throw infrastructure_error("internal: empty argv");
  throw_if_interrupted();

  // Captured output goes through temporary files: no pipe buffers to drain while waiting.
  TempDir capture_dir("perfwarden-run");
  auto stdout_path = spec.stdout_path.empty() ? capture_dir.path() / "stdout" : spec.stdout_path;
  auto stderr_path = spec.stderr_path.empty() ? capture_dir.path() / "stderr" : spec.stderr_path;

  std::vector<std::string> argv_strings = spec.argv;
  std::vector<std::string> env_strings = merged_environment(spec.environment);
  auto argv = as_c_array(argv_strings);
  auto envp = as_c_array(env_strings);

  auto started = Clock::now();
  pid_t pid = spec.max_file_bytes
                  ? spawn_with_file_limit(spec, stdout_path, stderr_path, argv, envp)
                  : spawn(spec, stdout_path, stderr_path, argv, envp);
  std::optional<Clock::time_point> deadline;
  if (spec.timeout) deadline = started + *spec.timeout;
  auto status = wait_for_exit(pid, deadline);

  ProcessResult result;
  result.wall_time = Clock::now() - started;
  if (!status) {
    kill_group_and_reap(pid);
    throw_if_interrupted();
    result.timed_out = true;
  } else {
    // Whatever the program left running in its process group goes too: a benchmark (or a build
    // step) of the pull request must not leave a process behind that loads the machine while the
    // other revision is measured. The group id cannot be reused while a member is alive.
    kill(-pid, SIGKILL);
    if (WIFSIGNALED(*status)) {
      result.terminating_signal = WTERMSIG(*status);
    } else {
      result.exit_code = WEXITSTATUS(*status);
    }
  }
  if (spec.stdout_path.empty()) {
    auto text = read_text_file_up_to(stdout_path, kMaxCapturedStdoutBytes);
    result.stdout_too_large = !text;
    if (text) result.stdout_text = std::move(*text);
  }
  if (spec.stderr_path.empty() && !spec.stderr_to_stdout) {
    result.stderr_text = read_file_tail(stderr_path, kMaxCapturedStderrBytes);
  }
  return result;
}

std::string last_lines(const std::string& text, std::size_t max_lines) {
  std::size_t end = text.size();
  while (end > 0 && text[end - 1] == '\n') --end;
  std::size_t start = end;
  std::size_t lines = 0;
  while (start > 0) {
    if (text[start - 1] == '\n' && ++lines == max_lines) break;
    --start;
  }
  return text.substr(start, end - start);
}

}  // namespace perfwarden::util
