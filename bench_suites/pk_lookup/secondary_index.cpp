#include "pk_lookup/secondary_index.h"

#include <limits>

namespace perfwarden::pk_lookup {

void SecondaryIndex::insert(Value key, std::int64_t rowid) {
  entries_.insert(Entry{std::move(key), rowid});
}

void SecondaryIndex::find_equal(const Value& key, std::vector<std::int64_t>& rowids) const {
  if (key.is_null()) return;  // `col = NULL` is never true
  auto it = entries_.lower_bound(Entry{key, std::numeric_limits<std::int64_t>::min()});
  for (; it != entries_.end() && compare_values(it->key, key) == 0; ++it) {
    rowids.push_back(it->rowid);
  }
}

}  // namespace perfwarden::pk_lookup
