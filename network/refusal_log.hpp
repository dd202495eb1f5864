#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace pinhole::network {

/// The egress proxy's recent refusals, by host and port (as read by
/// url_host_port). The engine does not pass on the proxy's answer to a
/// refused CONNECT (https, wss) — the page just sees a bare 403 — so a
/// renderer looks the reason up here (through egress_access) to report
/// URL_BLOCKED with it. One log per proxy; entries expire after a few
/// minutes and the log is bounded. Thread-safe: the proxy writes from its
/// thread, renderers read from theirs.
class refusal_log {
public:
  void remember(const std::string& host, int port, const std::string& why);

  /// Why host:port was refused lately, or "".
  std::string recent(const std::string& host, int port) const;

private:
  using clock = std::chrono::steady_clock;
  struct entry {
    std::string why;
    clock::time_point when;
  };

  mutable std::mutex mutex_;
  std::map<std::string, entry> entries_;
};

} // namespace pinhole::network
