#include "policy/owner_policy.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "config/glob.h"
#include "git/identity.h"
#include "git/text_limits.h"
#include "util/pattern.h"

namespace perfwarden::policy {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return std::string(text);
}

// Untrusted text (trailers, names from commits) as it appears in a finding: control bytes as
// \xNN so that no output, a terminal included, can be steered by it. Markup is the renderers' job.
std::string shown(std::string_view text) { return git::printable(text); }

std::string describe(const config::Person& person) {
  return person.name + " <" + person.email + ">";
}

// "a, b, c and 4 more": findings stay readable when a change touches hundreds of files.
std::string join(const std::vector<std::string>& items, std::size_t limit = 8) {
  std::string text;
  for (std::size_t i = 0; i < items.size() && i < limit; ++i) text += (i ? ", " : "") + items[i];
  if (items.size() > limit) text += " and " + std::to_string(items.size() - limit) + " more";
  return text;
}

std::string people(const config::Owners& owners, const std::set<std::string>& emails) {
  std::vector<std::string> names;
  for (const auto& person : owners.people) {
    if (emails.count(person.email)) names.push_back(describe(person));
  }
  return names.empty() ? "(nobody: list one in \"owners\")" : join(names, 20);
}

bool has_key(const git::Trailer& trailer, std::string_view key) {
  return iequals(trailer.key, key);
}

// A changed file that needs a named owner: a hot path (decided by its rule), or a file that
// defines benchmarks no hot-path rule decides.
struct ChangedHotPath {
  std::string path;
  std::set<std::string> owners;  // emails of who may own the change
  bool benchmark_source = false;
};

struct Waiver {
  std::string pattern;
  util::Pattern regex;
  std::string reason;
  std::string author;  // "Name <email>"
  std::string author_email;
  std::string commit;
};

bool waiver_matches(const Waiver& waiver, const BenchmarkId& benchmark) {
  return waiver.regex.matches(benchmark.name) ||
         waiver.regex.matches(benchmark.suite + "/" + benchmark.name);
}

std::string label(const BenchmarkId& benchmark) {
  return shown(benchmark.suite.empty() ? benchmark.name : benchmark.suite + "/" + benchmark.name);
}

std::string gone_message(const std::vector<BenchmarkId>& gone) {
  std::vector<std::string> names;
  for (const auto& b : gone) names.push_back(label(b));
  return (gone.size() == 1
              ? names.front() + " is"
              : std::to_string(gone.size()) + " benchmarks (" + join(names) + ") are") +
         " in the base and not in the head (deleted, renamed, filtered out or skipped): a change "
         "may drop a gated benchmark only with its owner's consent";
}

std::string gone_example(const std::vector<BenchmarkId>& gone) {
  return "`Perf-Waiver: " + shown(gone.front().name) + ": <why, e.g. replaced by " +
         shown(gone.front().name) + "V2>`";
}

class Evaluation {
 public:
  Evaluation(const config::GateConfig& config, const OwnerPolicyInput& input)
      : config_(config), input_(input) {}

  OwnerPolicyResult run() {
    for (const auto& path : input_.changed_paths) {
      const config::HotPathRule* rule = config_.hot_paths.rule_for(path);
      if (rule != nullptr && !rule->owners.empty()) {
        changed_hot_.push_back({path, {rule->owners.begin(), rule->owners.end()}, false});
        result_.hot_paths_changed.push_back(path);
      }
      if (is_policy_path(path)) policy_paths_.push_back(path);
    }
    // A file defining benchmarks needs an owner like a hot path, unless a hot-path rule already
    // decides it (owns it, or explicitly takes it out with empty owners).
    for (const auto& source : input_.benchmark_sources) {
      if (config_.hot_paths.rule_for(source.path) != nullptr) continue;
      std::set<std::string> owners;
      for (const auto& benchmark : source.benchmarks) {
        auto of = rule_owners(benchmark);
        owners.insert(of.begin(), of.end());
      }
      if (owners.empty()) owners = maintainer_emails();
      changed_hot_.push_back({source.path, std::move(owners), true});
    }
    if (!changed_hot_.empty() || !policy_paths_.empty()) check_named_owners();
    check_hot_path_coverage(/*benchmark_sources=*/false);
    check_hot_path_coverage(/*benchmark_sources=*/true);
    check_policy_change();
    check_waivers();
    return std::move(result_);
  }

