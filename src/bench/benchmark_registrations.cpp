#include "bench/benchmark_registrations.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

namespace perfwarden::bench {
namespace {

bool is_identifier_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

struct Token {
  enum class Kind { kIdentifier, kString, kPunct, kEnd };
  Kind kind = Kind::kEnd;
  std::string_view text;  // identifiers include "::" qualification; strings keep their quotes
};

// C++ tokens as far as registrations need them. Every step consumes at least one byte and no
// byte is read twice, so a pass is linear in the text whatever it holds.
class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  Token next() {
    skip_space_and_comments();
    if (at_ >= text_.size()) return {};
    const std::size_t start = at_;
    const char c = text_[at_];
    if (is_identifier_start(c) || (c == ':' && peek(1) == ':')) {
      while (at_ < text_.size()) {
        if (is_identifier_char(text_[at_])) {
          ++at_;
        } else if (text_[at_] == ':' && peek(1) == ':') {
          at_ += 2;
        } else {
          break;
        }
      }
      std::string_view word = text_.substr(start, at_ - start);
      if (at_ < text_.size() && text_[at_] == '"' && ends_with(word, "R") && word.size() <= 3) {
        skip_raw_string();
        return {Token::Kind::kString, text_.substr(start, at_ - start)};
      }
      if (at_ < text_.size() && (text_[at_] == '"' || text_[at_] == '\'') &&
          (word == "L" || word == "u" || word == "U" || word == "u8")) {
        skip_quoted(text_[at_]);  // an encoding prefix: still a string or character literal
        return {Token::Kind::kString, text_.substr(start, at_ - start)};
      }
      return {Token::Kind::kIdentifier, word};
    }
    if (c == '"' || c == '\'') {
      skip_quoted(c);
      return {c == '"' ? Token::Kind::kString : Token::Kind::kPunct,
              text_.substr(start, at_ - start)};
    }
    ++at_;
    return {Token::Kind::kPunct, text_.substr(start, 1)};
  }

 private:
  char peek(std::size_t ahead) const {
    return at_ + ahead < text_.size() ? text_[at_ + ahead] : '\0';
  }

  void skip_space_and_comments() {
    while (at_ < text_.size()) {
      const char c = text_[at_];
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++at_;
      } else if (c == '/' && peek(1) == '/') {
        auto end = text_.find('\n', at_);
        at_ = end == std::string_view::npos ? text_.size() : end + 1;
      } else if (c == '/' && peek(1) == '*') {
        auto end = text_.find("*/", at_ + 2);
        at_ = end == std::string_view::npos ? text_.size() : end + 2;
      } else {
        return;
      }
    }
  }

  // A "..." or '...' literal with backslash escapes; an unterminated one ends at the line.
  void skip_quoted(char quote) {
    ++at_;
    while (at_ < text_.size() && text_[at_] != quote && text_[at_] != '\n') {
      at_ += text_[at_] == '\\' ? 2 : 1;
    }
    at_ = std::min(at_ + 1, text_.size());
  }

  // R"delim( ... )delim"
  void skip_raw_string() {
    const std::size_t open = text_.find('(', at_);
    if (open == std::string_view::npos || open - at_ > 17) {  // delimiters are at most 16 chars
      ++at_;
      return;
    }
    std::string terminator = ")" + std::string(text_.substr(at_ + 1, open - at_ - 1)) + "\"";
    const std::size_t end = text_.find(terminator, open + 1);
    at_ = end == std::string_view::npos ? text_.size() : end + terminator.size();
  }

  std::string_view text_;
  std::size_t at_ = 0;
};

// The macros that register benchmarks, and which of their arguments form the family name.
enum class NameForm { kFirst, kFirstSlashSecond };
struct Macro {
  std::string_view name;
  NameForm form;
};
constexpr std::array<Macro, 12> kMacros = {
    {{"BENCHMARK", NameForm::kFirst},
     {"BENCHMARK_TEMPLATE", NameForm::kFirst},
     {"BENCHMARK_TEMPLATE1", NameForm::kFirst},
     {"BENCHMARK_TEMPLATE2", NameForm::kFirst},
     {"BENCHMARK_CAPTURE", NameForm::kFirstSlashSecond},
     {"BENCHMARK_F", NameForm::kFirstSlashSecond},
     {"BENCHMARK_DEFINE_F", NameForm::kFirstSlashSecond},
     {"BENCHMARK_REGISTER_F", NameForm::kFirstSlashSecond},
     {"BENCHMARK_TEMPLATE_F", NameForm::kFirstSlashSecond},
     {"BENCHMARK_TEMPLATE1_F", NameForm::kFirstSlashSecond},
     {"BENCHMARK_TEMPLATE2_F", NameForm::kFirstSlashSecond},
     {"BENCHMARK_TEMPLATE_DEFINE_F", NameForm::kFirstSlashSecond}}};

constexpr std::size_t kMaxArgumentBytes = 256;
constexpr std::size_t kMaxArguments = 4;

bool is_plain_identifier(std::string_view text) {
  return !text.empty() && text.size() <= kMaxArgumentBytes && is_identifier_start(text[0]) &&
         std::all_of(text.begin(), text.end(), is_identifier_char);
}

