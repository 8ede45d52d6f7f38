#include "gate/drift_tier.h"

namespace perfwarden::gate {

DriftTier compare_head_to_baselines(const baseline::BaselineSource& source, const HeadValues& head,
                                    const config::GateConfig& config,
                                    const bench::EnvironmentFingerprint& environment, double alpha,
                                    bool time, bool instructions) {
  DriftTier tier;
  std::string machine_class = environment.machine_class();
  for (const auto& suite : config.suites) {
    auto stored = baseline::load_baseline(source, suite.name, machine_class);
    if (!stored) {
      tier.warnings.push_back("no stored baseline for suite '" + suite.name +
                              "' on machine class " + machine_class + " at " + source.describe() +
                              ": a maintainer can create one with `perfwarden baseline update`");
      continue;
    }
    ++tier.suites_with_baseline;
    bool timing = time;
    if (time) {
      auto differences =
          environment.differences(stored->provenance.environment, /*for_timing=*/true);
      if (!differences.empty()) {
        timing = false;
        for (const auto& d : differences) tier.timing_mismatch.push_back(suite.name + ": " + d);
      }
    }
    static const SuiteValues kNothing;
    auto found = head.find(suite.name);
    auto results = compare_to_baseline(*stored, found == head.end() ? kNothing : found->second,
                                       suite, config, alpha, timing, instructions);
    tier.results.insert(tier.results.end(), results.begin(), results.end());
  }
  if (!tier.timing_mismatch.empty()) {
    tier.warnings.push_back(
        "drift: timings not compared with the stored baselines, recorded on a "
        "different machine (" +
        tier.timing_mismatch.front() + (tier.timing_mismatch.size() > 1 ? ", ..." : "") + ")");
  }
  return tier;
}

}  // namespace perfwarden::gate
