#pragma once

// One table: its schema, its rows in a B+tree keyed by rowid (records in an arena), and its
// secondary indexes. Enforces what INSERT promises: affinity, NOT NULL, unique rowids.

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "pk_lookup/arena.h"
#include "pk_lookup/btree.h"
#include "pk_lookup/planner.h"
#include "pk_lookup/record.h"
#include "pk_lookup/schema.h"
#include "pk_lookup/secondary_index.h"

namespace perfwarden::pk_lookup {

class Table {
 public:
  // `schema` has passed finish_schema() and has its rowid_alias set.
  explicit Table(TableSchema schema) : schema_(std::move(schema)) {}

  const TableSchema& schema() const { return schema_; }
  const BPlusTree& rows() const { return rows_; }
  std::span<const IndexDef> index_defs() const { return index_defs_; }
  const SecondaryIndex* find_index(std::string_view index_name) const;

  // `values` holds one value per column in declaration order. A NULL (or absent) rowid alias gets
  // max(rowid) + 1, as in SQLite. Returns an error message, empty on success.
  std::string insert(std::vector<Value> values, std::int64_t* rowid = nullptr);

  // Loads `count` rows into an empty table without indexes in one pass: `fill(i, values)` writes
  // row i's values (rowids strictly increasing: the alias column's value, or i + 1 without an
  // alias). Much faster than `count` INSERTs because the tree is built bottom-up; values are stored
  // as given (no affinity conversion). Returns an error message, empty on success.
  std::string bulk_load_sorted(std::size_t count,
                               const std::function<void(std::size_t, std::vector<Value>&)>& fill);

  // Indexes the existing rows too. Returns an error message, empty on success.
  std::string create_index(std::string index_name, std::size_t column);

  // A column of a stored row; the alias column reads the key, as it is not in the record.
  ValueRef column(std::int64_t rowid, const std::byte* record, std::size_t column) const {
    if (schema_.rowid_alias && *schema_.rowid_alias == column) {
      ValueRef key;
      key.type = ValueType::kInteger;
      key.integer = rowid;
      return key;
    }
    return decode_column(record, column);
  }

 private:
  TableSchema schema_;
  Arena records_;
  BPlusTree rows_;
  std::vector<std::unique_ptr<SecondaryIndex>> indexes_;
  std::vector<IndexDef> index_defs_;  // what the planner sees, parallel to indexes_
};

}  // namespace perfwarden::pk_lookup
