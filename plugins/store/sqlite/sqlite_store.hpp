#pragma once

#include <string>
#include <vector>

#include "actors/store_protocol.hpp"
#include "plugins/common/secrets/secret_box.hpp"

struct sqlite3;

namespace pinhole::sqlite {

/// Capture records in one SQLite database file (WAL mode, synchronous=FULL:
/// a committed capture survives a crash of the process or the machine).
/// A capture's secrets (headers, cookies, httpAuth) are kept sealed with
/// `box` while it is unfinished and erased when it finishes. Not
/// thread-safe: one owner (the store actor) calls it.
class sqlite_store {
public:
  /// Opens or creates `path`, checks its integrity and creates the schema.
  /// Throws std::runtime_error naming the file when it is unusable
  /// (corrupt, not a database, not writable).
  sqlite_store(const std::string& path, secrets::secret_box box);
  ~sqlite_store();

  sqlite_store(const sqlite_store&) = delete;
  sqlite_store& operator=(const sqlite_store&) = delete;

  /// Every stored capture, oldest first. Image paths are joined to
  /// `image_dir` (the database keeps bare file names, so the storage folder
  /// may move). An unfinished capture whose secrets cannot be opened
  /// (another key) comes back with `error` set: it cannot run as asked.
  std::vector<capture_record> load_captures(const std::string& image_dir);
  std::vector<tombstone_record> load_tombstones();

  /// Inserts or replaces a record. Returns an empty string or the error.
  std::string save(const capture_record& record);

  /// Removes records; with `forget_at` > 0 leaves tombstones until then.
  std::string remove(const std::vector<capture_record>& records,
                     timestamp_ms forget_at);

  /// Drops tombstones whose time is up.
  std::string forget_tombstones(timestamp_ms now);

  const std::string& path() const { return path_; }

private:
  std::string exec(const char* sql);
  /// Adds the columns of added_columns a database made earlier lacks.
  std::string add_missing_columns();

  std::string path_;
  secrets::secret_box box_;
  sqlite3* db_ = nullptr;
};

} // namespace pinhole::sqlite
