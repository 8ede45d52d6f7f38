// The JSON report read back: every field the renderer writes survives the round trip, and a
// file that is not a perfwarden report is refused with its name and the offending field.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report/json_reader.h"
#include "report/json_renderer.h"
#include "support/report_fixture.h"
#include "util/error.h"
#include "util/files.h"

namespace perfwarden::report {
namespace {

std::string error_of(const std::string& text, const std::string& source = "shard-1.json") {
  try {
    read_json_report(text, source);
  } catch (const Error& e) {
    EXPECT_EQ(e.exit_code(), ExitCode::kUsage);
    return e.what();
  }
  return "(no error)";
}

TEST(JsonReader, RoundTripIsByteIdentical) {
  for (Report original : {testing::sample_report(), testing::hostile_report()}) {
    original.shard = Shard{2, 3};
    original.settings.confirmation_rounds_planned = 10;
    std::string rendered = render_json(original);
    Report read = read_json_report(rendered, "report.json");
    EXPECT_EQ(render_json(read), rendered);
    ASSERT_TRUE(read.shard.has_value());
    EXPECT_EQ(read.shard->index, 2);
    EXPECT_EQ(read.shard->count, 3);
    EXPECT_EQ(read.benchmarks.size(), original.benchmarks.size());
    EXPECT_EQ(read.passed(), original.passed());
  }
}

TEST(JsonReader, ReadsAFile) {
  util::TempDir dir("pw-json-reader");
  util::write_file_atomically(dir.path() / "r.json", render_json(testing::sample_report()));
  Report read = read_json_report_file(dir.path() / "r.json");
  EXPECT_FALSE(read.shard.has_value());
  EXPECT_EQ(read.benchmarks.size(), testing::sample_report().benchmarks.size());
}

TEST(JsonReader, MissingFileNamesIt) {
  try {
    read_json_report_file("/nonexistent/shard-2.json");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/shard-2.json"), std::string::npos);
  }
}

TEST(JsonReader, RefusesWhatIsNotAReport) {
  EXPECT_NE(error_of("{ not json").find("shard-1.json: not valid JSON"), std::string::npos);
  EXPECT_NE(error_of("[]").find("shard-1.json"), std::string::npos);
  EXPECT_NE(error_of(R"({"schema": "perfwarden.report/2"})")
                .find("'perfwarden.report/2', expected 'perfwarden.report/1'"),
            std::string::npos);
  EXPECT_NE(error_of(R"({"benchmarks": []})").find("schema is none"), std::string::npos);
}

TEST(JsonReader, NamesTheOffendingField) {
  auto document = nlohmann::json::parse(render_json(testing::sample_report()));
  auto broken = document;
  broken["benchmarks"][1]["ci"] = {1.0};
  EXPECT_NE(error_of(broken.dump())
                .find("shard-1.json: field 'benchmarks[1].ci': must be an array of two numbers"),
            std::string::npos)
      << error_of(broken.dump());
  broken = document;
  broken["benchmarks"][0].erase("p_value");
  EXPECT_NE(error_of(broken.dump()).find("field 'benchmarks[0].p_value': missing"),
            std::string::npos);
  broken = document;
  broken["benchmarks"][0]["verdict"] = "fine";
  EXPECT_NE(error_of(broken.dump()).find("field 'benchmarks[0].verdict': must be regression"),
            std::string::npos);
  broken = document;
  broken["shard"] = {{"index", 3}, {"count", 2}};
  EXPECT_NE(error_of(broken.dump()).find("field 'shard': must have 1 <= index <= count"),
            std::string::npos);
  broken = document;
  broken["settings"]["rounds_run"] = "ten";
  EXPECT_NE(error_of(broken.dump())
                .find("field 'settings.rounds_run': expected a whole number from -2147483648 to "
                      "2147483647, got string"),
            std::string::npos)
      << error_of(broken.dump());
  // Found by fuzzing: a float-to-int cast of null or 1e10 (undefined behaviour) became a value.
  for (const char* look : {"null", "1e10", "2.5"}) {
    broken = document;
    broken["settings"]["looks"][0] = nlohmann::json::parse(look);
    EXPECT_NE(error_of(broken.dump()).find("field 'settings.looks[0]': expected a whole number"),
              std::string::npos)
        << look << ": " << error_of(broken.dump());
  }
}

}  // namespace
}  // namespace perfwarden::report
