#include "build/cmake_file_api.h"

#include <algorithm>
#include <cctype>

#include "util/error.h"
#include "util/files.h"
#include "util/json_document.h"

namespace perfwarden::build {
namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t kMaxReplyBytes = 16u << 20;

fs::path api_dir(const fs::path& build_dir) { return build_dir / ".cmake" / "api" / "v1"; }

// A reply file name as the index or codemodel gives it: plain, no directory, no traversal.
bool plain_file_name(const std::string& name) {
  return !name.empty() && name.size() < 256 && name.find('/') == std::string::npos &&
         name.find('\0') == std::string::npos && name != "." && name != "..";
}

std::string string_member(const util::Json& object, const char* key) {
  const util::Json* value = util::find_member(object, key);
  return value && value->is_string() ? value->get<std::string>() : std::string();
}

template <class Read>
bool parse_reply(std::string_view text, std::string& problem, Read&& read) {
  try {
    return util::read_json_document(text, {}, std::forward<Read>(read));
  } catch (const util::JsonProblem& p) {
    problem = p.describe();
    return false;
  }
}

std::string read_reply_file(const fs::path& path) {
  auto text = util::read_text_file_up_to(path, kMaxReplyBytes);
  if (!text) throw infrastructure_error(path.string() + " is larger than 16 MiB");
  return *text;
}

[[noreturn]] void malformed(const fs::path& path, const std::string& problem) {
  throw infrastructure_error(
      "CMake's File API reply " + path.string() + " is malformed: " + problem,
      "configure the project with CMake 3.14 or newer; report the file if "
      "it persists");
}

// The reply file of `kind` that the newest index names.
fs::path reply_file_of(const fs::path& reply, std::string_view kind) {
  std::vector<fs::path> indexes;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(reply, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with("index-") && name.ends_with(".json")) indexes.push_back(entry.path());
  }
  if (indexes.empty()) {
    throw infrastructure_error("CMake wrote no File API reply in " + reply.string(),
                               "perfwarden init needs CMake 3.14 or newer");
  }
  // Index names sort by time of writing: the last is the newest.
  const fs::path index = *std::max_element(indexes.begin(), indexes.end());
  std::string file, problem;
  if (!parse_reply_index(read_reply_file(index), file, problem, kind)) malformed(index, problem);
  return file;
}

}  // namespace

bool is_google_benchmark_library(std::string_view fragment) {
  // The last path component (or what follows -l).
  std::string_view name = fragment;
  if (name.starts_with("-l")) {
    name.remove_prefix(2);
    return name == "benchmark" || name == "benchmark_main";
  }
  if (auto slash = name.find_last_of('/'); slash != std::string_view::npos)
    name.remove_prefix(slash + 1);
  for (std::string_view stem : {"libbenchmark_main", "libbenchmark"}) {
    if (!name.starts_with(stem)) continue;
    std::string_view rest = name.substr(stem.size());
    if (rest == ".a" || rest == ".so" || rest.starts_with(".so.") || rest == ".dylib") return true;
  }
  // A dependency's target id: "benchmark::@6890427a1f51a3e7e1df" or "benchmark_main::@...".
  return fragment.starts_with("benchmark::@") || fragment.starts_with("benchmark_main::@");
}

void write_codemodel_query(const fs::path& build_dir) {
  for (const char* kind : {"codemodel-v2", "cache-v2"})
    util::write_file_atomically(api_dir(build_dir) / "query" / kind, "");
}

void write_cache_query(const fs::path& build_dir) {
  util::write_file_atomically(api_dir(build_dir) / "query" / "cache-v2", "");
}

