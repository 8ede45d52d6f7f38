// A stored baseline file: parses, or is a usage error naming the file and field with its fix.
// What parses round-trips: serialising and parsing again gives the same file.

#include "baseline/baseline_file.h"
#include "fuzz_contract.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace perfwarden;
  baseline::BaselineFile file;
  if (!fuzz::succeeds_or_fails_with(ExitCode::kUsage, [&] {
        file = baseline::parse_baseline(fuzz::as_text(data, size), "baselines/core.json");
      })) {
    return 0;
  }
  const std::string text = baseline::serialize_baseline(file);
  baseline::BaselineFile again;
  if (!fuzz::succeeds_or_fails_with(
          ExitCode::kUsage, [&] { again = baseline::parse_baseline(text, "reserialised"); })) {
    fuzz::violation("a serialised baseline does not parse", text);
  }
  fuzz::require(baseline::serialize_baseline(again) == text, "the round trip changed the file");
  return 0;
}
