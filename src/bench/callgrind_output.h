#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace perfwarden::bench {

// The events perfwarden reads from a callgrind profile: executed instructions, and with
// --cache-sim=yes the simulated cache misses (first level and last level, instruction fetch,
// data read, data write). Events a dump does not have stay 0.
struct EventCosts {
  std::uint64_t ir = 0;
  std::uint64_t i1mr = 0, d1mr = 0, d1mw = 0;  // first-level misses
  std::uint64_t ilmr = 0, dlmr = 0, dlmw = 0;  // last-level misses

  EventCosts& operator+=(const EventCosts& other);
  // The estimate iai-callgrind and CodSpeed's simulation use:
  //   Ir + 10 x (L1 misses, I1mr + D1mr + D1mw) + 100 x (last-level misses, ILmr + DLmr + DLmw).
  // It sees no branch misprediction, no out-of-order overlap, no prefetching, no TLB and no
  // frequency: an ordinal model of memory cost, not a cycle count of any real CPU.
  std::uint64_t estimated_cycles() const;
  // The miss part of estimated_cycles(): 10 per first-level and 100 per last-level miss.
  std::uint64_t miss_cycles() const;
};

struct FunctionCost {
  std::uint64_t self_ir = 0;
  std::string file;  // the function's own file ("fl="), "???" without debug info
  int line = 0;      // the lowest line of it that executed; 0 when unknown
};

// The figures perfwarden needs from one callgrind profile dump: one file written by
// `valgrind --tool=callgrind`, e.g. one `--dump-before=` trigger.
// Format: https://valgrind.org/docs/manual/cl-format.html
struct CallgrindDump {
  int part = 0;                   // the "part:" header: the dump's 1-based number in its process
  std::string trigger;            // from "desc: Trigger: ...", e.g. "--dump-before=foo()"
  bool has_cache_events = false;  // the dump was taken with --cache-sim=yes
  EventCosts total;  // "summary:": everything since the last zeroing ("totals:" if none)
  // Inclusive cost of calls into each function, summed over its call sites in this dump. A call
  // that was in progress when the counters were zeroed counts only what it did afterwards.
  std::map<std::string, EventCosts> inclusive_by_callee;
  // Self cost by function, and by source file: a function's own file, and the files of code
  // inlined into it ("fi="/"fe="), so a header's inline function counts for the header. Code
  // without line information is filed as unknown_in(its object file).
  std::map<std::string, FunctionCost> functions;
  std::map<std::string, std::uint64_t> ir_by_file;
};

// "???@/path/to/object": the key of code in `object` whose source file is unknown (no debug info).
std::string unknown_in(std::string_view object);

// Parses one dump. Accepts compressed names ("fn=(3) name" / "fn=(3)", the same for files) and
// compressed positions ("+2", "-1", "*"). Returns false with `problem` set when the text is not
// a callgrind dump or has no Ir. Never throws.
bool parse_callgrind_dump(std::string_view text, CallgrindDump& out, std::string& problem);

}  // namespace perfwarden::bench
