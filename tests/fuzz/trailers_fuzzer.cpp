// A commit the pull request wrote: input is "<author line>\n<message>". Its trailers, the
// identities in them (Owner:, Co-authored-by:), its AI evidence and its Perf-Waiver patterns go
// through the named-owner policy like a real commit's; findings are printable text.

#include "config/gate_config.h"
#include "fuzz_contract.h"
#include "git/commit_log.h"
#include "git/identity.h"
#include "policy/owner_policy.h"

namespace {

const perfwarden::config::GateConfig& policy_config() {
  static const auto config = perfwarden::config::parse_gate_config(R"({
    "suites": [{"name": "core", "binary": "bench_core"}],
    "owners": [{"name": "Ada Lovelace", "email": "ada@example.com", "maintainer": true},
               {"name": "Grace Hopper", "email": "grace@example.com", "handle": "grace"}],
    "hot_paths": [{"paths": ["src/db/**"], "benchmarks": "BM_Pk.*", "owners": ["grace"]}]
  })",
                                                                   "fuzz config");
  return config;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace perfwarden;
  // Not a structured binding: clang 14 cannot capture one in a lambda.
  const auto parts = fuzz::split_first_line(fuzz::as_text(data, size));
  const std::string_view author = parts.first, message = parts.second;
  git::CommitInfo commit;
  commit.id = std::string(40, 'a');
  if (auto identity = git::parse_identity(author)) {
    commit.author_name = identity->name;
    commit.author_email = identity->email;
  } else {
    commit.author_name = std::string(author);
  }
  commit.committer_name = commit.author_name;
  commit.committer_email = commit.author_email;
  commit.message = std::string(message);
  fuzz::succeeds_or_fails_with(ExitCode::kInfrastructure,
                               [&] { commit.trailers = git::parse_trailers(message); });
  for (const auto& trailer : commit.trailers) (void)git::parse_identity(trailer.value);
  commit.changed_paths = {"src/db/pager.cpp", "perfwarden.json"};

  policy::OwnerPolicyInput input;
  input.commits = {commit};
  input.changed_paths = commit.changed_paths;
  input.cli_owners = {std::string(author)};
  input.regressions =
      std::vector<policy::BenchmarkId>{{"core", "BM_PkLookup/64"}, {"core", "BM_Work"}};
  policy::OwnerPolicyResult result;
  try {
    result = policy::evaluate_owner_policy(policy_config(), input);
  } catch (const std::exception& e) {
    fuzz::violation("the owner policy threw", e.what());
  }
  for (const auto& finding : result.findings) {
    for (char c : finding.message) {
      fuzz::require(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f,
                    "a control byte in a finding", finding.message);
    }
  }
  return 0;
}
