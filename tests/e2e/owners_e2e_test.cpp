// End-to-end: the named-owner policy through the built binary, on real repositories whose
// commits carry crafted trailers and authors. `perfwarden owners` for the rules (no builds);
// two `compare` runs for waivers on a real regression.

#include <gtest/gtest.h>

#include <filesystem>

#include "git/repo_writer.h"
#include "support/perfwarden_process.h"
#include "support/sample_project.h"
#include "util/files.h"

namespace perfwarden {
namespace {

using testing::CliRun;

const git::Identity kAda{"Ada Lovelace", "ada@example.com"};      // maintainer, owns the planner
const git::Identity kGrace{"Grace Hopper", "grace@example.com"};  // owns src/db/**
const git::Identity kLinus{"Linus Dev", "linus@example.com"};     // listed, owns nothing

constexpr const char* kOwners = R"(
  "owners": [{"name": "Ada Lovelace", "email": "ada@example.com", "maintainer": true},
             {"name": "Grace Hopper", "email": "grace@example.com", "handle": "grace"},
             {"name": "Linus Dev", "email": "linus@example.com"}])";

std::string policy_config() {
  return std::string(R"({
  "suites": [{"name": "core", "binary": "bench_core"}],)") +
         kOwners + R"(,
  "hot_paths": [
    {"paths": ["src/db/**"], "benchmarks": "BM_Pk.*", "owners": ["grace"]},
    {"paths": ["src/db/planner.cpp"], "benchmarks": "BM_Plan.*", "owners": ["ada@example.com"]}
  ]
}
)";
}

class OwnersE2E : public ::testing::Test {
 protected:
  OwnersE2E()
      : dir_("perfwarden-owners-e2e"), writer_(git::RepoWriter::init(dir_.path() / "repo")) {}

  std::string base() {
    return writer_.commit({{"perfwarden.json", policy_config()},
                           {"src/db/pager.cpp", "// pager\n"},
                           {"src/db/planner.cpp", "// planner\n"},
                           {"docs/guide.md", "# guide\n"}},
                          "base\n", kAda);
  }

  std::string change(const std::string& path, const std::string& message,
                     const git::Identity& author) {
    return writer_.commit(
        {{path, "// changed by " + author.name + " " + std::to_string(++edits_) + "\n"}}, message,
        author);
  }

  CliRun owners(const std::string& base_rev, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"owners", "--repo", repo().string(),
                                     "--base", base_rev, "--head",
                                     "main",   "--json", json_path().string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return testing::run_perfwarden(PERFWARDEN_BINARY, args, std::chrono::seconds(60));
  }

  nlohmann::json findings() { return testing::read_json(json_path())["findings"]; }

  std::filesystem::path repo() const { return dir_.path() / "repo"; }
  std::filesystem::path json_path() const { return dir_.path() / "report.json"; }

  util::TempDir dir_;
  git::RepoWriter writer_;
  int edits_ = 0;
};

TEST_F(OwnersE2E, HumanChangeWithOwnerTrailerPasses) {
  base();
  change("src/db/pager.cpp", "pager: batch reads\n\nOwner: Grace Hopper <grace@example.com>\n",
         kLinus);
  CliRun run = owners("main~1");
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(findings().empty()) << findings().dump(2);
  EXPECT_EQ(testing::read_json(json_path())["verdict"], "pass");
}

TEST_F(OwnersE2E, ChangeOutsideHotPathsNeedsNoOwner) {
  base();
  change("docs/guide.md", "docs\n\nCo-authored-by: Claude <noreply@anthropic.com>\n", kLinus);
  CliRun run = owners("main~1");
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
}

