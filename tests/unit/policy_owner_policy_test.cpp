#include <gtest/gtest.h>

#include "config/gate_config.h"
#include "policy/owner_policy.h"

namespace perfwarden::policy {
namespace {

config::GateConfig policy_config() {
  return config::parse_gate_config(R"({
    "suites": [{"name": "core", "binary": "bench_core"}],
    "owners": [{"name": "Ada Lovelace", "email": "ada@example.com", "maintainer": true},
               {"name": "Grace Hopper", "email": "grace@example.com"},
               {"name": "Linus Dev", "email": "linus@example.com"}],
    "hot_paths": [{"paths": ["src/db/**"], "benchmarks": "BM_Pk.*", "owners": ["grace@example.com"]},
                  {"paths": ["src/db/planner.cpp"], "benchmarks": "BM_Plan.*", "owners": ["ada@example.com"]}]
  })",
                                   "perfwarden.json");
}

git::CommitInfo commit(std::string id, std::string author, std::vector<git::Trailer> trailers,
                       std::vector<std::string> paths) {
  git::CommitInfo info;
  info.id = std::move(id);
  info.author_name = info.committer_name = author;
  info.author_email = info.committer_email =
      author == "Claude" ? "noreply@anthropic.com" : author + "@example.com";
  info.trailers = std::move(trailers);
  info.changed_paths = paths;
  return info;
}

OwnerPolicyInput one_commit(git::CommitInfo c) {
  OwnerPolicyInput input;
  input.changed_paths = c.changed_paths;
  input.commits = {std::move(c)};
  return input;
}

std::vector<std::string> rules(const OwnerPolicyResult& result) {
  std::vector<std::string> ids;
  for (const auto& f : result.findings) ids.push_back(f.rule);
  return ids;
}

const git::Trailer kClaude{"Co-authored-by", "Claude <noreply@anthropic.com>"};
const git::Trailer kGraceOwns{"Owner", "Grace Hopper <grace@example.com>"};

TEST(PolicyOwnerPolicy, HumanChangeWithOwnerTrailerPasses) {
  auto result = evaluate_owner_policy(
      policy_config(), one_commit(commit("c1", "linus", {kGraceOwns}, {"src/db/pager.cpp"})));
  EXPECT_TRUE(result.findings.empty()) << result.findings[0].message;
  EXPECT_EQ(result.hot_paths_changed, (std::vector<std::string>{"src/db/pager.cpp"}));
  EXPECT_EQ(result.owners_named, (std::vector<std::string>{"Grace Hopper <grace@example.com>"}));
}

TEST(PolicyOwnerPolicy, ChangesOutsideHotPathsNeedNoOwner) {
  auto result = evaluate_owner_policy(policy_config(),
                                      one_commit(commit("c1", "Claude", {kClaude}, {"docs/a.md"})));
  EXPECT_TRUE(result.findings.empty());
}

TEST(PolicyOwnerPolicy, HumanChangeWithoutOwnerFails) {
  auto result = evaluate_owner_policy(policy_config(),
                                      one_commit(commit("c1", "linus", {}, {"src/db/pager.cpp"})));
  ASSERT_EQ(rules(result), (std::vector<std::string>{"owner-required"}));
  EXPECT_EQ(result.findings[0].commit, "c1");
  EXPECT_EQ(result.findings[0].paths, (std::vector<std::string>{"src/db/pager.cpp"}));
  EXPECT_NE(result.findings[0].fix.find("naming one of: Grace Hopper <grace@example.com>"),
            std::string::npos)
      << result.findings[0].fix;
}

TEST(PolicyOwnerPolicy, AiCoAuthoredChangeWithoutOwnerFailsWithItsEvidence) {
  auto result = evaluate_owner_policy(
      policy_config(), one_commit(commit("c1", "linus", {kClaude}, {"src/db/pager.cpp"})));
  ASSERT_EQ(rules(result), (std::vector<std::string>{"owner-required"}));
  EXPECT_NE(result.findings[0].message.find("AI-generated"), std::string::npos);
  EXPECT_NE(result.findings[0].message.find("Co-authored-by: Claude"), std::string::npos);
}

