#include "gate/history.h"

#include <algorithm>
#include <ctime>
#include <set>

#include "baseline/baseline_history.h"
#include "gate/history_series.h"
#include "git/repository.h"
#include "git/revision.h"
#include "git/text_limits.h"
#include "report/format.h"
#include "util/error.h"
#include "util/human_units.h"
#include "util/terminal.h"
#include "util/utc_time.h"
#include "version.h"

namespace perfwarden::gate {
namespace {

constexpr std::size_t kMaxNamesShown = 12;

std::int64_t parse_since(const std::string& text) {
  if (auto time = util::parse_utc_time(text)) return *time;
  if (auto age = util::parse_age(text)) {
    return static_cast<std::int64_t>(std::time(nullptr)) - age->count();
  }
  throw usage_error("--since '" + git::printable(text) + "' is neither a date nor an age",
                    "give a UTC date (--since 2024-01-01, or 2024-01-01T12:00Z) or an age "
                    "(--since 90d, 12w)");
}

// Only a plain http(s) URL whose characters cannot end a Markdown link or an HTML attribute:
// the template is the user's, and the links it makes are rendered in every report.
void check_commit_url(const std::string& url) {
  const std::string fix = "e.g. --commit-url https://github.com/owner/repo/commit/{sha}";
  if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) {
    throw usage_error("--commit-url '" + git::printable(url) + "' is not an http(s) URL", fix);
  }
  if (url.find("{sha}") == std::string::npos) {
    throw usage_error("--commit-url '" + git::printable(url) + "' has no {sha} placeholder", fix);
  }
  for (char c : url) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7f ||
        std::string_view("\"'<>()[]\\`|^").find(c) != std::string_view::npos) {
      throw usage_error("--commit-url '" + git::printable(url) +
                            "' holds a character that cannot appear in a link as it is",
                        "percent-encode it; " + fix);
    }
  }
}

std::vector<std::string> expand_metrics(const std::vector<std::string>& metrics) {
  std::vector<std::string> expanded;
  for (const auto& m : metrics) {
    if (m == "time") {
      expanded.insert(expanded.end(), {"real_time", "cpu_time"});
    } else {
      expanded.push_back(m);
    }
  }
  return expanded;
}

std::string join_names(const std::set<std::string>& names) {
  std::string text;
  std::size_t shown = 0;
  for (const auto& name : names) {
    if (shown == kMaxNamesShown) {
      text += ", ... (" + std::to_string(names.size() - shown) + " more)";
      break;
    }
    text += (shown++ ? ", " : "") + git::printable(name);
  }
  return text;
}

// Which step of the selection leaves nothing, named with what is stored. Called only when the
// selection found no series.
[[noreturn]] void explain_empty(const std::vector<baseline::BaselineVersion>& versions,
                                const SeriesSelection& selection, const HistoryOptions& options,
                                const std::string& along) {
  std::set<std::string> suites, benchmarks, metrics;
  std::int64_t latest = 0;
  for (const auto& v : versions) suites.insert(v.file.suite);
  if (options.suite && !suites.count(*options.suite)) {
    throw usage_error("no baseline of suite '" + git::printable(*options.suite) + "' " + along +
                          "; stored: " + join_names(suites),
                      "name one of them with --suite, or leave --suite out");
  }
  for (const auto& v : versions) {
    if (options.suite && v.file.suite != *options.suite) continue;
    for (const auto& [name, values] : v.file.benchmarks) benchmarks.insert(name);
  }
  if (selection.benchmark &&
      std::none_of(benchmarks.begin(), benchmarks.end(),
                   [&](const std::string& name) { return selection.benchmark->matches(name); })) {
    throw usage_error("no stored benchmark matches --benchmark '" +
                          git::printable(*options.benchmark) + "' " + along +
                          "; stored: " + join_names(benchmarks),
                      "the pattern (RE2) must match a whole name: add .* around a part, e.g. "
                      "--benchmark '.*Lookup.*'");
  }
  for (const auto& v : versions) {
    if (options.suite && v.file.suite != *options.suite) continue;
    latest = std::max(latest, v.commit.time);
    for (const auto& [name, values] : v.file.benchmarks) {
      if (selection.benchmark && !selection.benchmark->matches(name)) continue;
      for (const auto& [metric, unused] : values) metrics.insert(metric);
    }
  }
  if (selection.since && latest < *selection.since) {
    throw usage_error("no baseline refresh since " + util::format_utc_time(*selection.since) + " " +
                          along + "; the latest was on " + util::format_utc_time(latest),
                      "give an earlier --since, or leave it out");
  }
  const std::set<std::string> wanted(selection.metrics.begin(), selection.metrics.end());
  throw usage_error("no values of metric " + join_names(wanted) +
                        " are stored for the selected benchmarks " + along +
                        "; stored: " + join_names(metrics),
                    "pick one of them with --metric, or leave --metric out");
}

}  // namespace