TEST_F(OwnersE2E, AiCoAuthoredChangeWithoutOwnerFails) {
  base();
  std::string ai =
      change("src/db/pager.cpp",
             "pager: faster\n\nCo-authored-by: Claude <noreply@anthropic.com>\n", kLinus);
  CliRun run = owners("main~1");
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  auto found = findings();
  ASSERT_EQ(found.size(), 1u) << found.dump(2);
  EXPECT_EQ(found[0]["rule"], "owner-required");
  EXPECT_EQ(found[0]["commit"], ai);
  EXPECT_EQ(found[0]["paths"], nlohmann::json::array({"src/db/pager.cpp"}));
  EXPECT_NE(found[0]["message"].get<std::string>().find("Co-authored-by: Claude"),
            std::string::npos);
  EXPECT_NE(found[0]["fix"].get<std::string>().find("add `Owner: Name <email>`"),
            std::string::npos);
  EXPECT_NE(found[0]["fix"].get<std::string>().find("Grace Hopper <grace@example.com>"),
            std::string::npos);
  EXPECT_NE(run.out.find("owner-required"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("FAIL"), std::string::npos) << run.out;
  // Nothing was built, so the report does not describe builds ("builds: base 0.0 s, ...").
  EXPECT_EQ(run.out.find("builds:"), std::string::npos) << run.out;

  // CI names the owner from the pull request instead of a trailer.
  CliRun with_cli = owners("main~1", {"--owner", "Grace Hopper <grace@example.com>"});
  EXPECT_EQ(with_cli.exit_code, 0) << with_cli.out << with_cli.err;
}

// --color: always styles the report (even under the tests' NO_COLOR, which only auto honours),
// never does not, and a value that is neither names the three it takes.
TEST_F(OwnersE2E, ColorAlwaysNeverAndAWrongValue) {
  base();
  change("src/db/pager.cpp", "pager: faster\n\nCo-authored-by: Claude <noreply@anthropic.com>\n",
         kLinus);
  CliRun always = owners("main~1", {"--color", "ALWAYS"});
  ASSERT_EQ(always.exit_code, 1) << always.out << always.err;
  EXPECT_NE(always.out.find("\x1b["), std::string::npos) << always.out;
  CliRun never = owners("main~1", {"--color", "never"});
  ASSERT_EQ(never.exit_code, 1) << never.out << never.err;
  EXPECT_EQ(never.out.find("\x1b["), std::string::npos) << never.out;
  CliRun wrong = owners("main~1", {"--color", "sometimes"});
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_NE(wrong.err.find("'sometimes' is none of auto, always, never"), std::string::npos)
      << wrong.err;
}

TEST_F(OwnersE2E, BotAuthoredChangeWithoutOwnerFails) {
  base();
  change("src/db/pager.cpp", "bump\n",
         {"renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com"});
  CliRun run = owners("main~1");
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_EQ(findings()[0]["rule"], "owner-required");
  EXPECT_NE(findings()[0]["message"].get<std::string>().find("renovate[bot]"), std::string::npos);
}

TEST_F(OwnersE2E, OwnerWhoIsNotListedFails) {
  base();
  change("src/db/pager.cpp",
         "pager\n\nCo-authored-by: Claude <noreply@anthropic.com>\nOwner: Mallory "
         "<mallory@example.com>\n",
         kLinus);
  CliRun run = owners("main~1");
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_EQ(findings()[0]["rule"], "owner-not-listed") << findings().dump(2);
  EXPECT_NE(findings()[0]["message"].get<std::string>().find("Mallory"), std::string::npos);
}

TEST_F(OwnersE2E, OwnerOfAnotherHotPathIsNotEnoughAndTheLastRuleWins) {
  base();
  // planner.cpp matches both rules; the later one (Ada's) decides.
  change("src/db/planner.cpp", "planner\n\nOwner: Grace Hopper <grace@example.com>\n", kLinus);
  CliRun run = owners("main~1");
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_EQ(findings()[0]["rule"], "owner-not-listed");
  EXPECT_NE(findings()[0]["fix"].get<std::string>().find("Ada Lovelace"), std::string::npos);
  EXPECT_EQ(owners("main~1", {"--owner", "Ada Lovelace <ada@example.com>"}).exit_code, 0);
}

TEST_F(OwnersE2E, OwnerThatIsABotFails) {
  base();
  change("src/db/pager.cpp",
         "pager\n\nCo-authored-by: Claude <noreply@anthropic.com>\n"
         "Owner: helper[bot] <helper[bot]@users.noreply.github.com>\n",
         kLinus);
  CliRun run = owners("main~1");
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_EQ(findings()[0]["rule"], "owner-is-ai-or-bot") << findings().dump(2);

  // The assistant cannot vouch for itself either, not even from the command line.
  CliRun self = owners("main~1", {"--owner", "Claude <noreply@anthropic.com>"});
  EXPECT_EQ(self.exit_code, 1);
  EXPECT_EQ(findings()[1]["rule"], "owner-is-ai-or-bot") << findings().dump(2);
}

TEST_F(OwnersE2E, ConfigEditWithoutAMaintainerFails) {
  base();
  change("perfwarden.json", "relax the gate\n\nOwner: Grace Hopper <grace@example.com>\n", kGrace);
  CliRun run = owners("main~1");
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  ASSERT_EQ(findings().size(), 1u) << findings().dump(2);
  EXPECT_EQ(findings()[0]["rule"], "policy-change-needs-maintainer");
  EXPECT_EQ(findings()[0]["paths"], nlohmann::json::array({"perfwarden.json"}));
  EXPECT_NE(findings()[0]["fix"].get<std::string>().find("Ada Lovelace <ada@example.com>"),
            std::string::npos);
}

TEST_F(OwnersE2E, BaselineEditWithAMaintainerPasses) {
  base();
  change("baselines/core.json", "refresh baseline\n\nOwner: Ada Lovelace <ada@example.com>\n",
         kLinus);
  CliRun run = owners("main~1");
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
}

TEST_F(OwnersE2E, WaiverByANonOwnerIsRejected) {
  base();
  change("src/db/pager.cpp",
         "pager\n\nOwner: Grace Hopper <grace@example.com>\nPerf-Waiver: BM_Pk.*: trust me\n",
         kLinus);
  CliRun run = owners("main~1");
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  ASSERT_EQ(findings().size(), 1u) << findings().dump(2);
  EXPECT_EQ(findings()[0]["rule"], "waiver-not-by-owner");
  EXPECT_NE(findings()[0]["message"].get<std::string>().find("Linus Dev"), std::string::npos);
}

TEST_F(OwnersE2E, WaiverByTheOwnerPasses) {
  base();
  change(
      "src/db/pager.cpp",
      "pager\n\nOwner: Grace Hopper <grace@example.com>\nPerf-Waiver: BM_Pk.*: cache trade-off\n",
      kGrace);
  CliRun run = owners("main~1");
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
}

TEST_F(OwnersE2E, OnlyTheChangeSinceTheMergeBaseCounts) {
  std::string fork = base();
  writer_.create_branch("feature", fork);
  change("src/db/pager.cpp", "main moves on\n\nOwner: Grace Hopper <grace@example.com>\n", kGrace);
  writer_.checkout_branch("feature");
  change("docs/guide.md", "docs only\n", kLinus);
  CliRun run = testing::run_perfwarden(
      PERFWARDEN_BINARY, {"owners", "--repo", repo().string(), "--base", "main", "--head",
                          "feature", "--json", json_path().string()});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
}

TEST_F(OwnersE2E, TrailersAreDataNeverExecuted) {
  base();
  const auto marker = dir_.path() / "pwned";
  change("src/db/pager.cpp",
         "pager\n\nOwner: $(touch " + marker.string() +
             ") <`id`@example.com>\nPerf-Waiver: x\x1b[31m: y\n",
         kLinus);
  CliRun run = owners("main~1");
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_FALSE(std::filesystem::exists(marker));
  auto found = findings();  // valid JSON with the text as data
  bool quoted = false;
  for (const auto& f : found)
    quoted |= f["message"].get<std::string>().find("$(touch") != std::string::npos;
  EXPECT_TRUE(quoted) << found.dump(2);
  EXPECT_EQ(run.out.find('\x1b'), std::string::npos) << "no raw escape byte reaches the terminal";
}

TEST_F(OwnersE2E, ConfigWithoutOwnersIsAUsageError) {
  writer_.commit({{"perfwarden.json", R"({"suites": [{"name": "core", "binary": "b"}]})"}},
                 "base\n", kAda);
  change("src/a.cpp", "x\n", kLinus);
  CliRun run = owners("main~1");
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_NE(run.err.find("owners"), std::string::npos) << run.err;
}

TEST_F(OwnersE2E, UnknownHotPathOwnerIsAConfigError) {
  writer_.commit({{"perfwarden.json",
                   std::string(R"({"suites": [{"name": "core", "binary": "b"}],)") + kOwners +
                       R"(, "hot_paths": [{"paths": ["src/**"], "owners": ["nobody"]}]})"}},
                 "base\n", kAda);
  change("src/a.cpp", "x\n", kLinus);
  CliRun run = owners("main~1");
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_NE(run.err.find("field 'hot_paths[0].owners[0]'"), std::string::npos) << run.err;
}

// compare: an owner's waiver turns a real, measured regression into an accepted one.
class OwnersCompareE2E : public OwnersE2E {
 protected:
  static std::string compare_config() {
    return std::string(R"({
  "suites": [{"name": "core", "binary": "bench_core"}],
  "thresholds": {"default": 0.05},
  "measure": {"rounds": 10, "min_time": 0.01, "timeout_seconds": 60},)") +
           kOwners + R"(,
  "hot_paths": [{"paths": ["bench.cpp"], "benchmarks": "BM_Work", "owners": ["grace@example.com"]}]
}
)";
  }

  CliRun slow_head_with_waiver_by(const git::Identity& author) {
    testing::SampleProject project;
    project.config = compare_config();
    writer_.commit(project.files(), "base\n", kAda);
    project.work *= 2;
    writer_.commit(
        project.files(),
        "work: twice the steps for exactness\n\nOwner: Grace Hopper <grace@example.com>\n"
        "Perf-Waiver: BM_Work: exactness over speed, agreed in review\n",
        author);
    return testing::run_perfwarden(
        PERFWARDEN_BINARY,
        {"compare", "--repo", repo().string(), "--base", "main~1", "--head", "main", "--json",
         json_path().string(), "--cache-dir", (dir_.path() / "cache").string()});
  }
};

TEST_F(OwnersCompareE2E, WaiverByTheOwnerAcceptsARealRegression) {
  CliRun run = slow_head_with_waiver_by(kGrace);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  auto report = testing::read_json(json_path());
  EXPECT_EQ(report["verdict"], "pass");
  auto work = testing::find_benchmark(report, "BM_Work");
  ASSERT_EQ(work["verdict"], "regression") << report.dump(2);
  ASSERT_FALSE(work["waiver"].is_null()) << work.dump(2);
  EXPECT_EQ(work["waiver"]["owner"], "Grace Hopper <grace@example.com>");
  EXPECT_EQ(work["waiver"]["reason"], "exactness over speed, agreed in review");
  EXPECT_EQ(work["hot_path_files"], nlohmann::json::array({"bench.cpp"}));
  EXPECT_TRUE(report["findings"].empty()) << report["findings"].dump(2);
  EXPECT_NE(run.out.find("accepted by Grace Hopper"), std::string::npos) << run.out;
}

TEST_F(OwnersCompareE2E, WaiverByANonOwnerStillFails) {
  CliRun run = slow_head_with_waiver_by(kAda);  // a maintainer, but not BM_Work's owner
  ASSERT_EQ(run.exit_code, 1) << run.out << run.err;
  auto report = testing::read_json(json_path());
  auto work = testing::find_benchmark(report, "BM_Work");
  EXPECT_EQ(work["verdict"], "regression") << report.dump(2);
  EXPECT_TRUE(work["waiver"].is_null());
  ASSERT_EQ(report["findings"].size(), 1u) << report["findings"].dump(2);
  EXPECT_EQ(report["findings"][0]["rule"], "waiver-not-by-owner");
  EXPECT_NE(report["findings"][0]["fix"].get<std::string>().find("Grace Hopper"),
            std::string::npos);
  // The report says who may accept the regression, and with which trailer.
  EXPECT_EQ(work["waivable_by"], nlohmann::json::array({"Grace Hopper <grace@example.com>"}));
  EXPECT_NE(run.out.find("To accept it as intended, Grace Hopper <grace@example.com> adds "
                         "`Perf-Waiver: BM_Work: <why it is intended>`"),
            std::string::npos)
      << run.out;
}

TEST_F(OwnersCompareE2E, AHeadThatDoesNotBuildStillGetsItsPolicyFindings) {
  testing::SampleProject project;
  project.config = compare_config();
  writer_.commit(project.files(), "base\n", kAda);
  project.compile_error = true;
  writer_.commit(project.files(),
                 "tweak the hot loop\n\nCo-authored-by: Claude <noreply@anthropic.com>\n", kAda);
  CliRun run = testing::run_perfwarden(
      PERFWARDEN_BINARY,
      {"compare", "--repo", repo().string(), "--base", "main~1", "--head", "main", "--json",
       json_path().string(), "--cache-dir", (dir_.path() / "cache").string()});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  auto report = testing::read_json(json_path());
  ASSERT_EQ(report["failures"].size(), 1u) << report.dump(2);
  ASSERT_FALSE(report["findings"].empty()) << report.dump(2);
  EXPECT_EQ(report["findings"][0]["rule"], "owner-required");
}

}  // namespace
}  // namespace perfwarden
