#include "report/annotations_renderer.h"

#include <vector>

#include "report/escape.h"
#include "report/format.h"
#include "util/subprocess.h"

namespace perfwarden::report {
namespace {

// One command per file, or one without a file when there are none.
void annotate(std::string& out, const char* level, const std::vector<std::string>& files,
              const std::string& title, const std::string& message) {
  auto line = [&](const std::string* file) {
    out += std::string("::") + level + " ";
    if (file) out += "file=" + escape_workflow_property(*file) + ",";
    out += "title=" + escape_workflow_property(title) + "::" + escape_workflow_data(message) + "\n";
  };
  if (files.empty()) line(nullptr);
  for (const auto& file : files) line(&file);
}

}  // namespace

std::string render_annotations(const Report& report) {
  std::string out;
  for (const auto& b : report.benchmarks) {
    const bool placement = b.verdict == policy::Verdict::kPlacement;
    if (b.verdict != policy::Verdict::kRegression && !placement) continue;
    const char* level = b.waiver ? "notice" : b.advisory ? "warning" : "error";
    std::string title = "perfwarden: " + benchmark_label(b) + " " +
                        (placement    ? "slower through code placement"
                         : b.waiver   ? "regression accepted"
                         : b.advisory ? "advisory regression"
                                      : "regression") +
                        (b.tier == Tier::kDrift ? " since the stored baseline" : "");
    std::string message = benchmark_label(b) + " [" + b.metric + "] " + format_change(b.ratio) +
                          " " + format_interval(b.ci_low, b.ci_high) + " (threshold " +
                          format_threshold(b.threshold) + ")";
    message += ": " + b.reason;
    if (b.evidence && !b.evidence->where.empty()) {
      message += "\nWhere it went: " + policy::describe_where(b.evidence->where);
    }
    if (b.waiver) message += "\nAccepted by " + b.waiver->owner + ": " + b.waiver->reason;
    if (const std::string hint = format_waiver_hint(b); !hint.empty()) message += "\n" + hint;
    annotate(out, level, b.hot_path_files, title, message);
  }
  for (const auto& f : report.findings) {
    std::string message = f.message;
    if (!f.fix.empty()) message += "\nFix: " + f.fix;
    annotate(out, "error", f.paths, "perfwarden policy: " + f.rule, message);
  }
  for (const auto& failure : report.failures) {
    std::string message = failure.title;
    if (!failure.detail.empty()) message += "\n" + util::last_lines(failure.detail, 20);
    annotate(out, "error", {}, "perfwarden: " + failure.title, message);
  }
  return out;
}

}  // namespace perfwarden::report
