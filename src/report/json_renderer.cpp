#include "report/json_renderer.h"

#include <nlohmann/json.hpp>

namespace perfwarden::report {
namespace {

using json = nlohmann::ordered_json;

json revision_json(const RevisionSummary& r) {
  return {{"spec", r.spec},
          {"commit", r.commit},
          {"tree", r.tree},
          {"summary", r.summary},
          {"build_reused", r.build_reused},
          {"build_seconds", r.build_seconds},
          {"build_compiler_cache", r.build_compiler_cache},
          {"build_objects_from_cache", r.build_objects_from_cache},
          {"build_objects_compiled", r.build_objects_compiled}};
}

json confirmation_json(const std::optional<ConfirmationResult>& c) {
  if (!c) return nullptr;
  return {{"rounds", c->rounds},
          {"ratio", c->ratio},
          {"ci", {c->ci_low, c->ci_high}},
          {"p_adjusted", c->p_adjusted},
          {"confirmed", c->confirmed}};
}

json evidence_json(const std::optional<policy::DeterministicEvidence>& e) {
  if (!e) return nullptr;
  json where = json::array();
  for (const auto& f : e->where) {
    where.push_back(
        {{"function", f.function}, {"location", f.location}, {"base", f.base}, {"head", f.head}});
  }
  return {{"instructions", {e->base_instructions, e->head_instructions}},
          {"estimated_cycles", {e->base_cycles, e->head_cycles}},
          {"steady_state", e->steady_state},
          {"repeatable", e->repeatable},
          {"timer_paused", e->timer_paused},
          {"fail_threshold", e->fail_threshold},
          {"report_threshold", e->report_threshold},
          {"executed_files_known", e->executed_files_known},
          {"changed_files_executed", e->changed_files_executed},
          {"placement_blocker", e->placement_blocker},
          {"placement_fails", e->placement_fails},
          {"where", where},
          {"time_verdict", policy::to_string(e->time_verdict)}};
}

json benchmark_json(const BenchmarkResult& b) {
  return {{"suite", b.suite},
          {"name", b.name},
          {"metric", b.metric},
          {"verdict", policy::to_string(b.verdict)},
          {"advisory", b.advisory},
          {"ratio", b.ratio},
          {"change_percent", (b.ratio - 1.0) * 100.0},
          {"ci", {b.ci_low, b.ci_high}},
          {"confidence", b.confidence},
          {"p_value", b.p_value},
          {"p_adjusted", b.p_adjusted},
          {"threshold", b.threshold},
          {"rounds", b.rounds},
          {"paired_cv", b.paired_cv},
          {"confirmation", confirmation_json(b.confirmation)},
          {"base", {{"median", b.base_median}, {"values", b.base_values}}},
          {"head", {{"median", b.head_median}, {"values", b.head_values}}},
          {"unit", b.metric == "instructions" ? "instructions" : "ns"},
          {"reason", b.reason},
          {"tier", to_string(b.tier)},
          {"waiver", b.waiver ? json{{"pattern", b.waiver->pattern},
                                     {"reason", b.waiver->reason},
                                     {"owner", b.waiver->owner},
                                     {"commit", b.waiver->commit}}
                              : json(nullptr)},
          {"hot_path_files", b.hot_path_files},
          {"waivable_by", b.waivable_by},
          {"evidence", evidence_json(b.evidence)}};
}

}  // namespace

std::string render_json(const Report& report) {
  json benchmarks = json::array();
  for (const auto& b : report.benchmarks) benchmarks.push_back(benchmark_json(b));
  json findings = json::array();
  for (const auto& f : report.findings) {
    findings.push_back({{"rule", f.rule},
                        {"commit", f.commit},
                        {"paths", f.paths},
                        {"message", f.message},
                        {"fix", f.fix}});
  }
  json failures = json::array();
  for (const auto& f : report.failures)
    failures.push_back({{"title", f.title}, {"detail", f.detail}});

  json root = {
      {"schema", kReportSchema},
      {"tool_version", report.tool_version},
      {"verdict", report.passed() ? "pass" : "fail"},
      {"exit_code", to_int(report.exit_code())},
      {"repository", report.repository},
      {"base", revision_json(report.base)},
      {"head", revision_json(report.head)},
      {"notices", report.notices},
      {"settings",
       {{"looks", report.settings.looks},
        {"rounds_run", report.settings.rounds_run},
        {"confirmation_rounds", report.settings.confirmation_rounds},
        {"confirmation_rounds_planned", report.settings.confirmation_rounds_planned},
        {"metrics", report.settings.metrics},
        {"warmup_rounds", report.settings.warmup_rounds},
        {"seed", report.settings.seed},
        {"alpha", report.settings.alpha},
        {"min_time_seconds", report.settings.min_time_seconds}}},
      {"timing",
       {{"total_seconds", report.timing.total_seconds},
        {"build_seconds", report.timing.build_seconds},
        {"measure_seconds", report.timing.measure_seconds},
        {"inside_benchmarks_seconds", report.timing.inside_benchmarks_seconds},
        {"deterministic_seconds", report.timing.deterministic_seconds}}},
      {"shard", report.shard ? json{{"index", report.shard->index}, {"count", report.shard->count}}
                             : json(nullptr)},
      {"failures", failures},
      {"findings", findings},
      {"warnings", report.warnings},
      {"benchmarks", benchmarks},
  };
  return root.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace perfwarden::report
