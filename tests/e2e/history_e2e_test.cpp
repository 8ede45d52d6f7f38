// `perfwarden history` end to end: a repository whose baselines/ the test commits refresh by
// refresh (a step up, noise, a step down; another machine class; a broken version; hostile
// names), read by the built binary.

#include <gtest/gtest.h>

#include <cmath>

#include "baseline/baseline_file.h"
#include "git/repo_writer.h"
#include "support/perfwarden_process.h"
#include "util/files.h"
#include "util/utc_time.h"

namespace perfwarden {
namespace {

using testing::CliRun;

constexpr int kRefreshes = 24;
constexpr int kStepUpAt = 8;     // refreshes 8..15 are 10% slower
constexpr int kStepDownAt = 16;  // refreshes 16.. are 5% faster than the start
const std::string kHostileBenchmark = "BM_Evil<script>alert(1)</script>/8";
const std::string kHostileSubject = "refresh <img src=x onerror=alert(1)> @team";

// The level of refresh i, in ns, times a fixed noise of at most +-1%.
double work_level(int i) {
  static constexpr double kNoise[] = {0.0, 0.006, -0.004, 0.009, -0.008, 0.003, -0.005, 0.002};
  const double level = i < kStepUpAt ? 100.0 : (i < kStepDownAt ? 110.0 : 95.0);
  return level * (1.0 + kNoise[i % 8]);
}

// 20 per-round values around `median`, 0.1% apart: their median is `median`.
std::vector<double> rounds_around(double median) {
  std::vector<double> values;
  for (int j = 0; j < 20; ++j) values.push_back(median * (1.0 + (j - 9.5) * 0.001));
  return values;
}

baseline::BaselineFile refresh_file(const std::string& isa_level, int i,
                                    const std::string& measured_commit) {
  baseline::BaselineFile file;
  file.suite = "core";
  file.provenance.owner = "Ada Lovelace <ada@example.com>";
  file.provenance.commit = measured_commit;
  file.provenance.created_at = util::format_utc_time(1'704'067'200 + 3600 * i);
  file.provenance.rounds = 20;
  file.provenance.environment.arch = "x86_64";
  file.provenance.environment.isa_level = isa_level;
  file.provenance.environment.compiler_class = "gcc-12";
  file.machine_class = file.provenance.environment.machine_class();
  if (isa_level == "x86-64-v3") {
    file.benchmarks["BM_Work"]["real_time"] = rounds_around(work_level(i));
    file.benchmarks["BM_Work"]["cpu_time"] = rounds_around(work_level(i) * 0.99);
    const double instructions = i < kStepUpAt ? 5000 : (i < kStepDownAt ? 5500 : 4750);
    file.benchmarks["BM_Work"]["instructions"] = {instructions};
    file.benchmarks[kHostileBenchmark]["real_time"] = rounds_around(50.0 + (i % 3) * 0.2);
  } else {
    // Another machine class, twice as fast: mixed in, it would make change points.
    file.benchmarks["BM_Work"]["real_time"] = rounds_around(55.0 + (i % 2) * 0.3);
  }
  return file;
}

std::string count_of(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
  return std::to_string(count);
}

class HistoryE2E : public ::testing::Test {
 protected:
  HistoryE2E()
      : dir_("perfwarden-history-e2e"), writer_(git::RepoWriter::init(dir_.path() / "repo")) {
    std::int64_t day = 0;
    auto at = [&] { return git::CommitOptions{.unix_time = 1'704'067'200 + 86'400 * day++}; };
    writer_.commit({{"src/work.cpp", "int work() { return 0; }\n"}}, "initial code",
                   git::kDemoIdentity, {}, at());
    const std::string v3 = baseline::baseline_path("core", "x86-64-v3.gcc-12");
    const std::string v4 = baseline::baseline_path("core", "x86-64-v4.gcc-12");
    for (int i = 0; i < kRefreshes; ++i) {
      const std::string code =
          writer_.commit({{"src/work.cpp", "int work() { return " + std::to_string(i) + "; }\n"}},
                         "change the code " + std::to_string(i), git::kDemoIdentity, {}, at());
      const std::string subject =
          i == kStepUpAt ? kHostileSubject : "baselines: refresh " + std::to_string(i);
      refreshes_.push_back(
          writer_.commit({{v3, baseline::serialize_baseline(refresh_file("x86-64-v3", i, code))}},
                         subject, git::Identity{"Ada Lovelace", "ada@example.com"}, {}, at()));
      if (i % 5 == 0) {
        writer_.commit({{v4, baseline::serialize_baseline(refresh_file("x86-64-v4", i, code))}},
                       "baselines: the v4 runner " + std::to_string(i), git::kDemoIdentity, {},
                       at());
      }
      if (i == 11) {
        broken_ = writer_.commit({{v3, "{\"schema\": 1, \"suite\": \"core\", \"bench"}},
                                 "baselines: a truncated refresh", git::kDemoIdentity, {}, at());
      }
    }
  }

  std::filesystem::path repo() const { return dir_.path() / "repo"; }
  std::filesystem::path out(const std::string& name) const { return dir_.path() / name; }

  CliRun history(std::vector<std::string> args) {
    args.insert(args.begin(), {"history", "--repo", repo().string()});
    return testing::run_perfwarden(PERFWARDEN_BINARY, args);
  }

  static const nlohmann::json* series(const nlohmann::json& report, const std::string& benchmark,
                                      const std::string& metric,
                                      const std::string& machine_class = "x86-64-v3.gcc-12") {
    for (const auto& s : report["series"]) {
      if (s["benchmark"] == benchmark && s["metric"] == metric &&
          s["machine_class"] == machine_class) {
        return &s;
      }
    }
    return nullptr;
  }

  util::TempDir dir_;
  git::RepoWriter writer_;
  std::vector<std::string> refreshes_;  // the v3 refresh commits, in order
  std::string broken_;
};

TEST_F(HistoryE2E, FindsTheStepsKeepsMachineClassesApartAndSkipsTheBrokenVersion) {
  CliRun run = history({"--json", out("h.json").string(), "--markdown", out("h.md").string(),
                        "--html", out("h.html").string()});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const nlohmann::json report = testing::read_json(out("h.json"));
  EXPECT_EQ(report["schema"], "perfwarden.history/1");

  // Known change points: the step up at refresh 8 and the step down at refresh 16, in each
  // metric of BM_Work; none in the noise of the hostile benchmark or on the other machine.
  for (const std::string metric : {"real_time", "cpu_time", "instructions"}) {
    const nlohmann::json* work = series(report, "BM_Work", metric);
    ASSERT_NE(work, nullptr) << metric;
    EXPECT_EQ((*work)["points"].size(), static_cast<std::size_t>(kRefreshes)) << metric;
    const auto& found = (*work)["change_points"];
    ASSERT_EQ(found.size(), 2u) << metric << ": " << found.dump(2);
    EXPECT_EQ(found[0]["index"], kStepUpAt);
    EXPECT_EQ(found[0]["commit"], refreshes_[kStepUpAt]);
    EXPECT_EQ(found[1]["index"], kStepDownAt);
    EXPECT_EQ(found[1]["commit"], refreshes_[kStepDownAt]);
    EXPECT_NEAR(found[0]["change_percent"].get<double>(), 10.0, 0.5) << metric;
    EXPECT_NEAR(found[1]["change_percent"].get<double>(), -13.6, 0.5) << metric;
    EXPECT_LE(found[0]["p_value"].get<double>(), 0.001);
    if (metric == "instructions") {
      EXPECT_EQ(found[0]["p_value"], 0.0);  // deterministic
    }
    std::printf("BM_Work [%s]: change points at %s (known: %d, %d)\n", metric.c_str(),
                found.dump().c_str(), kStepUpAt, kStepDownAt);
  }
  const nlohmann::json* hostile = series(report, kHostileBenchmark, "real_time");
  ASSERT_NE(hostile, nullptr);
  EXPECT_TRUE((*hostile)["change_points"].empty()) << hostile->dump(2);
  const nlohmann::json* other = series(report, "BM_Work", "real_time", "x86-64-v4.gcc-12");
  ASSERT_NE(other, nullptr);
  EXPECT_EQ((*other)["points"].size(), 5u);  // refreshes 0, 5, 10, 15, 20
  EXPECT_TRUE((*other)["change_points"].empty());
  EXPECT_EQ(report["series"].size(), 5u);
  EXPECT_EQ((*series(report, "BM_Work", "real_time"))["points"][0]["owner"],
            "Ada Lovelace <ada@example.com>");

  // The broken version: a warning naming its commit and file, in every output.
  ASSERT_EQ(report["warnings"].size(), 1u);
  const std::string warning = report["warnings"][0];
  EXPECT_NE(warning.find("baselines/core.x86-64-v3.gcc-12.json at commit " + broken_.substr(0, 12)),
            std::string::npos)
      << warning;
  EXPECT_NE(run.out.find("warning: baselines/core.x86-64-v3.gcc-12.json"), std::string::npos);

  // The terminal summary says what changed where.
  EXPECT_NE(run.out.find("+10.0% at " + refreshes_[kStepUpAt].substr(0, 12)), std::string::npos)
      << run.out;

  // HTML: one plot per series; hostile names and subjects are text, not markup.
  const std::string html = util::read_text_file(out("h.html"));
  EXPECT_EQ(count_of(html, "<svg"), "5");
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_NE(html.find("BM_Evil&lt;script&gt;alert(1)&lt;/script&gt;/8"), std::string::npos);
  EXPECT_NE(html.find("refresh &lt;img src=x onerror=alert(1)&gt; @team"), std::string::npos);
  EXPECT_NE(html.find("href=\"#commit-" + refreshes_[kStepUpAt] + "\""), std::string::npos);
  EXPECT_NE(html.find("<tr id=\"commit-" + refreshes_[kStepUpAt] + "\">"), std::string::npos);

  const std::string markdown = util::read_text_file(out("h.md"));
  EXPECT_NE(markdown.find("refresh \\<img src=x onerror=alert\\(1\\)\\> @\u200Bteam"),
            std::string::npos);  // text, not an element or a mention
  EXPECT_EQ(markdown.find(" <img"), std::string::npos);
  EXPECT_EQ(markdown.find("@team"), std::string::npos);
  EXPECT_NE(markdown.find("### Change points"), std::string::npos);
}

TEST_F(HistoryE2E, SelectionAndCommitLinks) {
  CliRun run = history({"--benchmark", "BM_W.*", "--metric", "real_time", "--since", "2024-01-30",
                        "--commit-url", "https://example.com/r/commit/{sha}", "--json",
                        out("sel.json").string(), "--html", out("sel.html").string()});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const nlohmann::json report = testing::read_json(out("sel.json"));
  ASSERT_EQ(report["series"].size(), 2u);  // BM_Work on each machine class
  EXPECT_EQ(report["since"], "2024-01-30T00:00:00Z");
  const nlohmann::json* work = series(report, "BM_Work", "real_time");
  ASSERT_NE(work, nullptr);
  for (const auto& p : (*work)["points"]) EXPECT_GE(p["time"].get<std::string>(), "2024-01-30");
  EXPECT_LT((*work)["points"].size(), static_cast<std::size_t>(kRefreshes));
  const std::string html = util::read_text_file(out("sel.html"));
  EXPECT_EQ(count_of(html, "<svg"), "2");
  EXPECT_NE(html.find("href=\"https://example.com/r/commit/"), std::string::npos);
}

TEST_F(HistoryE2E, BadInputIsAUsageErrorThatSaysWhatExists) {
  CliRun bad_rev = history({"--rev", "no-such-branch"});
  EXPECT_EQ(bad_rev.exit_code, 2) << bad_rev.err;
  EXPECT_NE(bad_rev.err.find("unknown revision 'no-such-branch'"), std::string::npos);
  CliRun bad_since = history({"--since", "last tuesday"});
  EXPECT_EQ(bad_since.exit_code, 2);
  EXPECT_NE(bad_since.err.find("--since 2024-01-01"), std::string::npos) << bad_since.err;
  CliRun future = history({"--since", "2100-01-01"});
  EXPECT_EQ(future.exit_code, 2);
  EXPECT_NE(future.err.find("no baseline refresh since"), std::string::npos) << future.err;
  CliRun suite = history({"--suite", "nope"});
  EXPECT_EQ(suite.exit_code, 2);
  EXPECT_NE(suite.err.find("no baseline of suite 'nope'"), std::string::npos) << suite.err;
  EXPECT_NE(suite.err.find("stored: core"), std::string::npos) << suite.err;
  CliRun benchmark = history({"--benchmark", "Work"});
  EXPECT_EQ(benchmark.exit_code, 2);
  EXPECT_NE(benchmark.err.find("stored: BM_Evil"), std::string::npos) << benchmark.err;
  EXPECT_NE(benchmark.err.find("BM_Work"), std::string::npos);
  EXPECT_EQ(history({"--benchmark", "BM_(unclosed"}).exit_code, 2);
  EXPECT_EQ(history({"--commit-url", "javascript:alert(1)//{sha}"}).exit_code, 2);
  EXPECT_EQ(history({"--commit-url", "https://example.com/commit/"}).exit_code, 2);
  EXPECT_EQ(history({"--metric", "wall"}).exit_code, 2);
  EXPECT_EQ(
      testing::run_perfwarden(PERFWARDEN_BINARY, {"history", "--repo", out("no-such-dir").string()})
          .exit_code,
      2);

  util::TempDir empty("perfwarden-history-empty");
  git::RepoWriter plain = git::RepoWriter::init(empty.path() / "repo");
  plain.commit({{"a.txt", "1"}}, "no baselines here");
  CliRun none = testing::run_perfwarden(PERFWARDEN_BINARY,
                                        {"history", "--repo", (empty.path() / "repo").string()});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("perfwarden baseline update"), std::string::npos) << none.err;

  // A report that cannot be written is the machine's problem, not the user's input.
  CliRun unwritable = history({"--json", (repo() / "src" / "work.cpp" / "h.json").string()});
  EXPECT_EQ(unwritable.exit_code, 3) << unwritable.err;
}

}  // namespace
}  // namespace perfwarden