TEST(PolicyOwnerPolicy, CliOwnerNamesTheOwnerToo) {
  auto input = one_commit(commit("c1", "linus", {kClaude}, {"src/db/pager.cpp"}));
  input.cli_owners = {"Grace Hopper <grace@example.com>"};
  EXPECT_TRUE(evaluate_owner_policy(policy_config(), input).findings.empty());
}

TEST(PolicyOwnerPolicy, OwnerWhoIsNotListedFails) {
  auto result = evaluate_owner_policy(
      policy_config(),
      one_commit(commit("c1", "linus", {{"Owner", "Mallory <mallory@example.com>"}},
                        {"src/db/pager.cpp"})));
  EXPECT_EQ(rules(result), (std::vector<std::string>{"owner-not-listed", "owner-required"}));
}

TEST(PolicyOwnerPolicy, ListedOwnerOfAnotherPathIsNotEnough) {
  // The last rule wins: planner.cpp belongs to Ada, not Grace.
  auto result = evaluate_owner_policy(
      policy_config(),
      one_commit(commit("c1", "linus", {kGraceOwns}, {"src/db/planner.cpp", "src/db/pager.cpp"})));
  ASSERT_EQ(rules(result), (std::vector<std::string>{"owner-not-listed"}));
  EXPECT_EQ(result.findings[0].paths, (std::vector<std::string>{"src/db/planner.cpp"}));
  EXPECT_NE(result.findings[0].fix.find("Ada Lovelace"), std::string::npos);
}

TEST(PolicyOwnerPolicy, OwnerThatIsABotOrTheAssistantFails) {
  auto bot = evaluate_owner_policy(
      policy_config(),
      one_commit(commit("c1", "linus", {kClaude, {"Owner", "renovate[bot] <bot@renovate.example>"}},
                        {"src/db/a.cpp"})));
  EXPECT_EQ(rules(bot), (std::vector<std::string>{"owner-is-ai-or-bot", "owner-required"}));
  auto claude = evaluate_owner_policy(
      policy_config(),
      one_commit(commit("c1", "linus", {kClaude, {"Owner", kClaude.value}}, {"src/db/a.cpp"})));
  EXPECT_EQ(rules(claude), (std::vector<std::string>{"owner-is-ai-or-bot", "owner-required"}));
  auto garbage = evaluate_owner_policy(
      policy_config(), one_commit(commit("c1", "linus", {{"Owner", "grace"}}, {"src/db/a.cpp"})));
  EXPECT_EQ(rules(garbage), (std::vector<std::string>{"owner-invalid", "owner-required"}));
}

TEST(PolicyOwnerPolicy, AiEvidenceFromAuthorsTrailersAndMarkers) {
  auto ai = config::default_ai_identities();
  EXPECT_NE(ai_evidence(ai, commit("c", "Claude", {}, {})).find("author Claude"),
            std::string::npos);
  EXPECT_EQ(ai_evidence(ai, commit("c", "linus", {{"Generated-by", "some tool"}}, {})),
            "Generated-by: some tool");
  EXPECT_EQ(ai_evidence(ai, commit("c", "linus", {{"ai-assisted", "Yes"}}, {})),
            "ai-assisted: Yes");
  EXPECT_EQ(ai_evidence(ai, commit("c", "linus", {{"AI-Assisted", "no"}}, {})), "");
  EXPECT_EQ(ai_evidence(ai, commit("c", "linus",
                                   {{"Co-authored-by", "Grace Hopper <grace@example.com>"}}, {})),
            "");
  auto bot = commit("c", "linus", {}, {});
  bot.author_name = "dependabot[bot]";
  EXPECT_FALSE(ai_evidence(ai, bot).empty());
}

