#pragma once

#include <string>

namespace pinhole::network {

/// One request the engine sends to the egress proxy, read from its header
/// block (everything up to and including the blank line).
struct proxy_request {
  /// CONNECT host:port (https, wss): the proxy opens a tunnel.
  bool is_connect = false;
  /// A WebSocket (or other) upgrade in absolute form: the connection is
  /// handed over as is after the header, so it keeps its Connection header.
  bool is_upgrade = false;
  /// The host as written in the URL (numeric IPv4 forms normalised to a
  /// dotted quad, IPv6 in brackets) and the port, for the policy check.
  std::string host;
  int port = 0;
  /// For absolute-form requests: the header to send upstream, in origin
  /// form ("GET /path HTTP/1.1"), without hop-by-hop proxy headers and
  /// with "Connection: close" (one request per upstream connection, so a
  /// reused engine connection can never carry a request for another host
  /// to the first host's server).
  std::string upstream_header;
};

/// Reads `header`. Returns "" on success, else why it cannot be proxied
/// (the proxy answers 400).
std::string parse_proxy_request(const std::string& header,
                                proxy_request& request);

/// The upstream response header block as the engine gets it: the same,
/// with "Connection: close" and without headers the proxy itself uses to
/// report refusals (X-Pinhole-*), so a server cannot pretend to be the
/// proxy.
std::string rewrite_response_header(const std::string& header);

/// Header the proxy adds to its own refusal (403) and failure (502)
/// answers; the renderer reads it on the page's main response.
extern const char* const blocked_header;       // "X-Pinhole-Blocked"
extern const char* const proxy_failure_header; // "X-Pinhole-Proxy-Error"

/// The whole answer the proxy sends when it will not or cannot connect.
std::string refusal_response(int status, const std::string& reason_phrase,
                             const char* header_name, const std::string& why);

} // namespace pinhole::network
