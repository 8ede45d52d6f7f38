#include "cli/bash_completion.h"

#include <CLI/CLI.hpp>

#include <sstream>

namespace perfwarden::cli {
namespace {

// A command path ("", "cache", "cache prune") as a bash associative-array key.
std::string key_of(const std::string& path) { return path.empty() ? "_" : path; }

// "TEXT:{auto,off}" (CLI::IsMember's description) → "auto off"; "" when no choices are listed.
std::string choices_of(const CLI::Option& option) {
  const std::string type = option.get_type_name();
  auto open = type.find(":{");
  auto close = type.find('}', open);
  if (open == std::string::npos || close == std::string::npos) return {};
  std::string choices = type.substr(open + 2, close - open - 2);
  for (char& c : choices) {
    if (c == ',') c = ' ';
  }
  return choices;
}

// Words are CLI11 names: letters, digits, '-', '_'. Anything else would need quoting in the
// script, and no perfwarden name has it.
bool is_plain_word(const std::string& word) {
  for (char c : word) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ' '))
      return false;
  }
  return true;
}

void describe(const CLI::App& app, const std::string& path, std::ostringstream& out) {
  std::string subcommands;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (!is_plain_word(sub->get_name())) continue;
    subcommands += (subcommands.empty() ? "" : " ") + sub->get_name();
  }
  std::string options;
  std::string valued;
  for (const CLI::Option* option : app.get_options()) {
    for (const auto& name : option->get_lnames()) {
      if (!is_plain_word(name)) continue;
      options += (options.empty() ? "--" : " --") + name;
      if (option->get_items_expected_min() > 0) {
        valued += (valued.empty() ? "--" : " --") + name;
        if (auto choices = choices_of(*option); !choices.empty() && is_plain_word(choices)) {
          out << "  _perfwarden_choices[\"" << key_of(path) << " --" << name << "\"]=\"" << choices
              << "\"\n";
        }
      }
    }
  }
  out << "  _perfwarden_subcommands[\"" << key_of(path) << "\"]=\"" << subcommands << "\"\n"
      << "  _perfwarden_options[\"" << key_of(path) << "\"]=\"" << options << "\"\n"
      << "  _perfwarden_valued[\"" << key_of(path) << "\"]=\"" << valued << "\"\n";
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (is_plain_word(sub->get_name()))
      describe(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), out);
  }
}

}  // namespace

std::string bash_completion_script(const CLI::App& app) {
  std::ostringstream out;
  out << "# bash completion for perfwarden, generated from its command definitions by\n"
         "# `perfwarden completion bash`. Install: put it in\n"
         "# /usr/share/bash-completion/completions/perfwarden, or source it from ~/.bashrc.\n"
         "_perfwarden() {\n"
         "  local -A _perfwarden_subcommands _perfwarden_options _perfwarden_valued "
         "_perfwarden_choices\n";
  describe(app, "", out);
  // Walk the words before the cursor: subcommand names descend, a valued option skips its
  // value; then offer the choices or files an option wants, else subcommands and options.
  out << R"(  local cur="${COMP_WORDS[COMP_CWORD]}" path="" i=1 word
  while [ "$i" -lt "$COMP_CWORD" ]; do
    word="${COMP_WORDS[i]}"
    local key="${path:-_}"
    if [[ "$word" == --* ]]; then
      if [[ "$word" != *=* && " ${_perfwarden_valued[$key]} " == *" $word "* ]]; then
        i=$((i + 1))
      fi
    elif [[ " ${_perfwarden_subcommands[$key]} " == *" $word "* ]]; then
      path="${path:+$path }$word"
    fi
    i=$((i + 1))
  done
  local key="${path:-_}" prev=""
  [ "$COMP_CWORD" -gt 0 ] && prev="${COMP_WORDS[COMP_CWORD - 1]}"
  if [[ "$prev" == --* && " ${_perfwarden_valued[$key]} " == *" $prev "* ]]; then
    local choices="${_perfwarden_choices[$key $prev]}"
    if [ -n "$choices" ]; then
      mapfile -t COMPREPLY < <(compgen -W "$choices" -- "$cur")
    else
      mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    fi
    return 0
  fi
  if [[ "$cur" == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "${_perfwarden_options[$key]}" -- "$cur")
  elif [ -n "${_perfwarden_subcommands[$key]}" ]; then
    mapfile -t COMPREPLY < <(compgen -W "${_perfwarden_subcommands[$key]}" -- "$cur")
  else
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
  fi
  return 0
}
complete -o filenames -F _perfwarden perfwarden
)";
  return out.str();
}

}  // namespace perfwarden::cli