 private:
  void add(std::string rule, std::string commit, std::vector<std::string> paths,
           std::string message, std::string fix) {
    result_.findings.push_back(
        {std::move(rule), std::move(commit), std::move(paths), std::move(message), std::move(fix)});
  }

  std::vector<std::string> paths_needing_owner() const {
    std::vector<std::string> paths;
    for (const auto& hot : changed_hot_) paths.push_back(hot.path);
    paths.insert(paths.end(), policy_paths_.begin(), policy_paths_.end());
    return paths;
  }

  static std::set<std::string> owners_of(const std::vector<ChangedHotPath>& hot) {
    std::set<std::string> emails;
    for (const auto& h : hot) emails.insert(h.owners.begin(), h.owners.end());
    return emails;
  }

  std::set<std::string> maintainer_emails() const {
    std::set<std::string> emails;
    for (const auto* person : config_.owners.maintainers()) emails.insert(person->email);
    return emails;
  }

  std::string owner_fix(const std::set<std::string>& emails) const {
    return "add `Owner: Name <email>` to a commit message (or pass --owner from the pull request) "
           "naming one of: " +
           people(config_.owners, emails);
  }

  // The latest commit that changed any of `paths`, or "".
  std::string last_commit_touching(const std::vector<std::string>& paths) const {
    for (auto commit = input_.commits.rbegin(); commit != input_.commits.rend(); ++commit) {
      for (const auto& path : paths) {
        if (std::find(commit->changed_paths.begin(), commit->changed_paths.end(), path) !=
            commit->changed_paths.end()) {
          return commit->id;
        }
      }
    }
    return {};
  }

  // Rules 1 and 2: who is named, and is each of them an accountable, listed human?
  void check_named_owners() {
    struct Named {
      std::string text, source, commit;
    };
    std::vector<Named> named;
    for (const auto& commit : input_.commits) {
      for (const auto& trailer : commit.trailers) {
        if (has_key(trailer, kOwnerTrailer)) {
          named.push_back({trailer.value, "an Owner: trailer", commit.id});
        }
      }
    }
    for (const auto& text : input_.cli_owners) named.push_back({text, "--owner", ""});

    std::set<std::string> wanted = owners_of(changed_hot_);
    if (!policy_paths_.empty()) {
      auto maintainers = maintainer_emails();
      wanted.insert(maintainers.begin(), maintainers.end());
    }
    for (const auto& n : named) {
      auto identity = git::parse_identity(n.text);
      if (!identity) {
        add("owner-invalid", n.commit, paths_needing_owner(),
            "owner '" + shown(n.text) + "' given by " + n.source +
                " is not of the form 'Name <email>'",
            owner_fix(wanted));
        continue;
      }
      if (auto pattern = config_.ai_identities.match(identity->name, identity->email);
          !pattern.empty()) {
        add("owner-is-ai-or-bot", n.commit, paths_needing_owner(),
            "owner '" + shown(n.text) + "' given by " + n.source +
                " is an AI assistant or a bot (matches '" + pattern +
                "'); the accountable owner must be a human",
            owner_fix(wanted));
        continue;
      }
      const config::Person* person = config_.owners.find_by_email(identity->email);
      if (person == nullptr) {
        add("owner-not-listed", n.commit, paths_needing_owner(),
            "owner '" + shown(n.text) + "' given by " + n.source +
                " is not listed in \"owners\" of " + config_.origin,
            owner_fix(wanted));
        continue;
      }
      if (std::find(valid_.begin(), valid_.end(), person) == valid_.end()) {
        valid_.push_back(person);
        result_.owners_named.push_back(describe(*person));
      }
    }
  }

  bool owned_by_named(const ChangedHotPath& hot) const {
    return std::any_of(valid_.begin(), valid_.end(), [&](const config::Person* person) {
      return std::any_of(hot.owners.begin(), hot.owners.end(),
                         [&](const std::string& email) { return iequals(email, person->email); });
    });
  }

