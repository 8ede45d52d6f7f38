#pragma once

#include <string_view>

#include "build/build_cache.h"
#include "report/report.h"

namespace perfwarden::util {
class Progress;
}

namespace perfwarden::gate {

// Copies what a build cost (time, reuse, ccache's share) into the report's revision summary
// and says it on the progress line, e.g. "head build: 3.4 s, 30 of 31 objects from ccache".
void record_build_cost(std::string_view side, const build::Build& build,
                       report::RevisionSummary& summary, util::Progress& progress);

}  // namespace perfwarden::gate