std::string unoptimised_build_reason(const std::vector<CMakeCacheEntry>& entries) {
  auto value_of = [&](std::string_view name) -> const std::string* {
    for (const auto& entry : entries)
      if (entry.name == name) return &entry.value;
    return nullptr;
  };
  if (value_of("CMAKE_CONFIGURATION_TYPES")) return "";
  const std::string* type = value_of("CMAKE_BUILD_TYPE");
  std::string kind = type ? *type : "";
  for (char& c : kind) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (!kind.empty() && kind != "DEBUG") return "";
  std::string flags;
  for (std::string_view name : {"CMAKE_CXX_FLAGS", "CMAKE_C_FLAGS"}) {
    if (const std::string* value = value_of(name)) flags += " " + *value;
  }
  if (kind == "DEBUG") {
    for (std::string_view name : {"CMAKE_CXX_FLAGS_DEBUG", "CMAKE_C_FLAGS_DEBUG"}) {
      if (const std::string* value = value_of(name)) flags += " " + *value;
    }
  }
  for (std::string_view optimising :
       {" -O", " -O1", " -O2", " -O3", " -Os", " -Ofast", " -Oz", " /O1", " /O2", " /Ox"}) {
    if ((flags + " ").find(std::string(optimising) + " ") != std::string::npos) return "";
  }
  return kind.empty() ? "its CMAKE_BUILD_TYPE is empty" : "its CMAKE_BUILD_TYPE is Debug";
}

bool parse_reply_index(std::string_view text, std::string& reply_file, std::string& problem,
                       std::string_view kind) {
  return parse_reply(text, problem, [&](const util::Json& index) {
    const std::string key(kind);
    const util::Json* reply = util::find_member(index, "reply");
    const util::Json* object = reply ? util::find_member(*reply, key.c_str()) : nullptr;
    if (!object || !object->is_object()) {
      problem = "no " + key + " reply (was the query written before configuring?)";
      return false;
    }
    reply_file = string_member(*object, "jsonFile");
    if (!plain_file_name(reply_file)) {
      problem = "reply." + key + ".jsonFile is not a plain file name";
      return false;
    }
    return true;
  });
}

bool parse_cache(std::string_view text, std::vector<CMakeCacheEntry>& entries,
                 std::string& problem) {
  return parse_reply(text, problem, [&](const util::Json& cache) {
    const util::Json* list = util::find_member(cache, "entries");
    if (!list || !list->is_array()) {
      problem = "entries is not an array";
      return false;
    }
    for (const auto& item : *list) {
      CMakeCacheEntry entry{string_member(item, "name"),
                            string_member(item, "type"),
                            string_member(item, "value"),
                            {}};
      if (entry.name.empty()) continue;  // nothing to set: not an option
      if (const util::Json* properties = util::find_member(item, "properties");
          properties && properties->is_array()) {
        for (const auto& property : *properties) {
          if (string_member(property, "name") == "HELPSTRING")
            entry.help = string_member(property, "value");
        }
      }
      entries.push_back(std::move(entry));
    }
    return true;
  });
}

std::vector<std::string> benchmark_switches(const std::vector<CMakeCacheEntry>& entries) {
  constexpr std::size_t kMaxSwitches = 16;
  auto upper = [](std::string text) {
    for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
  };
  auto is_false = [&](const std::string& value) {
    const std::string v = upper(value);
    return v.empty() || v == "OFF" || v == "0" || v == "FALSE" || v == "NO" || v == "N" ||
           v == "IGNORE" || v == "NOTFOUND" || v.ends_with("-NOTFOUND");
  };
  // A name CMake takes on the command line as -DNAME=ON, nothing that could split the argument.
  auto plain_name = [](const std::string& name) {
    return name.size() <= 128 && std::all_of(name.begin(), name.end(), [](char c) {
             return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
           });
  };
  std::vector<std::string> switches;
  for (const CMakeCacheEntry& entry : entries) {
    const std::string name = upper(entry.name);
    const bool about_benchmarks = name.find("BENCH") != std::string::npos ||
                                  upper(entry.help).find("BENCHMARK") != std::string::npos;
    const bool turns_off = name.find("DISABLE") != std::string::npos ||
                           name.find("SKIP") != std::string::npos ||
                           name.find("NO_") != std::string::npos;
    if (entry.type != "BOOL" || !about_benchmarks || turns_off || !is_false(entry.value) ||
        name.starts_with("BENCHMARK_") || name.starts_with("CMAKE_") || !plain_name(entry.name))
      continue;
    switches.push_back(entry.name);
  }
  std::sort(switches.begin(), switches.end());
  switches.erase(std::unique(switches.begin(), switches.end()), switches.end());
  if (switches.size() > kMaxSwitches) switches.resize(kMaxSwitches);
  return switches;
}