  // Rule 1 (hot paths, owner-required) and its sibling for files defining benchmarks
  // (benchmark-source-changed): each needs a named owner among its own.
  void check_hot_path_coverage(bool benchmark_sources) {
    const std::string rule = benchmark_sources ? "benchmark-source-changed" : "owner-required";
    const std::string what = benchmark_sources ? "benchmark source(s)" : "hot path(s)";
    const std::string why =
        benchmark_sources ? " (they define what the gate measures: the timed loops and their names)"
                          : "";
    std::vector<ChangedHotPath> uncovered;
    for (const auto& hot : changed_hot_) {
      if (hot.benchmark_source == benchmark_sources && !owned_by_named(hot)) {
        uncovered.push_back(hot);
      }
    }
    if (uncovered.empty()) return;

    if (!valid_.empty()) {
      std::vector<std::string> names, paths;
      for (const auto* person : valid_) names.push_back(describe(*person));
      for (const auto& hot : uncovered) paths.push_back(hot.path);
      add(benchmark_sources ? rule : "owner-not-listed", "", paths,
          "named owner(s) " + join(names) + " are not listed owners of the changed " + what + " " +
              shown(join(paths)) + why,
          owner_fix(owners_of(uncovered)));
      return;
    }

    // Nobody accountable is named. Each AI-generated commit is reported with its evidence, so
    // the reader sees why it needs an owner; what only humans changed is reported once.
    std::set<std::string> reported;
    for (const auto& commit : input_.commits) {
      std::string evidence = ai_evidence(config_.ai_identities, commit);
      if (evidence.empty()) continue;
      std::vector<ChangedHotPath> hot;
      for (const auto& h : uncovered) {
        if (std::find(commit.changed_paths.begin(), commit.changed_paths.end(), h.path) !=
            commit.changed_paths.end()) {
          hot.push_back(h);
        }
      }
      if (hot.empty()) continue;
      std::vector<std::string> paths;
      for (const auto& h : hot) {
        paths.push_back(h.path);
        reported.insert(h.path);
      }
      add(rule, commit.id, paths,
          "AI-generated commit (" + shown(evidence) + ") changes " + what + " " +
              shown(join(paths)) + why + " and no accountable human owner is named",
          owner_fix(owners_of(hot)));
    }
    std::vector<ChangedHotPath> rest;
    std::vector<std::string> paths;
    for (const auto& h : uncovered) {
      if (!reported.count(h.path)) {
        rest.push_back(h);
        paths.push_back(h.path);
      }
    }
    if (rest.empty()) return;
    add(rule, last_commit_touching(paths), paths,
        "the change touches " + what + " " + shown(join(paths)) + why + " and names no owner",
        owner_fix(owners_of(rest)));
  }

  // Rule 4: the gate's own policy changes only with a maintainer's name on it.
  void check_policy_change() {
    if (policy_paths_.empty()) return;
    if (std::any_of(valid_.begin(), valid_.end(),
                    [](const config::Person* p) { return p->maintainer; }))
      return;
    add("policy-change-needs-maintainer", last_commit_touching(policy_paths_), policy_paths_,
        "the change edits the gate's own policy (" + shown(join(policy_paths_)) +
            ") without a maintainer named as owner",
        owner_fix(maintainer_emails()));
  }

  std::set<std::string> all_hot_path_owners() const {
    std::set<std::string> emails;
    for (const auto& rule : config_.hot_paths.rules)
      emails.insert(rule.owners.begin(), rule.owners.end());
    if (emails.empty()) emails = maintainer_emails();
    return emails;
  }

  // The owners of every rule mapping the benchmark; empty when none does.
  std::set<std::string> rule_owners(const BenchmarkId& benchmark) const {
    std::set<std::string> emails;
    for (const auto& rule : config_.hot_paths.rules) {
      if (config::covers_benchmark(rule, benchmark.suite, benchmark.name)) {
        emails.insert(rule.owners.begin(), rule.owners.end());
      }
    }
    return emails;
  }

  // The owners of the benchmark's hot path: of the changed hot paths mapped to it, else of any
  // rule mapping it, else (no rule maps it) the maintainers.
  std::set<std::string> benchmark_owners(const BenchmarkId& benchmark) const {
    std::set<std::string> emails;
    for (const auto& path : result_.hot_paths_changed) {
      const config::HotPathRule* rule = config_.hot_paths.rule_for(path);
      if (config::covers_benchmark(*rule, benchmark.suite, benchmark.name)) {
        emails.insert(rule->owners.begin(), rule->owners.end());
      }
    }
    if (!emails.empty()) return emails;
    emails = rule_owners(benchmark);
    return emails.empty() ? maintainer_emails() : emails;
  }

