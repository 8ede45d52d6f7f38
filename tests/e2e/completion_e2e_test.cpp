// End-to-end: the bash completion script the binary generates, loaded into a real bash and asked
// what it offers at several cursor positions, as a user's Tab would.

#include <gtest/gtest.h>

#include "support/perfwarden_process.h"
#include "util/files.h"
#include "util/subprocess.h"

namespace perfwarden {
namespace {
namespace fs = std::filesystem;

class CompletionE2E : public ::testing::Test {
 protected:
  CompletionE2E() : dir_("perfwarden-e2e-completion") {
    auto run = testing::run_perfwarden(PERFWARDEN_BINARY,
                                       {"completion", "bash", "--output", script().string()},
                                       std::chrono::seconds(30));
    EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
    util::write_file_atomically(dir_.path() / "report.json", "{}");
    util::write_file_atomically(dir_.path() / "results.xml", "");
  }
  fs::path script() const { return dir_.path() / "perfwarden.bash"; }

  // What Tab offers after `line` (the last word is the one being completed), sorted, one space
  // between words.
  std::string complete(const std::string& line) {
    const std::string program =
        "source \"$1\"; read -r -a COMP_WORDS <<< \"$2\"; "
        "[[ \"$2\" == *' ' ]] && COMP_WORDS+=(''); "
        "COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _perfwarden; "
        "printf '%s\\n' \"${COMPREPLY[@]}\" | sort | tr '\\n' ' '";
    util::PosixProcessRunner runner;
    auto result = runner.run({.argv = {"bash", "-c", program, "bash", script().string(), line},
                              .working_directory = dir_.path(),
                              .timeout = std::chrono::seconds(30)});
    EXPECT_TRUE(result.succeeded()) << result.stderr_text;
    std::string words = result.stdout_text;
    while (!words.empty() && words.back() == ' ') words.pop_back();
    return words;
  }
  util::TempDir dir_;
};

TEST_F(CompletionE2E, OffersCommandsOptionsChoicesAndFiles) {
  EXPECT_EQ(complete("perfwarden comp"), "compare completion");
  EXPECT_EQ(complete("perfwarden cache "), "clear list prune");  // a nested level
  EXPECT_EQ(complete("perfwarden compare --ba"), "--base --baseline-dir");
  // The value of an option: its choices when it lists them, files otherwise.
  EXPECT_EQ(complete("perfwarden compare --deterministic "), "auto off");
  EXPECT_EQ(complete("perfwarden compare --json rep"), "report.json");
  // A value is skipped: after `--repo .` come compare's options again, not files.
  EXPECT_NE(complete("perfwarden compare --repo . --he").find("--head"), std::string::npos);
  // Options belong to their command: init has no --base.
  EXPECT_EQ(complete("perfwarden init --ba"), "");
  EXPECT_EQ(complete("perfwarden merge res"), "results.xml");  // positional files
}

}  // namespace
}  // namespace perfwarden