TEST(PolicyOwnerPolicy, PolicyChangeNeedsAMaintainer) {
  auto input =
      one_commit(commit("c1", "linus", {kGraceOwns}, {"perfwarden.json", "baselines/core.json"}));
  auto result = evaluate_owner_policy(policy_config(), input);
  ASSERT_EQ(rules(result), (std::vector<std::string>{"policy-change-needs-maintainer"}));
  EXPECT_EQ(result.findings[0].paths,
            (std::vector<std::string>{"perfwarden.json", "baselines/core.json"}));
  EXPECT_NE(result.findings[0].fix.find("Ada Lovelace"), std::string::npos);

  input.commits[0].trailers = {{"Owner", "Ada Lovelace <ada@example.com>"}};
  EXPECT_TRUE(evaluate_owner_policy(policy_config(), input).findings.empty());
}

TEST(PolicyOwnerPolicy, WaiverByTheOwnerAcceptsTheRegression) {
  auto c =
      commit("c1", "grace", {kGraceOwns, {"Perf-Waiver", "BM_Pk.*: page cache trade-off, see #12"}},
             {"src/db/pager.cpp"});
  auto input = one_commit(c);
  input.regressions = std::vector<BenchmarkId>{{"core", "BM_PkLookup/64"}};
  auto result = evaluate_owner_policy(policy_config(), input);
  EXPECT_TRUE(result.findings.empty()) << result.findings[0].message;
  ASSERT_EQ(result.waivers.size(), 1u);
  EXPECT_EQ(result.waivers[0].owner, "Grace Hopper <grace@example.com>");
  EXPECT_EQ(result.waivers[0].reason, "page cache trade-off, see #12");
  EXPECT_EQ(result.waivers[0].pattern, "BM_Pk.*");
  EXPECT_TRUE(result.waivable.empty());  // accepted: nothing left to waive
  EXPECT_EQ(
      hot_path_files_for(policy_config(), result.hot_paths_changed, {"core", "BM_PkLookup/64"}),
      (std::vector<std::string>{"src/db/pager.cpp"}));
}

TEST(PolicyOwnerPolicy, WaiverByANonOwnerIsRejected) {
  // Linus is listed but owns no hot path; Ada owns one, but not BM_Pk's.
  auto by_linus =
      commit("c1", "linus", {kGraceOwns, {"Perf-Waiver", "BM_Pk.*: fine"}}, {"src/db/pager.cpp"});
  auto input = one_commit(by_linus);
  input.regressions = std::vector<BenchmarkId>{{"core", "BM_PkLookup/64"}};
  auto result = evaluate_owner_policy(policy_config(), input);
  EXPECT_EQ(rules(result), (std::vector<std::string>{"waiver-not-by-owner"}));
  EXPECT_TRUE(result.waivers.empty());
  // Still a regression: the report says whose waiver would accept it.
  ASSERT_EQ(result.waivable.size(), 1u);
  EXPECT_EQ(result.waivable[0].benchmark.name, "BM_PkLookup/64");
  EXPECT_EQ(result.waivable[0].owners,
            (std::vector<std::string>{"Grace Hopper <grace@example.com>"}));

  auto by_ada =
      commit("c1", "ada", {kGraceOwns, {"Perf-Waiver", "BM_Pk.*: fine"}}, {"src/db/pager.cpp"});
  input = one_commit(by_ada);
  input.regressions = std::vector<BenchmarkId>{{"core", "BM_PkLookup/64"}};
  result = evaluate_owner_policy(policy_config(), input);
  ASSERT_EQ(rules(result), (std::vector<std::string>{"waiver-not-by-owner"}));
  EXPECT_NE(result.findings[0].fix.find("Grace Hopper"), std::string::npos);
  EXPECT_TRUE(result.waivers.empty());

  auto by_claude =
      commit("c1", "Claude", {kGraceOwns, {"Perf-Waiver", "BM_Pk.*: fine"}}, {"src/db/pager.cpp"});
  EXPECT_EQ(rules(evaluate_owner_policy(policy_config(), one_commit(by_claude))),
            (std::vector<std::string>{"waiver-not-by-owner"}));
}

