// Untrusted text (benchmark names, commit subjects, trailers, reasons) through every renderer:
// nothing a pull request writes may become markup, a link, a mention or a workflow command.

#include <gtest/gtest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "report/annotations_renderer.h"
#include "report/console_renderer.h"
#include "report/escape.h"
#include "report/html_renderer.h"
#include "report/json_renderer.h"
#include "report/junit_renderer.h"
#include "report/markdown_renderer.h"
#include "support/report_fixture.h"
#include "support/xmllint.h"

namespace perfwarden::report {
namespace {

constexpr const char* kZeroWidthSpace = "\xE2\x80\x8B";

TEST(ReportEscape, MarkdownBackslashesEveryMarkupCharacter) {
  EXPECT_EQ(escape_markdown("a*b_c[d](e)<f>#g|h!i`j~k\\l"),
            "a\\*b\\_c\\[d\\]\\(e\\)\\<f\\>\\#g\\|h\\!i\\`j\\~k\\\\l");
  EXPECT_EQ(escape_markdown("[x](javascript:alert(1))"), "\\[x\\]\\(javascript:alert\\(1\\)\\)");
  EXPECT_EQ(escape_markdown("&lt;"), "&amp;lt;");
  EXPECT_EQ(escape_markdown("two\nlines\r\n"), "two lines  ");
  EXPECT_EQ(escape_markdown("ping @everyone"),
            std::string("ping @") + kZeroWidthSpace + "everyone");
  EXPECT_EQ(escape_markdown("bad\xff"), "bad\xEF\xBF\xBD");
}

TEST(ReportEscape, MarkdownCodeBlockFenceOutlastsTheContent) {
  EXPECT_EQ(markdown_code_block("log"), "```text\nlog\n```\n");
  EXPECT_EQ(markdown_code_block("a ```` b\n"), "`````text\na ```` b\n`````\n");
}

TEST(ReportEscape, HtmlEntities) {
  EXPECT_EQ(escape_html("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
  EXPECT_EQ(escape_html("a&b \"c\" 'd'"), "a&amp;b &quot;c&quot; &#39;d&#39;");
}

TEST(ReportEscape, XmlEntitiesAndForbiddenCharacters) {
  EXPECT_EQ(escape_xml("<a b=\"c\" d='e'>&</a>"),
            "&lt;a b=&quot;c&quot; d=&apos;e&apos;&gt;&amp;&lt;/a&gt;");
  EXPECT_EQ(escape_xml("tab\tnl\ncr\r"), "tab\tnl\ncr&#13;");
  EXPECT_EQ(escape_xml_attribute("tab\tnl\ncr\r"), "tab&#9;nl&#10;cr&#13;");
  EXPECT_EQ(escape_xml_attribute("<'\"&>"), "&lt;&apos;&quot;&amp;&gt;");
  EXPECT_EQ(escape_xml("x\x01\x1b\x7fy\xEF\xBF\xBEz"), "x\x7fyz");                // U+FFFE removed
  EXPECT_EQ(escape_xml("\xC0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong NUL
  EXPECT_EQ(escape_xml("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(escape_xml("µs €"), "µs €");
}

TEST(ReportEscape, WorkflowCommands) {
  EXPECT_EQ(escape_workflow_data("50% a:b,c\r\n::x"), "50%25 a:b,c%0D%0A::x");
  EXPECT_EQ(escape_workflow_property("50% a:b,c\r\n"), "50%25 a%3Ab%2Cc%0D%0A");
  // Found by fuzzing: an escape sequence or invalid UTF-8 reached the workflow log as is.
  EXPECT_EQ(escape_workflow_data("red \x1b[31mtext\x07\tend \xff"),
            "red [31mtext\tend \xEF\xBF\xBD");
}

// Text outside escape sequences, for the checks below.
bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// `needle` somewhere without a backslash escaping its first character.
bool contains_unescaped(const std::string& haystack, const std::string& needle) {
  for (auto at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1)) {
    if (at == 0 || haystack[at - 1] != '\\') return true;
  }
  return false;
}

// Markdown outside fenced code blocks (whose content GitHub shows verbatim, never renders).
std::string outside_code_blocks(const std::string& markdown) {
  std::string kept;
  std::string fence;
  std::istringstream lines(markdown);
  for (std::string line; std::getline(lines, line);) {
    if (fence.empty() && line.rfind("```", 0) == 0) {
      fence = line.substr(0, line.find_first_not_of('`'));
    } else if (!fence.empty() && line == fence) {
      fence.clear();
    } else if (fence.empty()) {
      kept += line + "\n";
    }
  }
  return kept;
}

TEST(ReportEscape, MarkdownRendererLetsNoMarkupThrough) {
  std::string full = render_markdown(testing::hostile_report());
  // The log tail is shown verbatim in a fence the log cannot close.
  EXPECT_TRUE(contains(full, "````text\n")) << full;
  std::string md = outside_code_blocks(full);
  EXPECT_FALSE(contains_unescaped(md, "<img")) << md;
  EXPECT_FALSE(contains_unescaped(md, "<script")) << md;
  EXPECT_FALSE(contains_unescaped(md, "</script")) << md;
  EXPECT_FALSE(contains(md, "](javascript")) << md;
  EXPECT_FALSE(contains(md, "@everyone")) << md;
  EXPECT_FALSE(contains(md, "![i]")) << md;
  EXPECT_TRUE(contains(md, "\\<img src=x onerror=alert\\(1\\)\\>")) << md;
  // Every table row still has its columns: no unescaped pipe split a cell.
  std::istringstream lines(md);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("| ", 0) != 0) continue;
    std::size_t pipes = 0;
    for (std::size_t i = 0; i < line.size(); ++i)
      pipes += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
    EXPECT_TRUE(pipes == 9 || pipes == 7) << line;
  }
}

TEST(ReportEscape, HtmlRendererEscapesEveryUntrustedString) {
  std::string html = render_html(testing::hostile_report());
  EXPECT_FALSE(contains(html, "<img")) << html;
  EXPECT_FALSE(contains(html, "<script")) << html;
  EXPECT_TRUE(contains(html, "&lt;img src=x onerror=alert(1)&gt;"));
  EXPECT_TRUE(contains(html, "default-src 'none'; style-src 'unsafe-inline'; img-src data:"));
  EXPECT_FALSE(contains(html, "http://evil/x.png\"")) << "an untrusted URL became an attribute";
  EXPECT_FALSE(contains(html, "\x01"));
  EXPECT_FALSE(contains(html, std::string(1, '\0')));
}

TEST(ReportEscape, ConsoleRendererPrintsUntrustedTextTerminalSafe) {
  std::string console = render_console(testing::hostile_report(), /*color=*/false);
  EXPECT_FALSE(contains(console, "\x1b")) << console;
  EXPECT_FALSE(contains(console, "\x01"));
  EXPECT_FALSE(contains(console, std::string(1, '\0')));
  EXPECT_FALSE(contains(console, "\r"));
  EXPECT_TRUE(contains(console, "\\x1b[31m bad\xEF\xBF\xBD\xEF\xBF\xBD utf8")) << console;
}

TEST(ReportEscape, JUnitRendererWritesWellFormedXml) {
  std::string xml = render_junit(testing::hostile_report());
  EXPECT_FALSE(contains(xml, "<img")) << xml;
  EXPECT_FALSE(contains(xml, "<script")) << xml;
  EXPECT_FALSE(contains(xml, "\x01"));
  EXPECT_FALSE(contains(xml, "\x1b"));
  EXPECT_FALSE(contains(xml, std::string(1, '\0')));
  if (!testing::xmllint_available()) GTEST_SKIP() << testing::kXmllintMissing;
  EXPECT_EQ(testing::xmllint_errors(xml), "") << xml;
}

TEST(ReportEscape, AnnotationsCannotInjectCommands) {
  std::string annotations = render_annotations(testing::hostile_report());
  ASSERT_FALSE(annotations.empty());
  std::istringstream lines(annotations);
  for (std::string line; std::getline(lines, line);) {
    // Exactly one command per line, and its properties hold no raw separators.
    ASSERT_TRUE(line.rfind("::error ", 0) == 0 || line.rfind("::warning ", 0) == 0 ||
                line.rfind("::notice ", 0) == 0)
        << line;
    std::size_t end_of_properties = line.find("::", 2);
    ASSERT_NE(end_of_properties, std::string::npos) << line;
    std::string properties =
        line.substr(line.find(' ') + 1, end_of_properties - line.find(' ') - 1);
    EXPECT_FALSE(contains(properties, ":")) << properties;
    EXPECT_FALSE(contains(line, "\r")) << line;
  }
  EXPECT_TRUE(contains(annotations, "file=src/a%2Cb%3Ac.cpp,")) << annotations;
}

TEST(ReportEscape, JsonAndConsoleSurviveInvalidUtf8) {
  auto report = testing::hostile_report();
  auto json = nlohmann::json::parse(render_json(report));
  EXPECT_EQ(json["benchmarks"][0]["name"], "<img src=x onerror=alert(1)>");  // data, kept as is
  EXPECT_FALSE(render_console(report, false).empty());
}

TEST(ReportAnnotations, RegressionsOnHotPathFilesFindingsAndFailures) {
  std::string annotations = render_annotations(testing::sample_report());
  EXPECT_TRUE(
      contains(annotations,
               "::error file=src/order_book.cpp,title=perfwarden%3A core/BM_FindPrice/4096 "
               "regression::core/BM_FindPrice/4096 [real_time] +31.0%25 [+22.0%25, +40.0%25] "
               "(threshold 5%25): significant"))
      << annotations;
  EXPECT_TRUE(contains(annotations, "::error file=src/price_index.h,")) << annotations;
  EXPECT_TRUE(contains(annotations,
                       "::error title=perfwarden%3A core/BM_FindPrice/4096 regression since "
                       "the stored baseline::"))
      << annotations;
  EXPECT_TRUE(
      contains(annotations, "::warning title=perfwarden%3A io/BM_Noisy advisory regression::"))
      << annotations;
  EXPECT_TRUE(contains(annotations,
                       "::notice file=src/order_book.cpp,title=perfwarden%3A core/BM_Rebuild "
                       "regression accepted::"))
      << annotations;
  EXPECT_TRUE(contains(annotations,
                       "::error file=src/order_book.cpp,title=perfwarden policy%3A "
                       "owner-required::"))
      << annotations;
  EXPECT_TRUE(contains(annotations, "::error title=perfwarden%3A head suite 'io' does not build::"))
      << annotations;
  EXPECT_FALSE(contains(annotations, "BM_Flush")) << "inconclusive results are not annotated";
  EXPECT_FALSE(contains(annotations, "BM_Insert")) << "improvements are not annotated";
}

}  // namespace
}  // namespace perfwarden::report
