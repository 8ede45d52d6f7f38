#include "pk_lookup/table.h"

#include <limits>

namespace perfwarden::pk_lookup {

const SecondaryIndex* Table::find_index(std::string_view index_name) const {
  for (const auto& index : indexes_) {
    if (iequals(index->name(), index_name)) return index.get();
  }
  return nullptr;
}

std::string Table::insert(std::vector<Value> values, std::int64_t* rowid_out) {
  if (values.size() != schema_.columns.size()) {
    return "table " + schema_.name + " has " + std::to_string(schema_.columns.size()) +
           " columns but " + std::to_string(values.size()) + " values were supplied";
  }
  std::int64_t rowid = 0;
  bool have_rowid = false;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const ColumnDef& column = schema_.columns[i];
    values[i] = apply_affinity(std::move(values[i]), column.affinity);
    if (schema_.rowid_alias && *schema_.rowid_alias == i) {
      if (values[i].is_null()) continue;  // assigned below
      if (values[i].type() != ValueType::kInteger) return "datatype mismatch";
      rowid = values[i].as_integer();
      have_rowid = true;
      values[i] = Value();  // the key holds it
    } else if (column.not_null && values[i].is_null()) {
      return "NOT NULL constraint failed: " + schema_.name + "." + column.name;
    }
  }
  if (!have_rowid) {
    if (rows_.empty()) {
      rowid = 1;
    } else if (rows_.max_key() == std::numeric_limits<std::int64_t>::max()) {
      return "database or disk is full (rowid overflow; SQLite would pick a random unused rowid)";
    } else {
      rowid = rows_.max_key() + 1;
    }
  }
  if (rows_.find(rowid) != nullptr) {
    const std::string key_name =
        schema_.rowid_alias ? schema_.columns[*schema_.rowid_alias].name : "rowid";
    return "UNIQUE constraint failed: " + schema_.name + "." + key_name;
  }
  rows_.insert(rowid, encode_record(values, records_));
  for (const auto& index : indexes_) index->insert(values[index->column()], rowid);
  if (rowid_out != nullptr) *rowid_out = rowid;
  return "";
}

std::string Table::bulk_load_sorted(
    std::size_t count, const std::function<void(std::size_t, std::vector<Value>&)>& fill) {
  if (!rows_.empty()) return "bulk load needs an empty table; " + schema_.name + " has rows";
  if (!indexes_.empty()) return "bulk load needs a table without indexes; create them afterwards";
  std::vector<std::int64_t> keys(count);
  std::vector<BPlusTree::Payload> payloads(count);
  std::vector<Value> values(schema_.columns.size());
  for (std::size_t i = 0; i < count; ++i) {
    fill(i, values);
    std::int64_t rowid = static_cast<std::int64_t>(i) + 1;
    if (schema_.rowid_alias) {
      Value& key = values[*schema_.rowid_alias];
      if (key.type() != ValueType::kInteger) return "bulk load: rowid alias must be an INTEGER";
      rowid = key.as_integer();
      key = Value();
    }
    keys[i] = rowid;
    payloads[i] = encode_record(values, records_);
  }
  if (!rows_.bulk_load(keys, payloads)) return "bulk load: rowids are not strictly increasing";
  return "";
}

std::string Table::create_index(std::string index_name, std::size_t column) {
  auto index = std::make_unique<SecondaryIndex>(std::move(index_name), column);
  for (auto cursor = rows_.begin(); cursor.valid(); cursor.next()) {
    index->insert(to_value(this->column(cursor.key(), cursor.payload(), column)), cursor.key());
  }
  index_defs_.push_back(IndexDef{index->name(), column});
  indexes_.push_back(std::move(index));
  return "";
}

}  // namespace perfwarden::pk_lookup