// The contents of a plain "..." literal without escapes, or nullopt.
std::optional<std::string> string_literal(std::string_view text) {
  if (text.size() < 2 || text.front() != '"' || text.back() != '"') return std::nullopt;
  std::string_view body = text.substr(1, text.size() - 2);
  if (body.empty() || body.size() > kMaxArgumentBytes ||
      body.find('\\') != std::string_view::npos) {
    return std::nullopt;
  }
  return std::string(body);
}

class Scanner {
 public:
  explicit Scanner(std::string_view text) : lexer_(text) {}

  BenchmarkRegistrations run() {
    for (Token token = take(); token.kind != Token::Kind::kEnd; token = take()) {
      if (token.kind != Token::Kind::kIdentifier) {
        remember(token);
        continue;
      }
      const std::string_view word = token.text;
      if (ends_with(word, "benchmark::State") || word == "BENCHMARK_MAIN") {
        result_.defines_benchmarks = true;
      } else if (auto macro = std::find_if(kMacros.begin(), kMacros.end(),
                                           [&](const Macro& m) { return m.name == word; });
                 macro != kMacros.end() && peek_is("(")) {
        result_.defines_benchmarks = true;
        auto args = arguments();
        if (macro->form == NameForm::kFirst && !args.empty() && is_plain_identifier(args[0])) {
          add(args[0]);
        } else if (macro->form == NameForm::kFirstSlashSecond && args.size() >= 2 &&
                   is_plain_identifier(args[0]) && is_plain_identifier(args[1])) {
          add(args[0] + "/" + args[1]);
        }
      } else if ((word == "RegisterBenchmark" || ends_with(word, "::RegisterBenchmark") ||
                  (word == "Name" && previous_was_arrow())) &&
                 peek_is("(")) {
        result_.defines_benchmarks = result_.defines_benchmarks || word != "Name";
        auto args = arguments();
        if (!args.empty()) {
          if (auto name = string_literal(args[0])) add(*name);
        }
      }
      remember(token);
    }
    // `x->Name("...")` in a file that defines no benchmark is some other API, not a registration.
    if (!result_.defines_benchmarks) result_.names.clear();
    return std::move(result_);
  }

 private:
  Token take() {
    if (lookahead_) {
      Token token = *lookahead_;
      lookahead_.reset();
      return token;
    }
    return lexer_.next();
  }

  bool peek_is(std::string_view punct) {
    if (!lookahead_) lookahead_ = lexer_.next();
    return lookahead_->kind == Token::Kind::kPunct && lookahead_->text == punct;
  }

  void remember(const Token& token) {
    before_previous_ = previous_;
    previous_ = token;
  }
  bool previous_was_arrow() const {
    return previous_.kind == Token::Kind::kPunct && previous_.text == ">" &&
           before_previous_.kind == Token::Kind::kPunct && before_previous_.text == "-";
  }

  // After the '(' of a call: its top-level arguments as token text (spaces dropped), each cut
  // at kMaxArgumentBytes, at most kMaxArguments. Consumes through the matching ')'.
  std::vector<std::string> arguments() {
    take();  // the '('
    std::vector<std::string> args(1);
    int depth = 1;
    for (Token token = take(); token.kind != Token::Kind::kEnd; token = take()) {
      if (token.kind == Token::Kind::kPunct) {
        const char c = token.text[0];
        if (c == '(' || c == '[' || c == '{') ++depth;
        if (c == ')' || c == ']' || c == '}') --depth;
        if (depth == 0) break;
        if (c == ',' && depth == 1) {
          if (args.size() < kMaxArguments) args.emplace_back();
          continue;
        }
      }
      if (std::string& arg = args.back(); arg.size() + token.text.size() <= kMaxArgumentBytes) {
        arg += token.text;
      } else {
        arg = std::string(kMaxArgumentBytes + 1, '?');  // too long to be a name
      }
    }
    return args;
  }

  void add(std::string name) {
    if (result_.names.size() >= kMaxRegistrationsPerFile) return;
    if (std::find(result_.names.begin(), result_.names.end(), name) == result_.names.end()) {
      result_.names.push_back(std::move(name));
    }
  }

  Lexer lexer_;
  std::optional<Token> lookahead_;
  Token previous_, before_previous_;
  BenchmarkRegistrations result_;
};

}  // namespace

BenchmarkRegistrations scan_benchmark_registrations(std::string_view source) {
  return Scanner(source).run();
}

bool is_cxx_source_path(std::string_view path) {
  const auto dot = path.rfind('.');
  if (dot == std::string_view::npos || path.find('/', dot) != std::string_view::npos) return false;
  std::string extension(path.substr(dot + 1));
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  static constexpr std::array<std::string_view, 13> kExtensions = {
      "cpp", "cc", "cxx", "c", "h", "hpp", "hh", "hxx", "inl", "ipp", "tpp", "cu", "c++"};
  return std::find(kExtensions.begin(), kExtensions.end(), extension) != kExtensions.end();
}

bool in_family(std::string_view name, std::string_view family) {
  if (name.substr(0, family.size()) != family) return false;
  return name.size() == family.size() || name[family.size()] == '/' || name[family.size()] == '<';
}

}  // namespace perfwarden::bench
