#include "pk_lookup/statement.h"

#include <type_traits>

#include "pk_lookup/database.h"

namespace perfwarden::pk_lookup {
namespace {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace

Statement::Statement(Database* database, SqlStatement statement, int parameter_count)
    : database_(database),
      ast_(std::move(statement)),
      parameter_count_(parameter_count),
      parameters_(static_cast<std::size_t>(parameter_count)) {}

void Statement::bind(int index, Value value) {
  if (index < 1 || index > parameter_count_) {
    throw Error("bind index " + std::to_string(index) + " out of range: the statement has " +
                std::to_string(parameter_count_) + " parameter(s), numbered from 1");
  }
  parameters_[static_cast<std::size_t>(index - 1)] = std::move(value);
}

void Statement::resolve() {
  const SelectStmt* select = nullptr;
  if (const auto* s = std::get_if<SelectStmt>(&ast_)) select = s;
  if (const auto* e = std::get_if<ExplainStmt>(&ast_)) select = &e->select;
  if (select != nullptr) {
    table_ = database_->find_table(select->table);
    if (table_ == nullptr) throw Error("no such table: " + select->table);
    const TableSchema& schema = table_->schema();
    auto column_index = [&](const std::string& name) {
      const auto i = schema.find_column(name);
      if (!i) throw Error("no such column: " + name);
      return *i;
    };
    if (select->columns.empty()) {
      for (std::size_t i = 0; i < schema.columns.size(); ++i) output_columns_.push_back(i);
    } else {
      for (const std::string& name : select->columns) output_columns_.push_back(column_index(name));
    }
    if (select->where_column) where_column_ = column_index(*select->where_column);
    if (std::holds_alternative<ExplainStmt>(ast_)) {
      column_names_ = {"detail"};
    } else {
      for (std::size_t c : output_columns_) column_names_.push_back(schema.columns[c].name);
    }
    replan();
    return;
  }
  if (const auto* insert = std::get_if<InsertStmt>(&ast_)) {
    table_ = database_->find_table(insert->table);
    if (table_ == nullptr) throw Error("no such table: " + insert->table);
    const TableSchema& schema = table_->schema();
    if (insert->columns.empty()) {
      for (std::size_t i = 0; i < schema.columns.size(); ++i) insert_columns_.push_back(i);
    } else {
      for (const std::string& name : insert->columns) {
        const auto i = schema.find_column(name);
        if (!i) throw Error("table " + schema.name + " has no column named " + name);
        insert_columns_.push_back(*i);
      }
    }
    for (const auto& row : insert->rows) {
      if (row.size() != insert_columns_.size()) {
        throw Error(insert->columns.empty()
                        ? "table " + schema.name + " has " +
                              std::to_string(insert_columns_.size()) + " columns but " +
                              std::to_string(row.size()) + " values were supplied"
                        : std::to_string(row.size()) + " values for " +
                              std::to_string(insert_columns_.size()) + " columns");
      }
    }
  }
  // CREATE statements resolve when they run: their names need not exist yet.
}

void Statement::replan() {
  plan_ = plan_select(table_->schema(), table_->index_defs(), where_column_,
                      database_->planner_options());
  planned_schema_version_ = database_->schema_version_;
  if (std::holds_alternative<ExplainStmt>(ast_)) explain_row_ = explain();
}

std::string Statement::explain() const {
  if (!std::holds_alternative<SelectStmt>(ast_) && !std::holds_alternative<ExplainStmt>(ast_)) {
    return "";
  }
  return explain_plan(table_->schema(), plan_);
}

void Statement::reset() {
  phase_ = Phase::kReady;
  index_rowids_.clear();
  current_record_ = nullptr;
}

bool Statement::step() {
  if (phase_ == Phase::kDone) return false;
  return std::visit(
      Overloaded{
          [&](const SelectStmt&) { return step_select(); },
          [&](const ExplainStmt&) {
            if (phase_ == Phase::kReady && planned_schema_version_ != database_->schema_version_) {
              replan();
            }
            const bool first = phase_ == Phase::kReady;
            phase_ = first ? Phase::kRunning : Phase::kDone;
            return first;
          },
          [&](const CreateTableStmt&) {
            phase_ = Phase::kDone;
            execute_create_table();
            return false;
          },
          [&](const CreateIndexStmt&) {
            phase_ = Phase::kDone;
            execute_create_index();
            return false;
          },
          [&](const InsertStmt&) {
            phase_ = Phase::kDone;
            execute_insert();
            return false;
          },
      },
      ast_);
}

const Value& Statement::where_value() const {
  const Expr& e = std::get<SelectStmt>(ast_).where_value;
  return e.parameter > 0 ? parameters_[static_cast<std::size_t>(e.parameter - 1)] : e.literal;
}

bool Statement::matches_where(std::int64_t rowid, const std::byte* record) const {
  if (!where_column_) return true;
  return sql_equals(table_->column(rowid, record, *where_column_), view_of(probe_));
}

bool Statement::step_select() {
  const BPlusTree& rows = table_->rows();
  if (phase_ == Phase::kReady) {
    if (planned_schema_version_ != database_->schema_version_) replan();
    phase_ = Phase::kRunning;
    if (where_column_) {
      const Value& value = where_value();
      // The fast path (an integer bound against a numeric column) skips the copy.
      const Affinity affinity = table_->schema().columns[*where_column_].affinity;
      if (value.type() != ValueType::kText && affinity != Affinity::kText) {
        if (plan_.kind == PlanKind::kRowidSeek) {
          std::int64_t key = 0;
          if (value.type() == ValueType::kInteger) {
            key = value.as_integer();
          } else {
            // NULL or a non-integral REAL cannot equal an integer rowid; an integral REAL can.
            const Value integral = apply_affinity(value, Affinity::kInteger);
            if (integral.type() != ValueType::kInteger) {
              phase_ = Phase::kDone;
              return false;
            }
            key = integral.as_integer();
          }
          current_record_ = rows.find(key);
          phase_ = Phase::kDone;  // a rowid matches at most one row
          current_rowid_ = key;
          return current_record_ != nullptr;
        }
        probe_ = value;
      } else {
        probe_ = apply_comparison_affinity(value, affinity);
      }
    }
    switch (plan_.kind) {
      case PlanKind::kRowidSeek: {
        // Text converted to a number above; only an integer can equal a rowid.
        const Value integral = apply_affinity(probe_, Affinity::kInteger);
        phase_ = Phase::kDone;
        if (integral.type() != ValueType::kInteger) return false;
        current_rowid_ = integral.as_integer();
        current_record_ = rows.find(current_rowid_);
        return current_record_ != nullptr;
      }
      case PlanKind::kIndexSeek: {
        const SecondaryIndex* index = table_->find_index(plan_.index_name);
        index_rowids_.clear();
        index->find_equal(probe_, index_rowids_);
        index_position_ = 0;
        break;
      }
      case PlanKind::kFullScan:
        scan_ = rows.begin();
        break;
    }
  }
  if (plan_.kind == PlanKind::kIndexSeek) {
    if (index_position_ == index_rowids_.size()) {
      phase_ = Phase::kDone;
      return false;
    }
    current_rowid_ = index_rowids_[index_position_++];
    current_record_ = rows.find(current_rowid_);
    return true;
  }
  if (plan_.kind == PlanKind::kFullScan) {
    for (; scan_.valid(); scan_.next()) {
      if (matches_where(scan_.key(), scan_.payload())) {
        current_rowid_ = scan_.key();
        current_record_ = scan_.payload();
        scan_.next();
        return true;
      }
    }
  }
  phase_ = Phase::kDone;
  return false;
}

ValueRef Statement::column_ref(std::size_t i) const {
  if (std::holds_alternative<ExplainStmt>(ast_)) {
    ValueRef detail;
    detail.type = ValueType::kText;
    detail.text = explain_row_;
    return detail;
  }
  return table_->column(current_rowid_, current_record_, output_columns_.at(i));
}

std::int64_t Statement::column_int64(std::size_t i) const {
  const ValueRef v = column_ref(i);
  if (v.type == ValueType::kInteger) return v.integer;
  if (v.type == ValueType::kReal) return static_cast<std::int64_t>(v.real);
  return 0;
}

double Statement::column_double(std::size_t i) const {
  const ValueRef v = column_ref(i);
  if (v.type == ValueType::kReal) return v.real;
  if (v.type == ValueType::kInteger) return static_cast<double>(v.integer);
  return 0.0;
}

std::string_view Statement::column_text(std::size_t i) const {
  const ValueRef v = column_ref(i);
  return v.type == ValueType::kText ? v.text : std::string_view();
}

void Statement::execute_create_table() {
  database_->create_table(std::get<CreateTableStmt>(ast_).schema);
}

void Statement::execute_create_index() {
  const auto& create = std::get<CreateIndexStmt>(ast_);
  Table* table = database_->find_table(create.table);
  if (table == nullptr) throw Error("no such table: " + create.table);
  for (const auto& other : database_->tables_) {
    if (other->find_index(create.index) != nullptr) {
      throw Error("index " + create.index + " already exists");
    }
  }
  const auto column = table->schema().find_column(create.column);
  if (!column) throw Error("no such column: " + create.column);
  const std::string error = table->create_index(create.index, *column);
  if (!error.empty()) throw Error(error);
  database_->schema_changed();
}

void Statement::execute_insert() {
  const auto& insert = std::get<InsertStmt>(ast_);
  const std::size_t column_count = table_->schema().columns.size();
  for (const auto& row : insert.rows) {
    std::vector<Value> values(column_count);  // unnamed columns are NULL
    for (std::size_t i = 0; i < row.size(); ++i) {
      const Expr& e = row[i];
      values[insert_columns_[i]] =
          e.parameter > 0 ? parameters_[static_cast<std::size_t>(e.parameter - 1)] : e.literal;
    }
    const std::string error = table_->insert(std::move(values));
    if (!error.empty()) throw Error(error);
  }
}

}  // namespace perfwarden::pk_lookup