  // Rule 3: "Perf-Waiver: <benchmark regex>: <reason>", given by the commit's author.
  std::vector<Waiver> collect_waivers() {
    std::vector<Waiver> waivers;
    const std::string waiver_fix =
        "write `Perf-Waiver: <benchmark regex>: <reason>` in a commit authored by "
        "an owner of the benchmark's hot path: one of " +
        people(config_.owners, all_hot_path_owners());
    for (const auto& commit : input_.commits) {
      for (const auto& trailer : commit.trailers) {
        if (!has_key(trailer, kWaiverTrailer)) continue;
        const std::string author = shown(commit.author_name + " <" + commit.author_email + ">");
        auto separator = trailer.value.find(": ");
        std::string pattern =
            separator == std::string::npos ? "" : trim(trailer.value.substr(0, separator));
        std::string reason =
            separator == std::string::npos ? "" : trim(trailer.value.substr(separator + 2));
        std::string problem;
        std::optional<util::Pattern> regex;
        if (pattern.empty() || reason.empty()) {
          problem = "is not '<benchmark regex>: <reason>'";
        } else if (pattern.size() > kMaxWaiverPatternBytes) {
          problem = "has a regex longer than " + std::to_string(kMaxWaiverPatternBytes) + " bytes";
        } else if (std::string compile_problem;
                   !(regex = util::Pattern::compile(pattern, compile_problem))) {
          problem = "has an invalid regex: " + compile_problem;
        }
        if (!problem.empty()) {
          add("waiver-invalid", commit.id, {},
              "Perf-Waiver '" + shown(trailer.value) + "' " + problem, waiver_fix);
          continue;
        }
        const std::string what = "Perf-Waiver '" + shown(pattern) + "' by " + author;
        if (auto ai = config_.ai_identities.match(commit.author_name, commit.author_email);
            !ai.empty()) {
          add("waiver-not-by-owner", commit.id, {},
              what + " is authored by an AI assistant or a bot (matches '" + ai + "')", waiver_fix);
          continue;
        }
        const config::Person* person = config_.owners.find_by_email(commit.author_email);
        if (person == nullptr) {
          add("waiver-not-by-owner", commit.id, {},
              what + ": the author is not listed in \"owners\"", waiver_fix);
          continue;
        }
        if (!person->maintainer && !all_hot_path_owners().count(person->email)) {
          add("waiver-not-by-owner", commit.id, {}, what + ": the author owns no hot path",
              waiver_fix);
          continue;
        }
        waivers.push_back({shown(pattern), *std::move(regex), shown(reason), describe(*person),
                           person->email, commit.id});
      }
    }
    return waivers;
  }

  // Accepts `benchmark` with the latest matching waiver by one of its owners; reports waivers by
  // others. Returns whether it was accepted.
  bool accept(const std::vector<Waiver>& waivers, const BenchmarkId& benchmark,
              const std::string& accepting) {
    const auto owners = benchmark_owners(benchmark);
    const Waiver* granted = nullptr;
    std::vector<const Waiver*> rejected;
    for (const auto& waiver : waivers) {
      if (!waiver_matches(waiver, benchmark)) continue;
      if (owners.count(waiver.author_email)) {
        granted = &waiver;  // the latest owner's waiver wins
      } else {
        rejected.push_back(&waiver);
      }
    }
    if (granted != nullptr) {
      result_.waivers.push_back(
          {benchmark, granted->pattern, granted->reason, granted->author, granted->commit});
      return true;
    }
    for (const auto* waiver : rejected) {
      add("waiver-not-by-owner", waiver->commit,
          hot_path_files_for(config_, result_.hot_paths_changed, benchmark),
          "Perf-Waiver '" + waiver->pattern + "' by " + waiver->author + " cannot accept " +
              accepting + " of " + label(benchmark) +
              ": the author is not an owner of its hot path",
          "ask one of " + people(config_.owners, owners) +
              " to commit `Perf-Waiver: <benchmark regex>: <reason>`, or fix the regression");
    }
    return false;
  }

