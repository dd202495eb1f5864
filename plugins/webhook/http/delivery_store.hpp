#pragma once

#include <string>
#include <vector>

#include "actors/capture_types.hpp"

struct sqlite3;

namespace pinhole::webhook {

/// One webhook delivery: the same id and body on every attempt.
struct delivery {
  std::string id; // "dlv_" + the capture's hex digits
  std::string capture_id;
  std::string url;
  std::string event; // capture.completed | capture.failed
  std::string body;
  std::string state = "pending"; // pending | delivered | failed
  int32_t attempts = 0;
  timestamp_ms next_at = 0;
  std::string last_error;
};

/// Deliveries in the `deliveries` table of the service database (its own
/// connection; WAL lets it share the file with the capture store), so
/// pending ones resume after a restart.
class delivery_store {
public:
  explicit delivery_store(const std::string& path);
  ~delivery_store();

  delivery_store(const delivery_store&) = delete;
  delivery_store& operator=(const delivery_store&) = delete;

  /// Adds `d` unless a delivery with its id exists; true when added.
  bool add(const delivery& d);

  /// Writes the progress fields (state, attempts, next_at, last_error).
  void update(const delivery& d);

  std::vector<delivery> pending();

  /// Forgets deliveries of captures that no longer exist.
  void remove_for_capture(const std::string& capture_id);

private:
  sqlite3* db_ = nullptr;
};

} // namespace pinhole::webhook
