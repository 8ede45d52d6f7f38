#include "bench/callgrind_output.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>
#include <optional>
#include <vector>

namespace perfwarden::bench {
namespace {

// A profile comes from the pull request's code: sums saturate rather than wrap.
std::uint64_t add(std::uint64_t a, std::uint64_t b) {
  return a > std::numeric_limits<std::uint64_t>::max() - b
             ? std::numeric_limits<std::uint64_t>::max()
             : a + b;
}

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

// A position: decimal, or hexadecimal with 0x (instruction addresses).
std::optional<std::uint64_t> parse_position(std::string_view word) {
  if (word.substr(0, 2) != "0x") return parse_count(word);
  word.remove_prefix(2);
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value, 16);
  if (word.empty() || ec != std::errc() || end != word.data() + word.size()) return std::nullopt;
  return value;
}

// The events we read, by name, and where each sits in EventCosts.
constexpr std::array<std::pair<std::string_view, std::uint64_t EventCosts::*>, 7> kEvents = {{
    {"Ir", &EventCosts::ir},
    {"I1mr", &EventCosts::i1mr},
    {"D1mr", &EventCosts::d1mr},
    {"D1mw", &EventCosts::d1mw},
    {"ILmr", &EventCosts::ilmr},
    {"DLmr", &EventCosts::dlmr},
    {"DLmw", &EventCosts::dlmw},
}};

// Names may be compressed: "(id) name" defines an id, "(id)" refers back to it. Functions, files
// and objects have a table each.
bool resolve_name(std::string_view spec, std::map<std::string, std::string, std::less<>>& names,
                  std::string& name) {
  std::size_t close = spec.find(')');
  bool compressed = starts_with(spec, "(") && close != std::string_view::npos && close > 1 &&
                    parse_count(spec.substr(1, close - 1)).has_value();
  if (!compressed) {  // a plain name, which may itself start with '(': "(below main)"
    name = std::string(spec);
    return true;
  }
  std::string_view id = spec.substr(1, close - 1);
  std::string_view rest = spec.substr(close + 1);
  if (starts_with(rest, " ")) rest.remove_prefix(1);
  if (!rest.empty()) {
    name = std::string(rest);
    names.insert_or_assign(std::string(id), name);
    return true;
  }
  auto known = names.find(id);
  if (known == names.end()) return false;
  name = known->second;
  return true;
}

constexpr std::string_view kUnknownFile = "???";

class DumpParser {
 public:
  DumpParser(CallgrindDump& out, std::string& problem) : out_(out), problem_(problem) {}

