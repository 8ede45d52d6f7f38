// A shard's JSON report for `perfwarden merge`: reads, or is a usage error naming the file and
// field. What reads renders in every format as well-formed text, round-trips byte for byte
// through render_json, and merges (as a 1-shard run) or is a usage error.

#include "fuzz_contract.h"
#include "gate/shard_merge.h"
#include "report/annotations_renderer.h"
#include "report/console_renderer.h"
#include "report/html_renderer.h"
#include "report/json_reader.h"
#include "report/json_renderer.h"
#include "report/junit_renderer.h"
#include "report/markdown_renderer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace perfwarden;
  report::Report report;
  if (!fuzz::succeeds_or_fails_with(ExitCode::kUsage, [&] {
        report = report::read_json_report(fuzz::as_text(data, size), "shard-1.json");
      })) {
    return 0;
  }
  const std::string json = report::render_json(report);
  fuzz::require_clean_document("json", json);
  report::Report again;
  if (!fuzz::succeeds_or_fails_with(ExitCode::kUsage,
                                    [&] { again = report::read_json_report(json, "again"); })) {
    fuzz::violation("a rendered report does not read back", json);
  }
  fuzz::require(report::render_json(again) == json, "the JSON round trip is not byte-identical");
  fuzz::require_clean_document("markdown", report::render_markdown(report));
  fuzz::require_clean_document("html", report::render_html(report));
  fuzz::require_clean_document("junit", report::render_junit(report));
  fuzz::require_clean_document("annotations", report::render_annotations(report));
  fuzz::require_clean_document("console", report::render_console(report, /*color=*/false));
  fuzz::succeeds_or_fails_with(ExitCode::kUsage, [&] {
    (void)gate::merge_shard_reports({{"shard-1.json", report}});
  });
  return 0;
}
