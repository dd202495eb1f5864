#include "plugins/webhook/http/delivery_store.hpp"

#include <stdexcept>

#include <sqlite3.h>

#include "plugins/common/sqlite/sqlite_statement.hpp"

namespace pinhole::webhook {

using sqlite::statement;

delivery_store::delivery_store(const std::string& path) {
  if (sqlite3_open_v2(path.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                      nullptr) != SQLITE_OK) {
    std::string why = db_ ? sqlite3_errmsg(db_) : "cannot open";
    sqlite3_close(db_);
    throw std::runtime_error("database " + path + ": " + why);
  }
  sqlite3_busy_timeout(db_, 5000);
  char* error = nullptr;
  auto rc = sqlite3_exec(db_,
                         "PRAGMA synchronous=FULL;"
                         "CREATE TABLE IF NOT EXISTS deliveries ("
                         " id TEXT PRIMARY KEY, capture_id TEXT NOT NULL,"
                         " url TEXT NOT NULL, event TEXT NOT NULL,"
                         " body TEXT NOT NULL, state TEXT NOT NULL,"
                         " attempts INTEGER NOT NULL, next_at INTEGER NOT NULL,"
                         " last_error TEXT NOT NULL)",
                         nullptr, nullptr, &error);
  if (rc != SQLITE_OK) {
    std::string why = error ? error : "unknown error";
    sqlite3_free(error);
    sqlite3_close(db_);
    throw std::runtime_error("database " + path + ": " + why);
  }
}

delivery_store::~delivery_store() {
  sqlite3_close(db_);
}

bool delivery_store::add(const delivery& d) {
  statement q{db_, "INSERT OR IGNORE INTO deliveries (id, capture_id, url, "
                   "event, body, state, attempts, next_at, last_error) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"};
  q.text(1, d.id);
  q.text(2, d.capture_id);
  q.text(3, d.url);
  q.text(4, d.event);
  q.text(5, d.body);
  q.text(6, d.state);
  q.integer(7, d.attempts);
  q.integer(8, d.next_at);
  q.text(9, d.last_error);
  if (sqlite3_step(q.handle) != SQLITE_DONE)
    throw std::runtime_error(sqlite3_errmsg(db_));
  return sqlite3_changes(db_) > 0;
}

void delivery_store::update(const delivery& d) {
  statement q{db_, "UPDATE deliveries SET state = ?2, attempts = ?3, "
                   "next_at = ?4, last_error = ?5 WHERE id = ?1"};
  q.text(1, d.id);
  q.text(2, d.state);
  q.integer(3, d.attempts);
  q.integer(4, d.next_at);
  q.text(5, d.last_error);
  if (sqlite3_step(q.handle) != SQLITE_DONE)
    throw std::runtime_error(sqlite3_errmsg(db_));
}

std::vector<delivery> delivery_store::pending() {
  statement q{db_, "SELECT id, capture_id, url, event, body, state, attempts, "
                   "next_at, last_error FROM deliveries WHERE state = "
                   "'pending' ORDER BY next_at"};
  std::vector<delivery> out;
  while (sqlite3_step(q.handle) == SQLITE_ROW) {
    delivery d;
    d.id = q.column_text(0);
    d.capture_id = q.column_text(1);
    d.url = q.column_text(2);
    d.event = q.column_text(3);
    d.body = q.column_text(4);
    d.state = q.column_text(5);
    d.attempts = static_cast<int32_t>(q.column_int(6));
    d.next_at = q.column_int(7);
    d.last_error = q.column_text(8);
    out.push_back(std::move(d));
  }
  return out;
}

void delivery_store::remove_for_capture(const std::string& capture_id) {
  statement q{db_, "DELETE FROM deliveries WHERE capture_id = ?1"};
  q.text(1, capture_id);
  sqlite3_step(q.handle);
}

} // namespace pinhole::webhook
