#pragma once

// CREATE INDEX: an ordered map from a column's value to the rowids holding it. An equality probe
// is one O(log n) descent plus the matches, instead of a scan of every row.
//
// Entries are ordered by (value, rowid) with the cross-type order of compare_values(), so the
// matches of one value come out in rowid order, as SQLite returns them.

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "pk_lookup/value.h"

namespace perfwarden::pk_lookup {

class SecondaryIndex {
 public:
  SecondaryIndex(std::string name, std::size_t column) : name_(std::move(name)), column_(column) {}

  const std::string& name() const { return name_; }
  std::size_t column() const { return column_; }
  std::size_t size() const { return entries_.size(); }

  void insert(Value key, std::int64_t rowid);

  // Appends to `rowids` (ascending) every row whose value is SQL-equal to `key`; none for NULL.
  void find_equal(const Value& key, std::vector<std::int64_t>& rowids) const;

 private:
  struct Entry {
    Value key;
    std::int64_t rowid;
  };
  struct EntryLess {
    bool operator()(const Entry& a, const Entry& b) const {
      const int c = compare_values(a.key, b.key);
      return c != 0 ? c < 0 : a.rowid < b.rowid;
    }
  };

  std::string name_;
  std::size_t column_;
  std::set<Entry, EntryLess> entries_;
};

}  // namespace perfwarden::pk_lookup
