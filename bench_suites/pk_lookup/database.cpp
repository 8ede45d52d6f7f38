#include "pk_lookup/database.h"

namespace perfwarden::pk_lookup {

Statement Database::prepare(std::string_view sql) {
  ParseResult parsed = parse_sql(sql);
  if (!parsed.error.empty()) throw Error(parsed.error);
  Statement statement(this, std::move(*parsed.statement), parsed.parameter_count);
  statement.resolve();
  return statement;
}

void Database::execute(std::string_view sql) {
  Statement statement = prepare(sql);
  while (statement.step()) {
  }
}

std::vector<std::vector<Value>> Database::query(std::string_view sql,
                                                const std::vector<Value>& parameters) {
  Statement statement = prepare(sql);
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    statement.bind(static_cast<int>(i + 1), parameters[i]);
  }
  std::vector<std::vector<Value>> rows;
  while (statement.step()) {
    std::vector<Value> row;
    row.reserve(statement.column_count());
    for (std::size_t c = 0; c < statement.column_count(); ++c) {
      row.push_back(statement.column_value(c));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

void Database::set_planner_options(const PlannerOptions& options) {
  planner_options_ = options;
  schema_changed();
}

Table* Database::find_table(std::string_view name) {
  for (const auto& table : tables_) {
    if (iequals(table->schema().name, name)) return table.get();
  }
  return nullptr;
}

void Database::create_table(TableSchema schema) {
  if (find_table(schema.name) != nullptr) throw Error("table " + schema.name + " already exists");
  std::string error = finish_schema(schema);
  if (!error.empty()) throw Error(error);
  // The storage decision and the planner's seek decision are one rule, asked in one place.
  for (std::size_t i = 0; i < schema.columns.size(); ++i) {
    if (aliases_rowid(schema.columns[i])) schema.rowid_alias = i;
  }
  tables_.push_back(std::make_unique<Table>(std::move(schema)));
  schema_changed();
}

}  // namespace perfwarden::pk_lookup