TEST(PolicyOwnerPolicy, MalformedWaiversAreFindings) {
  for (std::string value : {"no reason here", "BM_(: reason", "BM_Pk.*: "}) {
    auto result = evaluate_owner_policy(
        policy_config(),
        one_commit(commit("c1", "grace", {{"Perf-Waiver", value}}, {"docs/a.md"})));
    EXPECT_EQ(rules(result), (std::vector<std::string>{"waiver-invalid"})) << value;
  }
}

TEST(PolicyOwnerPolicy, ControlBytesInUntrustedTextAreShownNotPassedOn) {
  auto result = evaluate_owner_policy(
      policy_config(),
      one_commit(
          commit("c1", "linus", {{"Owner", "Eve \x1b[2J <eve@example.com>"}}, {"src/db/a.cpp"})));
  ASSERT_FALSE(result.findings.empty());
  EXPECT_EQ(result.findings[0].rule, "owner-invalid");
  EXPECT_NE(result.findings[0].message.find("Eve \\x1b[2J"), std::string::npos)
      << result.findings[0].message;
  for (const auto& f : result.findings) EXPECT_EQ(f.message.find('\x1b'), std::string::npos);
}

TEST(PolicyOwnerPolicy, NoOwnersListedMeansThePolicyIsOff) {
  auto config = config::parse_gate_config(R"({"suites": [{"name": "c", "binary": "b"}]})", "f");
  EXPECT_TRUE(evaluate_owner_policy(
                  config, one_commit(commit("c1", "Claude", {kClaude}, {"perfwarden.json"})))
                  .findings.empty());
}

TEST(PolicyOwnerPolicy, AGoneBenchmarkNeedsItsOwnersWaiver) {
  auto input = one_commit(commit("c1", "linus", {}, {"bench/bench_pk.cpp"}));
  input.gone = {{"core", "BM_PkLookup/64"}};
  auto result = evaluate_owner_policy(policy_config(), input);
  ASSERT_EQ(rules(result), (std::vector<std::string>{"benchmark-gone"}));
  EXPECT_NE(
      result.findings[0].message.find("core/BM_PkLookup/64 is in the base and not in the head"),
      std::string::npos)
      << result.findings[0].message;
  EXPECT_NE(result.findings[0].fix.find("Grace Hopper <grace@example.com>"), std::string::npos)
      << result.findings[0].fix;

  // Grace owns BM_Pk.*: her waiver accepts the removal; Linus's does not.
  auto waived = one_commit(commit(
      "c1", "grace", {{"Perf-Waiver", "BM_PkLookup/64: replaced by BM_PkSeek"}}, {"README.md"}));
  waived.gone = input.gone;
  result = evaluate_owner_policy(policy_config(), waived);
  EXPECT_TRUE(result.findings.empty()) << result.findings[0].message;
  ASSERT_EQ(result.waivers.size(), 1u);
  EXPECT_EQ(result.waivers[0].benchmark.name, "BM_PkLookup/64");
  EXPECT_EQ(result.waivers[0].reason, "replaced by BM_PkSeek");

  auto by_linus = one_commit(commit(
      "c1", "linus", {{"Perf-Waiver", "BM_PkLookup/64: replaced by BM_PkSeek"}}, {"README.md"}));
  by_linus.gone = input.gone;
  EXPECT_EQ(rules(evaluate_owner_policy(policy_config(), by_linus)),
            (std::vector<std::string>{"waiver-not-by-owner", "benchmark-gone"}));
}