report::HistoryReport run_history(const HistoryOptions& options, util::Progress& progress) {
  SeriesSelection selection;
  selection.suite = options.suite;
  selection.metrics = expand_metrics(options.metrics);
  if (options.since) selection.since = parse_since(*options.since);
  if (options.benchmark) {
    std::string problem;
    selection.benchmark = util::Pattern::compile(*options.benchmark, problem);
    if (!selection.benchmark) {
      throw usage_error("--benchmark '" + git::printable(*options.benchmark) +
                            "' is not a regular expression: " + problem,
                        "RE2 syntax, matched against whole names, e.g. --benchmark 'BM_Find.*'");
    }
  }
  if (!options.commit_url.empty()) check_commit_url(options.commit_url);

  const git::Repository repo = git::Repository::open(options.repository);
  const git::Revision revision = git::resolve_revision(repo, options.revision);
  const std::string along = "along the first parents of " + revision.spec + " (" +
                            report::short_id(revision.commit_id) + ")";
  progress.update("reading baselines/ " + along);
  baseline::BaselineHistory history = baseline::read_baseline_history(repo, revision.commit_id);
  progress.clear();
  progress.note("history: " + std::to_string(history.commits_walked) + " first-parent commits, " +
                std::to_string(history.refresh_commits) + " with a baseline refresh");
  if (history.versions.empty()) {
    throw usage_error(
        "no baseline " + along + " (" + std::to_string(history.commits_walked) + " commits" +
            (history.warnings.empty()
                 ? ""
                 : ", " + std::to_string(history.warnings.size()) + " unreadable version(s)") +
            ")",
        "store one with `perfwarden baseline update --owner \"Name <email>\"` and commit "
        "baselines/; or name a branch that has them with --rev");
  }

  report::HistoryReport report;
  report.tool_version = kVersion;
  report.revision_spec = revision.spec;
  report.revision_commit = revision.commit_id;
  report.revision_subject = revision.summary;
  report.since = selection.since;
  report.commits_walked = history.commits_walked;
  report.refresh_commits = history.refresh_commits;
  report.max_p_value = options.max_p_value;
  report.min_change = options.min_change;
  report.commit_url = options.commit_url;
  report.warnings = std::move(history.warnings);
  if (!history.cut_at.empty()) {
    report.warnings.push_back(
        "the history ends at " + report::short_id(history.cut_at) +
        ", whose parent is not in this clone (a shallow clone?): older refreshes are missing; "
        "fetch the whole history (`git fetch --unshallow`, or actions/checkout with "
        "fetch-depth: 0)");
  }

  report.series = build_history_series(history.versions, selection);
  if (report.series.empty()) explain_empty(history.versions, selection, options, along);
  const stats::ChangePointOptions change_options{options.max_p_value, options.min_change};
  std::set<std::string> referenced;
  for (auto& s : report.series) {
    find_change_points(s, change_options);
    for (const auto& p : s.points) referenced.insert(p.commit);
  }
  for (const auto& v : history.versions) {
    if (!referenced.count(v.commit.id)) continue;
    if (!report.commits.empty() && report.commits.back().id == v.commit.id) continue;
    report.commits.push_back(
        report::HistoryCommit{v.commit.id, v.commit.time, v.commit.subject, v.commit.author});
  }
  return report;
}

}  // namespace perfwarden::gate
