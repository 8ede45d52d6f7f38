#pragma once

// "ai_identities": what marks a commit as written by an AI coding assistant or a bot, and which
// identities can never be an accountable owner. Built-in defaults, extendable (or replaceable)
// in perfwarden.json.

#include <string>
#include <string_view>
#include <vector>

#include "config/config_fields.h"

namespace perfwarden::config {

// A trailer that marks a commit as AI-generated when its value matches (config/glob.h wildcard).
struct TrailerMarker {
  std::string key;    // compared case-insensitively, e.g. "AI-Assisted"
  std::string value;  // wildcard, e.g. "yes" or "*"
};

struct AiIdentities {
  // Wildcards (case-insensitive, only '*' and '?' special) over a person's name or email:
  // "Claude", "noreply@anthropic.com", "*[bot]".
  std::vector<std::string> identities;
  // Trailers naming a person ("Name <email>") who took part: an AI identity there marks the
  // commit, e.g. "Co-authored-by: Claude <noreply@anthropic.com>".
  std::vector<std::string> coauthor_trailers;
  std::vector<TrailerMarker> markers;

  // The first pattern that `name` or `email` matches, or "" when neither is an AI or bot.
  std::string match(std::string_view name, std::string_view email) const;
};

// Claude, Copilot, Cursor, Codex, Devin, Gemini, aider, ChatGPT (names and their commit emails),
// any "*[bot]" account; Co-authored-by / Co-developed-by; Generated-by, Assisted-by,
// AI-Assisted: yes|true, X-AI-Generated: yes|true|1.
AiIdentities default_ai_identities();

// "ai_identities": { "defaults": true,                 // false: replace the built-in lists
//                    "identities": ["Our Agent", "*@agents.example.com"],
//                    "coauthor_trailers": ["Co-authored-by"],
//                    "trailers": { "Generated-by": "*", "AI-Assisted": ["yes", "true"] } }
AiIdentities parse_ai_identities(const JsonFields& fields, const Json& value);

}  // namespace perfwarden::config