TEST(PolicyOwnerPolicy, GoneBenchmarksAreGroupedByWhoCanAcceptThem) {
  auto input = one_commit(commit("c1", "linus", {}, {"README.md"}));
  input.gone = {{"core", "BM_PkLookup/64"}, {"core", "BM_PkScan"}, {"core", "BM_Other"}};
  auto result = evaluate_owner_policy(policy_config(), input);
  ASSERT_EQ(rules(result), (std::vector<std::string>{"benchmark-gone", "benchmark-gone"}));
  std::string all = result.findings[0].message + "\n" + result.findings[1].message;
  EXPECT_NE(all.find("2 benchmarks (core/BM_PkLookup/64, core/BM_PkScan) are"), std::string::npos)
      << all;
  EXPECT_NE(all.find("core/BM_Other is"), std::string::npos) << all;
}

TEST(PolicyOwnerPolicy, GoneBenchmarksFailEvenWithoutOwnersUnlessAllowed) {
  auto config = config::parse_gate_config(R"({"suites": [{"name": "c", "binary": "b"}]})", "f");
  OwnerPolicyInput input;
  input.gone = {{"c", "BM_Checksum"}};
  auto result = evaluate_owner_policy(config, input);
  ASSERT_EQ(rules(result), (std::vector<std::string>{"benchmark-gone"}));
  EXPECT_NE(result.findings[0].fix.find("\"allow_gone_benchmarks\": true"), std::string::npos);
  auto allowing = config::parse_gate_config(
      R"({"suites": [{"name": "c", "binary": "b"}], "allow_gone_benchmarks": true})", "f");
  EXPECT_TRUE(evaluate_owner_policy(allowing, input).findings.empty());
}

TEST(PolicyOwnerPolicy, AChangedBenchmarkSourceNeedsAnOwnerOfItsBenchmarks) {
  auto input = one_commit(commit("c1", "linus", {}, {"bench/bench_pk.cpp"}));
  input.benchmark_sources = {{"bench/bench_pk.cpp", {{"core", "BM_PkLookup/64"}}}};
  auto result = evaluate_owner_policy(policy_config(), input);
  ASSERT_EQ(rules(result), (std::vector<std::string>{"benchmark-source-changed"}));
  EXPECT_EQ(result.findings[0].paths, (std::vector<std::string>{"bench/bench_pk.cpp"}));
  EXPECT_NE(result.findings[0].fix.find("naming one of: Grace Hopper"), std::string::npos)
      << result.findings[0].fix;

  auto owned = one_commit(commit("c1", "linus", {kGraceOwns}, {"bench/bench_pk.cpp"}));
  owned.benchmark_sources = input.benchmark_sources;
  EXPECT_TRUE(evaluate_owner_policy(policy_config(), owned).findings.empty());

  // An AI-generated edit is reported with its evidence; a source no rule maps needs a maintainer.
  auto ai = one_commit(commit("c1", "linus", {kClaude}, {"bench/helpers.h"}));
  ai.benchmark_sources = {{"bench/helpers.h", {}}};
  result = evaluate_owner_policy(policy_config(), ai);
  ASSERT_EQ(rules(result), (std::vector<std::string>{"benchmark-source-changed"}));
  EXPECT_NE(result.findings[0].message.find("AI-generated commit"), std::string::npos);
  EXPECT_NE(result.findings[0].fix.find("naming one of: Ada Lovelace"), std::string::npos);
}

TEST(PolicyOwnerPolicy, AHotPathRuleDecidesABenchmarkSourceItMatches) {
  // src/db/** is Grace's hot path: the usual owner-required, not a second finding.
  auto input = one_commit(commit("c1", "linus", {}, {"src/db/bench_pager.cpp"}));
  input.benchmark_sources = {{"src/db/bench_pager.cpp", {{"core", "BM_PkLookup/64"}}}};
  EXPECT_EQ(rules(evaluate_owner_policy(policy_config(), input)),
            (std::vector<std::string>{"owner-required"}));
}

}  // namespace
}  // namespace perfwarden::policy