  void check_waivers() {
    const std::vector<Waiver> waivers = collect_waivers();
    if (input_.regressions) {
      for (const auto& regression : *input_.regressions) {
        if (accept(waivers, regression, "the regression")) continue;
        std::vector<std::string> owners;
        const auto emails = benchmark_owners(regression);
        for (const auto& person : config_.owners.people) {
          if (emails.count(person.email)) owners.push_back(describe(person));
        }
        if (!owners.empty()) result_.waivable.push_back({regression, std::move(owners)});
      }
    }
    if (config_.allow_gone_benchmarks) return;
    // Rule 5: gone benchmarks, one finding per set of owners who could accept them.
    std::map<std::set<std::string>, std::vector<BenchmarkId>> unaccepted;
    for (const auto& gone : input_.gone) {
      if (!accept(waivers, gone, "the removal")) unaccepted[benchmark_owners(gone)].push_back(gone);
    }
    for (const auto& [owners, gone] : unaccepted) {
      std::vector<std::string> paths;
      for (const auto& source : input_.benchmark_sources) {
        if (std::any_of(gone.begin(), gone.end(), [&](const BenchmarkId& b) {
              return std::any_of(source.benchmarks.begin(), source.benchmarks.end(),
                                 [&](const BenchmarkId& s) { return s.name == b.name; });
            })) {
          paths.push_back(source.path);
        }
      }
      add("benchmark-gone", last_commit_touching(paths), paths, gone_message(gone),
          "restore it, or have one of " + people(config_.owners, owners) + " commit " +
              gone_example(gone));
    }
  }

  const config::GateConfig& config_;
  const OwnerPolicyInput& input_;
  OwnerPolicyResult result_;
  std::vector<ChangedHotPath> changed_hot_;
  std::vector<std::string> policy_paths_;
  std::vector<const config::Person*> valid_;  // listed human owners named for this change
};

// Without "owners" nobody can be named or waive anything: only benchmark-gone applies.
OwnerPolicyResult evaluate_without_owners(const config::GateConfig& config,
                                          const OwnerPolicyInput& input) {
  OwnerPolicyResult result;
  if (config.allow_gone_benchmarks || input.gone.empty()) return result;
  result.findings.push_back(
      {"benchmark-gone",
       "",
       {},
       gone_message(input.gone),
       "restore it, or let benchmarks go with \"allow_gone_benchmarks\": true in the base's "
       "perfwarden.json (with \"owners\" listed, an owner can waive one with " +
           gone_example(input.gone) + ")"});
  return result;
}

}  // namespace

bool is_policy_path(std::string_view path) {
  return path == "perfwarden.json" || path.rfind("baselines/", 0) == 0;
}

std::string ai_evidence(const config::AiIdentities& ai, const git::CommitInfo& commit) {
  if (auto pattern = ai.match(commit.author_name, commit.author_email); !pattern.empty()) {
    return "author " + commit.author_name + " <" + commit.author_email + "> matches '" + pattern +
           "'";
  }
  if (auto pattern = ai.match(commit.committer_name, commit.committer_email); !pattern.empty()) {
    return "committer " + commit.committer_name + " <" + commit.committer_email + "> matches '" +
           pattern + "'";
  }
  for (const auto& trailer : commit.trailers) {
    for (const auto& key : ai.coauthor_trailers) {
      if (!has_key(trailer, key)) continue;
      auto identity = git::parse_identity(trailer.value);
      std::string pattern =
          identity ? ai.match(identity->name, identity->email) : ai.match(trim(trailer.value), "");
      if (!pattern.empty()) return trailer.key + ": " + trailer.value;
    }
    for (const auto& marker : ai.markers) {
      if (has_key(trailer, marker.key) &&
          config::wildcard_matches(marker.value, trim(trailer.value))) {
        return trailer.key + ": " + trailer.value;
      }
    }
  }
  return {};
}

std::vector<std::string> hot_path_files_for(const config::GateConfig& config,
                                            const std::vector<std::string>& hot_paths_changed,
                                            const BenchmarkId& benchmark) {
  std::vector<std::string> files;
  for (const auto& path : hot_paths_changed) {
    const config::HotPathRule* rule = config.hot_paths.rule_for(path);
    if (rule != nullptr && config::covers_benchmark(*rule, benchmark.suite, benchmark.name))
      files.push_back(path);
  }
  return files;
}

OwnerPolicyResult evaluate_owner_policy(const config::GateConfig& config,
                                        const OwnerPolicyInput& input) {
  if (config.owners.people.empty()) return evaluate_without_owners(config, input);
  return Evaluation(config, input).run();
}

}  // namespace perfwarden::policy