  bool line(std::string_view line) {
    if (next_line_is_call_cost_) {
      next_line_is_call_cost_ = false;
      EventCosts cost;
      if (!cost_line(line, cost)) return fail("the line after \"calls=\" is not a cost line");
      out_.inclusive_by_callee[callee_] += cost;
      return true;
    }
    if (line.empty() || line.front() == '#') return true;
    if (is_cost_line(line)) {
      EventCosts cost;
      if (!cost_line(line, cost)) return fail("an unreadable cost line");
      FunctionCost& function = out_.functions[function_];
      function.self_ir = add(function.self_ir, cost.ir);
      if (function.file.empty()) function.file = file_;
      if (line_ > 0 && inline_file_.empty() && (function.line == 0 || line_ < function.line)) {
        function.line = line_;
      }
      const std::string& file = inline_file_.empty() ? file_ : inline_file_;
      auto& file_ir = out_.ir_by_file[file == kUnknownFile ? unknown_in(object_) : file];
      file_ir = add(file_ir, cost.ir);
      return true;
    }
    if (starts_with(line, "positions:")) {
      positions_.clear();
      for (auto word : split_words(line.substr(10))) positions_.emplace_back(word);
      if (positions_.empty()) return fail("an empty \"positions:\"");
      last_positions_.assign(positions_.size(), 0);
    } else if (starts_with(line, "events:")) {
      auto events = split_words(line.substr(7));
      event_slots_.assign(events.size(), nullptr);
      for (std::size_t i = 0; i < events.size(); ++i) {
        for (const auto& [name, member] : kEvents) {
          if (events[i] == name) event_slots_[i] = member;
        }
        if (events[i] == "D1mr") out_.has_cache_events = true;
      }
      has_ir_ = false;
      for (auto slot : event_slots_) has_ir_ = has_ir_ || slot == &EventCosts::ir;
      if (!has_ir_) return fail("no Ir event (instructions were not collected)");
    } else if (starts_with(line, "summary:")) {
      summary_ = line.substr(8);
    } else if (starts_with(line, "totals:")) {
      // The sum of the cost lines, which can differ from the summary by a few instructions
      // depending on what ran before the zeroing: only a fallback for writers without a summary.
      totals_ = line.substr(7);
    } else if (starts_with(line, "part:")) {
      auto words = split_words(line.substr(5));
      auto part = words.empty() ? std::nullopt : parse_count(words.front());
      if (!part || *part > 1'000'000'000) return fail("unreadable \"part:\"");
      out_.part = static_cast<int>(*part);
    } else if (starts_with(line, "desc: Trigger:")) {
      std::string_view trigger = line.substr(14);
      while (starts_with(trigger, " ")) trigger.remove_prefix(1);
      out_.trigger = std::string(trigger);
    } else if (starts_with(line, "fn=")) {
      if (!resolve_name(line.substr(3), function_names_, function_)) return undefined("function");
      inline_file_.clear();
    } else if (starts_with(line, "cfn=")) {
      if (!resolve_name(line.substr(4), function_names_, callee_)) return undefined("function");
    } else if (starts_with(line, "fl=")) {
      if (!resolve_name(line.substr(3), file_names_, file_)) return undefined("file");
      inline_file_.clear();
    } else if (starts_with(line, "fi=") || starts_with(line, "fe=")) {
      std::string file;
      if (!resolve_name(line.substr(3), file_names_, file)) return undefined("file");
      inline_file_ = file == file_ ? std::string() : file;
    } else if (starts_with(line, "cfl=") || starts_with(line, "cfi=")) {
      std::string file;  // the callee's file: only its name table entry matters here
      if (!resolve_name(line.substr(4), file_names_, file)) return undefined("file");
    } else if (starts_with(line, "ob=")) {
      if (!resolve_name(line.substr(3), object_names_, object_)) return undefined("object");
    } else if (starts_with(line, "cob=")) {
      std::string object;  // the callee's object: only its name table entry matters here
      if (!resolve_name(line.substr(4), object_names_, object)) return undefined("object");
    } else if (starts_with(line, "calls=")) {
      next_line_is_call_cost_ = true;
    }
    // Everything else (jump=, jcnd=, desc:, cmd:, ...) does not change what we report.
    return true;
  }

  bool finish() {
    if (!has_ir_) {
      problem_ = "callgrind profile has no \"events:\" header";
      return false;
    }
    std::string_view summary = summary_.empty() ? totals_ : summary_;
    if (summary.empty() || !costs(split_words(summary), 0, out_.total)) {
      problem_ = "callgrind profile has no readable \"summary:\" or \"totals:\" line";
      return false;
    }
    return true;
  }

  void set_line_number(std::size_t number) { line_number_ = number; }

 private:
  bool fail(const std::string& what) {
    problem_ = "callgrind profile line " + std::to_string(line_number_) + ": " + what;
    return false;
  }
  bool undefined(const char* kind) {
    return fail(std::string("a compressed ") + kind + " name refers to an undefined id");
  }

  static bool is_cost_line(std::string_view line) {
    return std::string_view("0123456789+-*").find(line.front()) != std::string_view::npos;
  }

  // Reads the events of `words` from index `skip` on; absent trailing costs are zero.
  bool costs(const std::vector<std::string_view>& words, std::size_t skip, EventCosts& cost) const {
    if (event_slots_.empty()) return false;
    for (std::size_t i = skip; i < words.size(); ++i) {
      std::size_t event = i - skip;
      if (event >= event_slots_.size()) break;  // more costs than events: ignore the rest
      auto value = parse_count(words[i]);
      if (!value) return false;
      if (auto slot = event_slots_[event]) cost.*slot = add(cost.*slot, *value);
    }
    return true;
  }

  // "<positions> <costs>": positions may be absolute, "+n"/"-n" relative to the last cost
  // line's, or "*" for the same.
  bool cost_line(std::string_view line, EventCosts& cost) {
    auto words = split_words(line);
    const std::size_t count = positions_.empty() ? 1 : positions_.size();
    if (last_positions_.size() != count) last_positions_.assign(count, 0);
    if (words.size() < count) return false;
    for (std::size_t i = 0; i < count; ++i) {
      std::string_view word = words[i];
      std::int64_t& last = last_positions_[i];
      if (word == "*") continue;
      // Positions are only used for line numbers: clamped, so no sum can overflow.
      constexpr std::uint64_t kLimit = std::uint64_t{1} << 48;
      if (word.front() == '+' || word.front() == '-') {
        auto delta = parse_position(word.substr(1));
        if (!delta) return false;
        const auto step = static_cast<std::int64_t>(std::min(*delta, kLimit));
        last = std::clamp<std::int64_t>(word.front() == '+' ? last + step : last - step,
                                        -static_cast<std::int64_t>(kLimit),
                                        static_cast<std::int64_t>(kLimit));
      } else {
        auto absolute = parse_position(word);
        if (!absolute) return false;
        last = static_cast<std::int64_t>(std::min(*absolute, kLimit));
      }
    }
    line_ = line_position();
    return costs(words, count, cost);
  }

  int line_position() const {
    for (std::size_t i = 0; i < positions_.size(); ++i) {
      if (positions_[i] == "line") {
        std::int64_t value = last_positions_[i];
        return value > 0 && value < std::numeric_limits<int>::max() ? static_cast<int>(value) : 0;
      }
    }
    return positions_.empty() && !last_positions_.empty() && last_positions_[0] > 0 &&
                   last_positions_[0] < std::numeric_limits<int>::max()
               ? static_cast<int>(last_positions_[0])  // "positions: line" is the default
               : 0;
  }

  CallgrindDump& out_;
  std::string& problem_;
  std::vector<std::string> positions_;
  std::vector<std::int64_t> last_positions_;
  std::vector<std::uint64_t EventCosts::*> event_slots_;
  bool has_ir_ = false;
  std::string_view summary_, totals_;
  std::map<std::string, std::string, std::less<>> function_names_, file_names_, object_names_;
  std::string function_, callee_, file_ = std::string(kUnknownFile), inline_file_, object_;
  int line_ = 0;
  bool next_line_is_call_cost_ = false;
  std::size_t line_number_ = 0;
};

}  // namespace

std::string unknown_in(std::string_view object) {
  return std::string(kUnknownFile) + "@" + std::string(object);
}

EventCosts& EventCosts::operator+=(const EventCosts& other) {
  for (const auto& [name, member] : kEvents) this->*member = add(this->*member, other.*member);
  return *this;
}

std::uint64_t EventCosts::miss_cycles() const {
  const std::uint64_t l1 = add(add(i1mr, d1mr), d1mw);
  const std::uint64_t ll = add(add(ilmr, dlmr), dlmw);
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  return add(l1 > kMax / 10 ? kMax : 10 * l1, ll > kMax / 100 ? kMax : 100 * ll);
}

std::uint64_t EventCosts::estimated_cycles() const { return add(ir, miss_cycles()); }

bool parse_callgrind_dump(std::string_view text, CallgrindDump& out, std::string& problem) {
  out = CallgrindDump{};
  if (!starts_with(text, "# callgrind format") && !starts_with(text, "version:")) {
    problem = "not a callgrind profile (no \"# callgrind format\" header)";
    return false;
  }
  DumpParser parser(out, problem);
  std::size_t line_number = 0;
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(begin, end - begin);
    begin = end + 1;
    parser.set_line_number(++line_number);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!parser.line(line)) return false;
  }
  return parser.finish();
}

}  // namespace perfwarden::bench
