#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace perfwarden::bench {

// The figures perfwarden needs from one callgrind profile dump: one file written by
// `valgrind --tool=callgrind`, e.g. one `--dump-before=` trigger. Only the `Ir` event (executed
// instructions) is read. Format: https://valgrind.org/docs/manual/cl-format.html
struct CallgrindDump {
  int part = 0;                // the "part:" header: the dump's 1-based number in its process
  std::string trigger;         // from "desc: Trigger: ...", e.g. "--dump-before=foo()"
  std::uint64_t total_ir = 0;  // "summary:": everything since the last zeroing ("totals:" if none)
  // Inclusive Ir of calls into each function, summed over its call sites in this dump. A call
  // that was in progress when the counters were zeroed counts only what it did afterwards.
  std::map<std::string, std::uint64_t> inclusive_ir_by_callee;
};

// Parses one dump. Accepts compressed names ("cfn=(3) name" / "cfn=(3)") and compressed
// positions. Returns false with `problem` set when the text is not a callgrind dump or has no Ir.
bool parse_callgrind_dump(std::string_view text, CallgrindDump& out, std::string& problem);

}  // namespace perfwarden::bench
