// perfwarden.json (JSON with comments, then every section's checks): parses, or is a usage error
// naming the file with its fix.

#include "config/gate_config.h"
#include "fuzz_contract.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace perfwarden;
  const std::string_view text = fuzz::as_text(data, size);
  config::GateConfig config;
  if (fuzz::succeeds_or_fails_with(
          ExitCode::kUsage, [&] { config = config::parse_gate_config(text, "perfwarden.json"); })) {
    fuzz::require(!config.suites.empty(), "a config without suites was accepted");
    // The compiled patterns are used as the gate uses them.
    (void)config.thresholds.for_benchmark("BM_Work/4096");
    (void)config.is_advisory("BM_Noisy");
    for (const auto& rule : config.hot_paths.rules) {
      (void)config::covers_benchmark(rule, "core", "BM_PkLookup/64");
    }
    (void)config.hot_paths.rule_for("src/db/pager.cpp");
  }
  return 0;
}
