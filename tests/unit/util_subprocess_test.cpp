#include <gtest/gtest.h>

#include <csignal>
#include <thread>

#include "util/error.h"
#include "util/files.h"
#include "util/subprocess.h"

namespace perfwarden::util {
namespace {

TEST(UtilSubprocess, CapturesOutputAndExitCode) {
  PosixProcessRunner runner;
  auto ok = runner.run({.argv = {"echo", "hello; rm -rf /"}});  // an argument, never a shell line
  EXPECT_TRUE(ok.succeeded());
  EXPECT_EQ(ok.stdout_text, "hello; rm -rf /\n");
  auto failed = runner.run({.argv = {"false"}});
  EXPECT_FALSE(failed.succeeded());
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_EQ(failed.describe_failure(), "exit code 1");
}

TEST(UtilSubprocess, AWriterWithoutEndIsStoppedAtTheFileSizeLimit) {
  PosixProcessRunner runner;
  TempDir dir("perfwarden-test");
  auto result = runner.run({.argv = {"dd", "if=/dev/zero", "of=" + (dir.path() / "big").string(),
                                     "bs=1M", "count=64", "status=none"},
                            .max_file_bytes = 1u << 20});
  EXPECT_EQ(result.terminating_signal, SIGXFSZ) << result.describe_failure();
  EXPECT_LE(std::filesystem::file_size(dir.path() / "big"), 1u << 20);
}

TEST(UtilSubprocess, CapturedOutputIsBoundedInMemory) {
  PosixProcessRunner runner;
  auto flood = runner.run({.argv = {"dd", "if=/dev/zero", "bs=1M", "count=65", "status=none"}});
  EXPECT_TRUE(flood.succeeded());
  EXPECT_TRUE(flood.stdout_too_large);
  EXPECT_TRUE(flood.stdout_text.empty());
  auto noisy = runner.run(
      {.argv = {"dd", "if=/dev/zero", "of=/dev/stderr", "bs=1M", "count=8", "status=none"}});
  EXPECT_EQ(noisy.stderr_text.size(), kMaxCapturedStderrBytes);  // the tail only
}

// A benchmark that forks a busy loop and exits must not leave it loading the machine while the
// other revision is measured (and output files it holds open do not keep us waiting).
TEST(UtilSubprocess, WhatTheProgramLeftRunningIsKilledWhenItExits) {
  PosixProcessRunner runner;
  TempDir dir("perfwarden-test");
  const auto pid_file = dir.path() / "pid";
  auto result = runner.run({.argv = {"sh", "-c", "sleep 30 & echo $! > " + pid_file.string()},
                            .timeout = std::chrono::seconds(10)});
  ASSERT_TRUE(result.succeeded()) << result.describe_failure();
  EXPECT_LT(result.wall_time, std::chrono::seconds(5));
  const std::string pid = read_text_file(pid_file);
  ASSERT_FALSE(pid.empty());
  // Gone, or a zombie waiting for init to reap it: not running either way.
  for (int i = 0; i < 100; ++i) {
    std::string stat;
    try {
      stat = read_text_file("/proc/" + pid.substr(0, pid.find('\n')) + "/stat");
    } catch (const Error&) {
      break;
    }
    if (stat.find(") Z") != std::string::npos) break;
    ASSERT_LT(i, 99) << "still running: " << stat;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

TEST(UtilSubprocess, TimeoutKillsTheProcess) {
  PosixProcessRunner runner;
  auto result = runner.run({.argv = {"sleep", "30"}, .timeout = std::chrono::milliseconds(200)});
  EXPECT_TRUE(result.timed_out);
  EXPECT_LT(result.wall_time, std::chrono::seconds(5));
  EXPECT_NE(result.describe_failure().find("timed out"), std::string::npos);
}

TEST(UtilSubprocess, ReportsTheTerminatingSignal) {
  PosixProcessRunner runner;
  // A child that kills itself with SIGSEGV (the test's own fixed command line).
  auto result = runner.run({.argv = {"sh", "-c", "kill -SEGV $$"}});
  EXPECT_EQ(result.terminating_signal, SIGSEGV);
  EXPECT_NE(result.describe_failure().find("signal 11"), std::string::npos);
}

TEST(UtilSubprocess, WorkingDirectoryEnvironmentAndOutputFile) {
  PosixProcessRunner runner;
  TempDir dir("pw-test");
  auto log = dir.path() / "log.txt";
  auto result = runner.run({.argv = {"env"},
                            .working_directory = dir.path(),
                            .stdout_path = log,
                            .environment = {{"PW_TEST_VARIABLE", "x y"}}});
  ASSERT_TRUE(result.succeeded());
  EXPECT_TRUE(result.stdout_text.empty());
  EXPECT_NE(read_text_file(log).find("PW_TEST_VARIABLE=x y"), std::string::npos);
  auto pwd = runner.run({.argv = {"pwd"}, .working_directory = dir.path()});
  EXPECT_EQ(pwd.stdout_text, dir.path().string() + "\n");
}

TEST(UtilSubprocess, MissingProgramIsAnInfrastructureError) {
  PosixProcessRunner runner;
  // Both ways of starting a program: posix_spawn, and fork + exec when a file limit is set.
  for (std::optional<std::uint64_t> limit : {std::optional<std::uint64_t>(), {1u << 20}}) {
    try {
      runner.run({.argv = {"perfwarden-no-such-program"}, .max_file_bytes = limit});
      FAIL();
    } catch (const Error& e) {
      EXPECT_EQ(e.exit_code(), ExitCode::kInfrastructure);
      EXPECT_NE(std::string(e.what()).find("perfwarden-no-such-program"), std::string::npos);
    }
  }
  auto limited = runner.run({.argv = {"echo", "limited"}, .max_file_bytes = 1u << 20});
  EXPECT_EQ(limited.stdout_text, "limited\n");
}

TEST(UtilSubprocess, LastLines) {
  EXPECT_EQ(last_lines("a\nb\nc\nd\n", 2), "c\nd");
  EXPECT_EQ(last_lines("a\nb", 5), "a\nb");
  EXPECT_EQ(last_lines("", 3), "");
}

}  // namespace
}  // namespace perfwarden::util