bool parse_codemodel(std::string_view text, std::vector<std::string>& target_files,
                     std::string& problem) {
  return parse_reply(text, problem, [&](const util::Json& model) {
    const util::Json* configurations = util::find_member(model, "configurations");
    if (!configurations || !configurations->is_array() || configurations->empty()) {
      problem = "no configurations";
      return false;
    }
    const util::Json* targets = util::find_member((*configurations)[0], "targets");
    if (!targets || !targets->is_array()) {
      problem = "configurations[0].targets is not an array";
      return false;
    }
    for (std::size_t i = 0; i < targets->size(); ++i) {
      std::string file = string_member((*targets)[i], "jsonFile");
      if (!plain_file_name(file)) {
        problem = "configurations[0].targets[" + std::to_string(i) +
                  "].jsonFile is not a plain file name";
        return false;
      }
      target_files.push_back(std::move(file));
    }
    return true;
  });
}

bool parse_codemodel_target(std::string_view text, ExecutableTarget& target, bool& is_executable,
                            std::string& problem) {
  return parse_reply(text, problem, [&](const util::Json& json) {
    target.name = string_member(json, "name");
    if (target.name.empty()) {
      problem = "a target without a name";
      return false;
    }
    is_executable = string_member(json, "type") == "EXECUTABLE";
    if (!is_executable) return true;
    const util::Json* artifacts = util::find_member(json, "artifacts");
    if (artifacts && artifacts->is_array() && !artifacts->empty())
      target.artifact = string_member((*artifacts)[0], "path");
    if (target.artifact.empty()) {
      problem = "executable '" + target.name.substr(0, 64) + "' has no artifact path";
      return false;
    }
    target.links_benchmark = false;
    if (const util::Json* link = util::find_member(json, "link")) {
      if (const util::Json* fragments = util::find_member(*link, "commandFragments");
          fragments && fragments->is_array()) {
        for (const auto& fragment : *fragments) {
          if (is_google_benchmark_library(string_member(fragment, "fragment")))
            target.links_benchmark = true;
        }
      }
    }
    if (const util::Json* dependencies = util::find_member(json, "dependencies");
        dependencies && dependencies->is_array()) {
      for (const auto& dependency : *dependencies) {
        if (is_google_benchmark_library(string_member(dependency, "id")))
          target.links_benchmark = true;
      }
    }
    return true;
  });
}

std::vector<ExecutableTarget> read_codemodel_executables(const fs::path& build_dir) {
  const fs::path reply = api_dir(build_dir) / "reply";
  const fs::path codemodel = reply / reply_file_of(reply, "codemodel-v2");
  std::string problem;
  std::vector<std::string> target_files;
  if (!parse_codemodel(read_reply_file(codemodel), target_files, problem))
    malformed(codemodel, problem);
  std::vector<ExecutableTarget> executables;
  for (const auto& file : target_files) {
    ExecutableTarget target;
    bool is_executable = false;
    if (!parse_codemodel_target(read_reply_file(reply / file), target, is_executable, problem))
      malformed(reply / file, problem);
    if (is_executable) executables.push_back(std::move(target));
  }
  return executables;
}

std::vector<CMakeCacheEntry> read_cache_entries(const fs::path& build_dir) {
  const fs::path reply = api_dir(build_dir) / "reply";
  const fs::path cache = reply / reply_file_of(reply, "cache-v2");
  std::vector<CMakeCacheEntry> entries;
  std::string problem;
  if (!parse_cache(read_reply_file(cache), entries, problem)) malformed(cache, problem);
  return entries;
}

}  // namespace perfwarden::build
