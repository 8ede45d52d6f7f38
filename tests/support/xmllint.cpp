#include "support/xmllint.h"

#include <filesystem>

#include "util/files.h"
#include "util/subprocess.h"

namespace perfwarden::testing {

namespace {
constexpr const char* kXmllint = "/usr/bin/xmllint";
}

bool xmllint_available() { return std::filesystem::exists(kXmllint); }

std::string xmllint_errors(const std::string& xml) {
  util::TempDir dir("perfwarden-xmllint");
  util::write_file_atomically(dir.path() / "report.xml", xml);
  util::PosixProcessRunner runner;
  auto result = runner.run({.argv = {kXmllint, "--noout", (dir.path() / "report.xml").string()}});
  if (result.succeeded()) return {};
  return "xmllint: " + result.describe_failure() + "\n" + result.stdout_text + result.stderr_text;
}

}  // namespace perfwarden::testing
