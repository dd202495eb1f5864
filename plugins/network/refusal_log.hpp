#pragma once

#include <string>

namespace pinhole::network {

/// The egress proxy's recent refusals, by host and port (as read by
/// url_host_port). The engine does not pass on the proxy's answer to a
/// refused CONNECT (https, wss) — the page just sees a bare 403 — so the
/// renderer looks the reason up here to report URL_BLOCKED with it.
/// Entries expire after a few minutes; the log is bounded.
void remember_refusal(const std::string& host, int port,
                      const std::string& why);

/// Why host:port was refused lately, or "".
std::string recent_refusal(const std::string& host, int port);

} // namespace pinhole::network
