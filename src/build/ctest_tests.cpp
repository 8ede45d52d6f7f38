#include "build/ctest_tests.h"

#include <chrono>

#include "util/error.h"
#include "util/json_document.h"
#include "util/subprocess.h"

namespace perfwarden::build {
namespace {

std::vector<std::pair<std::string, std::string>> environment_of(const util::Json& value) {
  std::vector<std::pair<std::string, std::string>> environment;
  if (!value.is_array()) return environment;
  for (const auto& entry : value) {
    if (!entry.is_string()) continue;
    const std::string setting = entry.get<std::string>();
    const auto equals = setting.find('=');
    if (equals == 0 || equals == std::string::npos) continue;
    environment.emplace_back(setting.substr(0, equals), setting.substr(equals + 1));
  }
  return environment;
}

}  // namespace

bool parse_ctest_tests(std::string_view text, std::vector<CTestTest>& tests, std::string& problem) {
  try {
    return util::read_json_document(text, {}, [&](const util::Json& json) {
      const util::Json* list = util::find_member(json, "tests");
      if (!list || !list->is_array()) {
        problem = "no \"tests\" array: not the output of ctest --show-only=json-v1";
        return false;
      }
      for (const auto& entry : *list) {
        CTestTest test;
        if (const util::Json* name = util::find_member(entry, "name"); name && name->is_string())
          test.name = name->get<std::string>();
        if (const util::Json* command = util::find_member(entry, "command");
            command && command->is_array()) {
          for (const auto& arg : *command) {
            if (!arg.is_string()) {
              test.command.clear();  // not a command CTest would write
              break;
            }
            test.command.push_back(arg.get<std::string>());
          }
        }
        if (const util::Json* properties = util::find_member(entry, "properties");
            properties && properties->is_array()) {
          for (const auto& property : *properties) {
            const util::Json* name = util::find_member(property, "name");
            const util::Json* value = util::find_member(property, "value");
            if (!name || !name->is_string() || !value) continue;
            if (*name == "WORKING_DIRECTORY" && value->is_string()) {
              test.working_directory = value->get<std::string>();
            } else if (*name == "ENVIRONMENT") {
              test.environment = environment_of(*value);
            }
          }
        }
        tests.push_back(std::move(test));
      }
      return true;
    });
  } catch (const util::JsonProblem& p) {
    problem = p.describe();
    return false;
  }
}

std::vector<CTestTest> list_ctest_tests(util::ProcessRunner& runner,
                                        const std::filesystem::path& build_dir) {
  std::vector<CTestTest> tests;
  try {
    auto result = runner.run({.argv = {"ctest", "--show-only=json-v1"},
                              .working_directory = build_dir,
                              .timeout = std::chrono::minutes(2)});
    std::string problem;
    if (!result.succeeded() || result.stdout_too_large ||
        !parse_ctest_tests(result.stdout_text, tests, problem)) {
      tests.clear();
    }
  } catch (const Error&) {
    // No ctest on PATH: nothing to learn from.
  }
  return tests;
}

}  // namespace perfwarden::build
