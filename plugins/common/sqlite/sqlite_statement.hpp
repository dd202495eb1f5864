#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include <sqlite3.h>

namespace pinhole::sqlite {

/// A prepared statement that finalizes itself; binding and reading by
/// 1-based parameter / 0-based column index. Throws std::runtime_error with
/// SQLite's message when the SQL does not prepare.
struct statement {
  statement(sqlite3* db, const char* sql) {
    if (sqlite3_prepare_v2(db, sql, -1, &handle, nullptr) != SQLITE_OK)
      throw std::runtime_error(sqlite3_errmsg(db));
  }
  ~statement() { sqlite3_finalize(handle); }
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;

  void text(int i, const std::string& v) {
    sqlite3_bind_text(handle, i, v.data(), static_cast<int>(v.size()),
                      SQLITE_TRANSIENT);
  }
  void integer(int i, int64_t v) { sqlite3_bind_int64(handle, i, v); }
  std::string column_text(int i) {
    auto* p = sqlite3_column_text(handle, i);
    return p ? reinterpret_cast<const char*>(p) : "";
  }
  int64_t column_int(int i) { return sqlite3_column_int64(handle, i); }

  sqlite3_stmt* handle = nullptr;
};

} // namespace pinhole::sqlite
