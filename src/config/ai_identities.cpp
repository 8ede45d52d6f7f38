#include "config/ai_identities.h"

#include "config/glob.h"

namespace perfwarden::config {
namespace {

bool usable_text(const std::string& text) {
  if (text.empty() || text.size() > 256) return false;
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  }
  return true;
}

std::vector<std::string> parse_string_list(const JsonFields& fields, const Json& value,
                                           const std::string& field, std::string_view example) {
  fields.require_array(value, field, example);
  std::vector<std::string> result;
  for (std::size_t i = 0; i < value.size(); ++i) {
    std::string text = fields.require_string(value[i], JsonFields::item(field, i));
    if (!usable_text(text)) {
      fields.fail(JsonFields::item(field, i),
                  "must be 1 to 256 characters without control characters",
                  std::string("e.g. ") + std::string(example));
    }
    result.push_back(std::move(text));
  }
  return result;
}

}  // namespace

std::string AiIdentities::match(std::string_view name, std::string_view email) const {
  for (const auto& pattern : identities) {
    if ((!name.empty() && wildcard_matches(pattern, name)) ||
        (!email.empty() && wildcard_matches(pattern, email))) {
      return pattern;
    }
  }
  return {};
}

AiIdentities default_ai_identities() {
  AiIdentities ai;
  // Exact names rather than "Claude *": people are called Claude too. The assistants' commit
  // emails catch the rest ("Co-authored-by: Claude <noreply@anthropic.com>").
  ai.identities = {
      "Claude",
      "Claude Code",
      "Claude Opus*",
      "Claude Sonnet*",
      "Claude Haiku*",
      "noreply@anthropic.com",
      "Copilot",
      "GitHub Copilot",
      "*+Copilot@users.noreply.github.com",
      "copilot@github.com",
      "Cursor",
      "Cursor Agent",
      "cursoragent@cursor.com",
      "Codex",
      "OpenAI Codex",
      "codex@openai.com",
      "Devin",
      "Devin AI",
      "Gemini",
      "Gemini Code Assist",
      "aider",
      "aider (*)",
      "* (aider)",
      "noreply@aider.chat",
      "ChatGPT",
      "*[bot]",
      "*[bot]@*",
  };
  ai.coauthor_trailers = {"Co-authored-by", "Co-developed-by"};
  ai.markers = {{"Generated-by", "*"},   {"Assisted-by", "*"},      {"AI-Assisted", "yes"},
                {"AI-Assisted", "true"}, {"X-AI-Generated", "yes"}, {"X-AI-Generated", "true"},
                {"X-AI-Generated", "1"}};
  return ai;
}

AiIdentities parse_ai_identities(const JsonFields& fields, const Json& value) {
  fields.require_object(value, "ai_identities");
  fields.reject_unknown_keys(value, "ai_identities",
                             {"defaults", "identities", "coauthor_trailers", "trailers"});
  AiIdentities ai;
  bool defaults = !value.contains("defaults") ||
                  fields.require_bool(value["defaults"], "ai_identities.defaults");
  if (defaults) ai = default_ai_identities();

  if (value.contains("identities")) {
    for (auto& pattern : parse_string_list(fields, value["identities"], "ai_identities.identities",
                                           R"(["Our Agent", "*@agents.example.com"])")) {
      ai.identities.push_back(std::move(pattern));
    }
  }
  if (value.contains("coauthor_trailers")) {
    for (auto& key :
         parse_string_list(fields, value["coauthor_trailers"], "ai_identities.coauthor_trailers",
                           R"(["Co-authored-by"])")) {
      ai.coauthor_trailers.push_back(std::move(key));
    }
  }
  if (value.contains("trailers")) {
    const auto& trailers = fields.require_object(value["trailers"], "ai_identities.trailers");
    for (const auto& [key, values] : trailers.items()) {
      const std::string field = "ai_identities.trailers." + key;
      if (!usable_text(key) || key.find(':') != std::string::npos ||
          key.find(' ') != std::string::npos) {
        fields.fail(field, "is not a trailer key", R"(e.g. "Generated-by": "*")");
      }
      std::vector<std::string> patterns =
          values.is_array() ? parse_string_list(fields, values, field, R"(["yes", "true"])")
                            : std::vector<std::string>{fields.require_string(values, field)};
      for (auto& pattern : patterns) ai.markers.push_back({key, std::move(pattern)});
    }
  }
  return ai;
}

}  // namespace perfwarden::config
