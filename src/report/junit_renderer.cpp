#include "report/junit_renderer.h"

#include <cstdio>
#include <map>
#include <sstream>
#include <vector>

#include "report/escape.h"
#include "report/format.h"

namespace perfwarden::report {
namespace {

using policy::Verdict;

struct TestCase {
  std::string classname;
  std::string name;
  std::string outcome;  // "", "failure" or "skipped"
  std::string type;     // failure type
  std::string message;
  std::string body;  // failure text or system-out
};

TestCase benchmark_case(const BenchmarkResult& b) {
  TestCase c;
  c.classname = b.suite;
  c.name = b.name + " [" + b.metric + (b.tier == Tier::kDrift ? ", drift" : "") + "]";
  std::string figures = std::string(policy::to_string(b.verdict)) + ": ";
  if (is_compared(b)) {
    figures += format_result_change(b) + " " + format_result_interval(b) + ", threshold " +
               format_threshold(b.threshold) + ", p (adj.) " + format_p_value(b.p_adjusted) + ", ";
  }
  figures += std::to_string(b.rounds) + " rounds; base " + format_base_value(b) + ", head " +
             format_head_value(b);
  c.body = figures + "\n" + b.reason + "\n";  // the reason ends with the confirmation
  if (b.evidence && !b.evidence->where.empty()) {
    c.body += "where it went: " + policy::describe_where(b.evidence->where) + "\n";
  }
  for (const auto& file : b.hot_path_files) c.body += "changed hot-path file: " + file + "\n";
  if (const std::string hint = format_waiver_hint(b); !hint.empty()) c.body += hint + "\n";

  if (b.waiver) {  // an accepted regression or removal
    c.body += "accepted by " + b.waiver->owner + ": " + b.waiver->reason + " (commit " +
              short_id(b.waiver->commit) + ")\n";
  } else if (b.verdict == Verdict::kRegression && b.advisory) {
    c.outcome = "skipped";
    c.message = "advisory regression (does not gate): " + figures;
  } else if (b.verdict == Verdict::kRegression) {
    c.outcome = "failure";
    c.type = "regression";
    c.message = figures;
  } else if (b.verdict == Verdict::kPlacement && !b.advisory) {
    c.outcome = "failure";
    c.type = "placement";
    c.message = figures;
  } else if (b.verdict == Verdict::kPlacement || b.verdict == Verdict::kInconclusive) {
    c.outcome = "skipped";
    c.message = std::string(policy::to_string(b.verdict)) + ": " + b.reason;
  } else if (b.verdict == Verdict::kNew || b.verdict == Verdict::kGone) {
    c.outcome = "skipped";
    c.message = std::string(policy::to_string(b.verdict)) + ": " + b.reason;
  }
  return c;
}

void write_case(std::ostringstream& out, const TestCase& c) {
  out << "    <testcase classname=\"" << escape_xml_attribute(c.classname) << "\" name=\""
      << escape_xml_attribute(c.name) << "\" time=\"0\">\n";
  if (c.outcome == "failure") {
    out << "      <failure type=\"" << escape_xml_attribute(c.type) << "\" message=\""
        << escape_xml_attribute(c.message) << "\">" << escape_xml(c.body) << "</failure>\n";
  } else {
    if (c.outcome == "skipped")
      out << "      <skipped message=\"" << escape_xml_attribute(c.message) << "\"/>\n";
    out << "      <system-out>" << escape_xml(c.body) << "</system-out>\n";
  }
  out << "    </testcase>\n";
}

}  // namespace

std::string render_junit(const Report& report) {
  // Suites in order of first appearance, so the file follows the report.
  std::vector<std::string> suite_order;
  std::map<std::string, std::vector<TestCase>> suites;
  auto add = [&](const std::string& suite, TestCase c) {
    if (!suites.contains(suite)) suite_order.push_back(suite);
    suites[suite].push_back(std::move(c));
  };
  for (const auto& b : report.benchmarks) add(b.suite, benchmark_case(b));
  for (const auto& f : report.failures) {
    add("perfwarden", {"perfwarden.failures", f.title, "failure", "failure", f.title, f.detail});
  }
  for (const auto& f : report.findings) {
    std::string body = f.message + "\n";
    if (!f.commit.empty()) body += "commit " + f.commit + "\n";
    for (const auto& path : f.paths) body += "path: " + path + "\n";
    if (!f.fix.empty()) body += "fix: " + f.fix + "\n";
    add("perfwarden",
        {"perfwarden.policy", f.rule + ": " + f.message, "failure", f.rule, f.message, body});
  }

  auto tally = [](const std::vector<TestCase>& cases, const char* outcome) {
    std::size_t n = 0;
    for (const auto& c : cases) n += c.outcome == outcome;
    return n;
  };
  std::size_t tests = 0, failures = 0, skipped = 0;
  for (const auto& [name, cases] : suites) {
    tests += cases.size();
    failures += tally(cases, "failure");
    skipped += tally(cases, "skipped");
  }

  std::ostringstream out;
  char time[32];
  std::snprintf(time, sizeof time, "%.3f", report.timing.total_seconds);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"perfwarden\" tests=\"" << tests << "\" failures=\"" << failures
      << "\" errors=\"0\" skipped=\"" << skipped << "\" time=\"" << time << "\">\n";
  for (const auto& name : suite_order) {
    const auto& cases = suites[name];
    out << "  <testsuite name=\"" << escape_xml_attribute(name) << "\" tests=\"" << cases.size()
        << "\" failures=\"" << tally(cases, "failure") << "\" errors=\"0\" skipped=\""
        << tally(cases, "skipped") << "\">\n";
    if (!report.notices.empty()) {
      out << "    <properties>\n";
      for (const auto& notice : report.notices) {
        out << "      <property name=\"perfwarden.notice\" value=\"" << escape_xml_attribute(notice)
            << "\"/>\n";
      }
      out << "    </properties>\n";
    }
    for (const auto& c : cases) write_case(out, c);
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
  return out.str();
}

}  // namespace perfwarden::report
