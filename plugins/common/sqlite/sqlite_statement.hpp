#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

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
  /// An empty `v` binds an empty blob, not NULL.
  void blob(int i, const std::vector<uint8_t>& v) {
    if (v.empty())
      sqlite3_bind_zeroblob(handle, i, 0);
    else
      sqlite3_bind_blob(handle, i, v.data(), static_cast<int>(v.size()),
                        SQLITE_TRANSIENT);
  }
  std::string column_text(int i) {
    auto* p = sqlite3_column_text(handle, i);
    return p ? reinterpret_cast<const char*>(p) : "";
  }
  int64_t column_int(int i) { return sqlite3_column_int64(handle, i); }
  std::vector<uint8_t> column_blob(int i) {
    auto* p = static_cast<const uint8_t*>(sqlite3_column_blob(handle, i));
    return p ? std::vector<uint8_t>(p, p + sqlite3_column_bytes(handle, i))
             : std::vector<uint8_t>{};
  }

  sqlite3_stmt* handle = nullptr;
};

} // namespace pinhole::sqlite
