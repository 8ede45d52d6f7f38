#include "bench/callgrind_output.h"

#include <charconv>
#include <optional>
#include <vector>

namespace perfwarden::bench {
namespace {

std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    std::size_t start = i;
    while (i < text.size() && text[i] != ' ' && text[i] != '\t') ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::optional<std::uint64_t> parse_count(std::string_view word) {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
  if (ec != std::errc() || end != word.data() + word.size()) return std::nullopt;
  return value;
}

// The `index`-th cost of a line whose first `skip` words are positions; absent costs are zero.
std::optional<std::uint64_t> cost_at(std::string_view line, std::size_t skip, std::size_t index) {
  auto words = split_words(line);
  if (skip > 0 && (words.empty() || std::string_view("0123456789+-*").find(words.front()[0]) ==
                                        std::string_view::npos)) {
    return std::nullopt;  // a cost line starts with a position
  }
  if (words.size() <= skip + index)
    return words.size() >= skip ? std::optional<std::uint64_t>(0) : std::nullopt;
  return parse_count(words[skip + index]);
}

// Function names may be compressed: "(id) name" defines an id, "(id)" refers back to it.
bool resolve_name(std::string_view spec, std::map<std::string, std::string>& names,
                  std::string& name) {
  std::size_t close = spec.find(')');
  bool compressed = starts_with(spec, "(") && close != std::string_view::npos && close > 1 &&
                    parse_count(spec.substr(1, close - 1)).has_value();
  if (!compressed) {  // a plain name, which may itself start with '(': "(below main)"
    name = std::string(spec);
    return true;
  }
  std::string id(spec.substr(1, close - 1));
  std::string_view rest = spec.substr(close + 1);
  if (starts_with(rest, " ")) rest.remove_prefix(1);
  if (!rest.empty()) {
    names[id] = std::string(rest);
    name = std::string(rest);
    return true;
  }
  auto known = names.find(id);
  if (known == names.end()) return false;
  name = known->second;
  return true;
}

}  // namespace

bool parse_callgrind_dump(std::string_view text, CallgrindDump& out, std::string& problem) {
  out = CallgrindDump{};
  if (!starts_with(text, "# callgrind format") && !starts_with(text, "version:")) {
    problem = "not a callgrind profile (no \"# callgrind format\" header)";
    return false;
  }
  std::size_t position_count = 1;  // "positions: line" is the default
  std::optional<std::size_t> ir_index;
  std::string_view summary;
  std::string_view totals;
  std::map<std::string, std::string> function_names;
  std::string callee;
  bool next_line_is_call_cost = false;
  std::size_t line_number = 0;

  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(begin, end - begin);
    begin = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    auto fail = [&](const std::string& what) {
      problem = "callgrind profile line " + std::to_string(line_number) + ": " + what;
      return false;
    };

    if (next_line_is_call_cost) {
      next_line_is_call_cost = false;
      if (!ir_index) return fail("a call cost before the \"events:\" header");
      auto cost = cost_at(line, position_count, *ir_index);
      if (!cost) return fail("the line after \"calls=\" is not a cost line");
      out.inclusive_ir_by_callee[callee] += *cost;
      continue;
    }
    if (starts_with(line, "positions:")) {
      position_count = split_words(line.substr(10)).size();
    } else if (starts_with(line, "events:")) {
      auto events = split_words(line.substr(7));
      for (std::size_t i = 0; i < events.size(); ++i) {
        if (events[i] == "Ir") ir_index = i;
      }
      if (!ir_index) return fail("no Ir event (instructions were not collected)");
    } else if (starts_with(line, "summary:")) {
      summary = line.substr(8);
    } else if (starts_with(line, "totals:")) {
      // The sum of the cost lines, which can differ from the summary by a few instructions
      // depending on what ran before the zeroing (12282 vs 12281 for the same loop): only a
      // fallback for writers without a summary.
      totals = line.substr(7);
    } else if (starts_with(line, "part:")) {
      auto words = split_words(line.substr(5));
      auto part = words.empty() ? std::nullopt : parse_count(words.front());
      if (!part) return fail("unreadable \"part:\"");
      out.part = static_cast<int>(*part);
    } else if (starts_with(line, "desc: Trigger:")) {
      std::string_view trigger = line.substr(14);
      while (starts_with(trigger, " ")) trigger.remove_prefix(1);
      out.trigger = std::string(trigger);
    } else if (starts_with(line, "fn=") || starts_with(line, "cfn=")) {
      std::string name;
      bool is_call = line.front() == 'c';
      if (!resolve_name(line.substr(is_call ? 4 : 3), function_names, name)) {
        return fail("a compressed function name refers to an undefined id");
      }
      if (is_call) callee = std::move(name);
    } else if (starts_with(line, "calls=")) {
      next_line_is_call_cost = true;
    }
    // Everything else (ob=, fl=, self cost lines, jump=, ...) does not change what we report.
  }
  if (!ir_index) {
    problem = "callgrind profile has no \"events:\" header";
    return false;
  }
  if (summary.empty()) summary = totals;
  auto total = summary.empty() ? std::nullopt : cost_at(summary, 0, *ir_index);
  if (!total) {
    problem = "callgrind profile has no readable \"summary:\" or \"totals:\" line";
    return false;
  }
  out.total_ir = *total;
  return true;
}

}  // namespace perfwarden::bench
