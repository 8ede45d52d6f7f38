#include "report/html_renderer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "report/escape.h"
#include "report/format.h"
#include "report/svg_plot.h"

namespace perfwarden::report {
namespace {

using policy::Verdict;

constexpr const char* kReportStyle = R"(
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#1f2328}
h1.pass{color:#1a7f37}h1.fail{color:#cf222e}
table{border-collapse:collapse;margin:1em 0}th,td{padding:.3em .7em;border-bottom:1px solid #d0d7de;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.v-regression{color:#cf222e;font-weight:600}.v-improvement{color:#1a7f37;font-weight:600}
.v-inconclusive,.v-placement{color:#9a6700}.v-same,.v-new,.v-gone{color:#57606a}
section.benchmark{border:1px solid #d0d7de;border-radius:6px;padding:.5em 1em;margin:1em 0}
.plots{display:flex;flex-wrap:wrap;gap:1em}svg{background:#fff}
pre{background:#f6f8fa;padding:.7em;overflow:auto}.tag{font-size:80%;color:#57606a}
.notice{border-left:4px solid #9a6700;padding:.3em .8em;background:#fff8c5}
)";

std::string verdict_span(Verdict verdict) {
  std::string name(policy::to_string(verdict));
  return "<span class=\"v-" + name + "\">" + name + "</span>";
}

std::string tags(const BenchmarkResult& b) {
  std::string out;
  if (b.advisory) out += " <span class=\"tag\">advisory</span>";
  if (b.tier == Tier::kDrift) out += " <span class=\"tag\">drift since baseline</span>";
  if (b.waiver) out += " <span class=\"tag\">accepted</span>";
  return out;
}

// Base and head per-round values as two series over the rounds.
std::string rounds_plot(const BenchmarkResult& b) {
  PlotFrame f{.width = 460, .height = 220, .left = 78, .right = 12, .top = 22, .bottom = 34};
  std::vector<double> all = b.base_values;
  all.insert(all.end(), b.head_values.begin(), b.head_values.end());
  if (all.empty()) return {};
  auto [low_it, high_it] = std::minmax_element(all.begin(), all.end());
  f.fit(*low_it, *high_it);
  const std::size_t rounds = std::max(b.base_values.size(), b.head_values.size());
  auto x = [&](std::size_t i) { return f.x(static_cast<double>(i), rounds); };

  std::ostringstream svg;
  open_plot(svg, f, "rounds", "per-round values: base and head", b.metric);
  svg << "<text x=\"" << (f.left + f.width - f.right) / 2 << "\" y=\"" << f.height - 6
      << "\" text-anchor=\"middle\">round (1–" << rounds << ")</text>"
      << "<text x=\"" << f.left << "\" y=\"14\" fill=\"#0969da\">● base</text>"
      << "<text x=\"" << f.left + 60 << "\" y=\"14\" fill=\"#bc4c00\">● head</text></g>";
  auto series = [&](const std::vector<double>& values, const char* color, const char* side) {
    if (values.empty()) return;
    svg << "<polyline class=\"series " << side << "\" fill=\"none\" stroke=\"" << color
        << "\" stroke-width=\"1.5\" points=\"";
    for (std::size_t i = 0; i < values.size(); ++i)
      svg << (i ? " " : "") << svg_number(x(i)) << "," << svg_number(f.y(values[i]));
    svg << "\"/>";
    for (std::size_t i = 0; i < values.size(); ++i) {
      svg << "<circle cx=\"" << svg_number(x(i)) << "\" cy=\"" << svg_number(f.y(values[i]))
          << "\" r=\"2.5\" fill=\"" << color << "\"><title>" << side << ", round " << i + 1 << ": "
          << escape_html(format_metric_value(b.metric, values[i])) << "</title></circle>";
    }
  };
  series(b.base_values, "#0969da", "base");
  series(b.head_values, "#bc4c00", "head");
  svg << "</svg>";
  return svg.str();
}

// The ratio's interval (and the confirmation's) against the "same" band, on a log scale.
std::string interval_plot(const BenchmarkResult& b) {
  if (!is_compared(b)) return {};
  constexpr double kWidth = 460, kLeft = 100, kRight = 56, kRow = 26, kTop = 30;
  double same_low = policy::faster_bound(b.threshold),
         same_high = policy::slower_bound(b.threshold);
  std::vector<double> points = {same_low, same_high, b.ci_low, b.ci_high, b.ratio};
  if (b.confirmation) {
    points.insert(points.end(), {b.confirmation->ci_low, b.confirmation->ci_high});
  }
  std::erase_if(points, [](double v) { return !(v > 0) || !std::isfinite(v); });
  double low = std::log(*std::min_element(points.begin(), points.end()));
  double high = std::log(*std::max_element(points.begin(), points.end()));
  double pad = std::max((high - low) * 0.08, 0.005);
  low -= pad;
  high += pad;
  auto x = [&](double ratio) {
    double l = std::log(std::max(ratio, 1e-12));
    return kLeft + (kWidth - kLeft - kRight) * (std::clamp(l, low, high) - low) / (high - low);
  };
  int rows = b.confirmation ? 2 : 1;
  double height = kTop + kRow * rows + 26;
  const char* color = b.verdict == Verdict::kRegression    ? "#cf222e"
                      : b.verdict == Verdict::kImprovement ? "#1a7f37"
                      : b.verdict == Verdict::kSame        ? "#57606a"
                                                           : "#9a6700";
  std::ostringstream svg;
  svg << "<svg class=\"plot interval\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << kWidth
      << "\" height=\"" << height << "\" viewBox=\"0 0 " << kWidth << " " << height
      << "\" role=\"img\"><title>head/base ratio interval against the threshold</title>"
      << "<rect class=\"band\" x=\"" << svg_number(x(same_low)) << "\" y=\"" << kTop - 8
      << "\" width=\"" << svg_number(x(same_high) - x(same_low)) << "\" height=\""
      << kRow * rows + 8 << "\" fill=\"#dafbe1\"><title>same: within ±"
      << escape_html(format_threshold(b.threshold)) << "</title></rect><line x1=\""
      << svg_number(x(1.0)) << "\" x2=\"" << svg_number(x(1.0)) << "\" y1=\"" << kTop - 8
      << "\" y2=\"" << kTop + kRow * rows << "\" stroke=\"#8c959f\""
      << " stroke-dasharray=\"3,3\"/><g font-size=\"11\" fill=\"#57606a\">"
      << "<text x=\"" << svg_number(x(same_low)) << "\" y=\"" << kTop - 12
      << "\" text-anchor=\"middle\">" << escape_html(format_change(same_low)) << "</text>"
      << "<text x=\"" << svg_number(x(same_high)) << "\" y=\"" << kTop - 12
      << "\" text-anchor=\"middle\">" << escape_html(format_change(same_high)) << "</text>"
      << "<text x=\"" << (kLeft + kWidth - kRight) / 2 << "\" y=\"" << height - 6
      << "\" text-anchor=\"middle\">change head vs base (log scale), band = ±threshold</text>";
  auto row = [&](int index, const char* label, double ratio, double ci_low, double ci_high) {
    double cy = kTop + kRow * index + kRow / 2 - 4;
    svg << "<text x=\"" << kLeft - 8 << "\" y=\"" << svg_number(cy + 4) << "\" text-anchor=\"end\">"
        << label << "</text><line class=\"ci\" x1=\"" << svg_number(x(ci_low)) << "\" x2=\""
        << svg_number(x(ci_high)) << "\" y1=\"" << svg_number(cy) << "\" y2=\"" << svg_number(cy)
        << "\" stroke=\"" << color << "\" stroke-width=\"3\"/>";
    for (double end : {ci_low, ci_high}) {
      svg << "<line x1=\"" << svg_number(x(end)) << "\" x2=\"" << svg_number(x(end)) << "\" y1=\""
          << svg_number(cy - 6) << "\" y2=\"" << svg_number(cy + 6) << "\" stroke=\"" << color
          << "\" stroke-width=\"2\"/>";
    }
    svg << "<text x=\"" << svg_number(x(ci_high) + 6) << "\" y=\"" << svg_number(cy + 4)
        << "\" fill=\"" << color << "\">" << escape_html(format_change(ratio)) << "</text>";
    svg << "<circle cx=\"" << svg_number(x(ratio)) << "\" cy=\"" << svg_number(cy)
        << "\" r=\"4\" fill=\"" << color << "\"><title>"
        << escape_html(format_change(ratio) + " " + format_interval(ci_low, ci_high))
        << "</title></circle>";
  };
  row(0, "interval", b.ratio, b.ci_low, b.ci_high);
  if (b.confirmation) {
    row(1, "confirmation", b.confirmation->ratio, b.confirmation->ci_low, b.confirmation->ci_high);
  }
  svg << "</g></svg>";
  return svg.str();
}

std::string revision(const char* role, const RevisionSummary& r) {
  return std::string("<b>") + role + "</b> " + escape_html(r.spec) + " (<code>" +
         escape_html(short_id(r.commit)) + "</code>)" +
         (r.summary.empty() ? "" : ": " + escape_html(r.summary));
}

}  // namespace

std::string render_html(const Report& report) {
  std::ostringstream out;
  const char* outcome = report.passed() ? "pass" : "FAIL";
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'; img-src data:\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>perfwarden: " << outcome << "</title>\n<style>" << kReportStyle
      << "</style></head>\n<body>\n<h1 class=\"" << (report.passed() ? "pass" : "fail")
      << "\">perfwarden: " << outcome << "</h1>\n<p><b>"
      << escape_html(format_outcome_counts(report)) << "</b></p>\n<p>"
      << revision("base", report.base) << "<br>" << revision("head", report.head) << "</p>\n";
  for (const auto& notice : report.notices)
    out << "<p class=\"notice\"><b>Note:</b> " << escape_html(notice) << "</p>\n";

  if (!report.failures.empty()) {
    out << "<h2>Failures</h2>\n";
    for (const auto& f : report.failures) {
      out << "<section class=\"failure\"><h3>" << escape_html(f.title) << "</h3>";
      if (!f.detail.empty()) out << "<pre>" << escape_html(f.detail) << "</pre>";
      out << "</section>\n";
    }
  }
  if (!report.findings.empty()) {
    out << "<h2>Policy findings</h2>\n<ul>\n";
    for (const auto& f : report.findings) {
      out << "<li class=\"finding\"><b>" << escape_html(f.rule)
          << "</b>: " << escape_html(f.message);
      if (!f.commit.empty())
        out << " (commit <code>" << escape_html(short_id(f.commit)) << "</code>)";
      for (const auto& path : f.paths) out << "<br>path: <code>" << escape_html(path) << "</code>";
      if (!f.fix.empty()) out << "<br>fix: " << escape_html(f.fix);
      out << "</li>\n";
    }
    out << "</ul>\n";
  }

  if (!report.benchmarks.empty()) {
    out << "<h2>Summary</h2>\n<table><thead><tr><th>benchmark</th><th>metric</th><th>base</th>"
           "<th>head</th><th>change</th><th>interval</th><th>p (adj.)</th><th>rounds</th>"
           "<th>verdict</th></tr></thead><tbody>\n";
    for (std::size_t i = 0; i < report.benchmarks.size(); ++i) {
      const auto& b = report.benchmarks[i];
      out << "<tr><td><a href=\"#b" << i << "\">" << escape_html(benchmark_label(b)) << "</a>"
          << tags(b) << "</td><td>" << escape_html(b.metric) << "</td><td class=\"num\">"
          << escape_html(format_base_value(b)) << "</td><td class=\"num\">"
          << escape_html(format_head_value(b)) << "</td><td class=\"num\">"
          << escape_html(format_result_change(b)) << "</td><td class=\"num\">"
          << escape_html(format_result_interval(b)) << "</td><td class=\"num\">"
          << escape_html(format_p_value(b.p_adjusted)) << "</td><td class=\"num\">" << b.rounds
          << "</td><td>" << verdict_span(b.verdict) << "</td></tr>\n";
    }
    out << "</tbody></table>\n<h2>Benchmarks</h2>\n";
    for (std::size_t i = 0; i < report.benchmarks.size(); ++i) {
      const auto& b = report.benchmarks[i];
      out << "<section class=\"benchmark\" id=\"b" << i << "\"><h3>"
          << escape_html(benchmark_label(b)) << " <span class=\"tag\">" << escape_html(b.metric)
          << "</span> " << verdict_span(b.verdict) << tags(b) << "</h3>\n<p>"
          << escape_html(b.reason) << "</p>\n";
      // The reason already ends with the confirmation; the deterministic figures follow it.
      if (b.evidence && !b.evidence->where.empty()) {
        out << "<p>Where it went (self instructions per iteration):</p>\n<ul class=\"where\">";
        for (const auto& f : b.evidence->where) {
          char delta[32];
          std::snprintf(delta, sizeof delta, "%+.0f Ir", f.head - f.base);
          out << "<li><code>" << escape_html(f.function) << "</code> " << delta
              << (f.base == 0   ? " (new)"
                  : f.head == 0 ? " (gone)"
                                : "");
          if (!f.location.empty())
            out << " <span class=\"tag\">" << escape_html(f.location) << "</span>";
          out << "</li>";
        }
        out << "</ul>\n";
      }
      if (b.waiver) {
        out << "<p>Accepted by " << escape_html(b.waiver->owner) << " (commit <code>"
            << escape_html(short_id(b.waiver->commit))
            << "</code>): " << escape_html(b.waiver->reason) << "</p>\n";
      }
      if (const std::string hint = format_waiver_hint(b); !hint.empty()) {
        out << "<p>" << escape_html(hint) << ".</p>\n";
      }
      if (!b.hot_path_files.empty()) {
        out << "<p>Changed hot-path files:";
        for (const auto& file : b.hot_path_files)
          out << " <code>" << escape_html(file) << "</code>";
        out << "</p>\n";
      }
      out << "<div class=\"plots\">" << rounds_plot(b) << interval_plot(b) << "</div></section>\n";
    }
  }

  if (!report.warnings.empty()) {
    out << "<h2>Warnings</h2>\n<ul>\n";
    for (const auto& warning : report.warnings) out << "<li>" << escape_html(warning) << "</li>\n";
    out << "</ul>\n";
  }
  char settings[256];
  std::snprintf(settings, sizeof settings,
                "%d rounds (+%d confirmation), seed %llu, alpha %g; %.1f s in total, %.1f s "
                "building, %.1f s measuring",
                report.settings.rounds_run, report.settings.confirmation_rounds,
                static_cast<unsigned long long>(report.settings.seed), report.settings.alpha,
                report.timing.total_seconds, report.timing.build_seconds,
                report.timing.measure_seconds);
  out << "<p class=\"tag\">" << settings;
  if (has_builds(report)) {
    out << "; builds: base " << escape_html(format_build_cost(report.base)) << ", head "
        << escape_html(format_build_cost(report.head));
  }
  out << ". perfwarden " << escape_html(report.tool_version) << "</p>\n</body></html>\n";
  return out.str();
}

}  // namespace perfwarden::report
