#pragma once

// A row's bytes, as stored in the B+tree's payload: for each column a type tag, then 8 bytes for
// INTEGER and REAL, or a 4-byte length and the bytes for TEXT (host byte order; records never
// leave the process). A whole row is one contiguous arena allocation, so a seek touches one or
// two cache lines of row and reading a column allocates nothing.
//
// The rowid alias column is stored as NULL: its value is the B+tree key, exactly as SQLite does.

#include <cstddef>
#include <span>

#include "pk_lookup/arena.h"
#include "pk_lookup/value.h"

namespace perfwarden::pk_lookup {

const std::byte* encode_record(std::span<const Value> values, Arena& arena);

// Column `column` of a record with at least column + 1 columns. Text views point into the record.
ValueRef decode_column(const std::byte* record, std::size_t column);

}  // namespace perfwarden::pk_lookup
