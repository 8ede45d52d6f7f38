// The bounded JSON reader under every parser (comments allowed, as in perfwarden.json): either
// a document within the limits, or a JsonProblem. What it accepts nlohmann's own parser accepts
// too, with the same content (differential check).

#include "fuzz_contract.h"
#include "util/json_document.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace perfwarden;
  const std::string_view text = fuzz::as_text(data, size);
  const util::JsonLimits limits{
      .max_bytes = 1u << 20, .max_depth = 16, .max_values = 10'000, .allow_comments = true};
  util::Json document;
  try {
    document = util::parse_json_document(text, limits);
  } catch (const util::JsonProblem& problem) {
    fuzz::require(!problem.problem().empty(), "a problem without text");
    return 0;
  } catch (const std::exception& e) {
    fuzz::violation("an undocumented exception", e.what());
  }
  const auto reference = util::Json::parse(text, nullptr, /*allow_exceptions=*/false,
                                           /*ignore_comments=*/true);
  fuzz::require(!reference.is_discarded(), "accepted what nlohmann refuses");
  fuzz::require(reference == document, "content differs from nlohmann's parse",
                document.dump(-1, ' ', false, util::Json::error_handler_t::replace));
  return 0;
}
