#include "gate/build_summary.h"

#include <string>

#include "report/format.h"
#include "util/terminal.h"

namespace perfwarden::gate {

void record_build_cost(std::string_view side, const build::Build& build,
                       report::RevisionSummary& summary, util::Progress& progress) {
  summary.build_reused = build.reused;
  summary.build_seconds = build.seconds;
  summary.build_compiler_cache = build.compiler_cache;
  summary.build_objects_from_cache = build.compilations.from_cache;
  summary.build_objects_compiled = build.compilations.compiled;
  progress.note(std::string(side) + " build: " + report::format_build_cost(summary));
}

}  // namespace perfwarden::gate
