#pragma once

#include <cstdint>
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
  /// An HTTP/1.1 request without a body that does not ask to close: both
  /// connections may carry further requests after its answer (see
  /// egress_proxy.cpp). Requests with a body, HTTP/1.0 and upgrades get
  /// one answer per connection.
  bool keep_alive = false;
  /// A HEAD request: its answer has no body whatever its header says.
  bool is_head = false;
  /// For absolute-form requests: the header to send upstream, in origin
  /// form ("GET /path HTTP/1.1"), without hop-by-hop proxy headers, and
  /// with "Connection: close" unless `keep_alive`.
  std::string upstream_header;
};

/// How an upstream answer ends, read from its header block.
struct response_framing {
  /// The body's length when the header says it (Content-Length; 0 for
  /// HEAD, 204 and 304); -1 when it ends only when the server closes the
  /// connection (no length, or chunked: relayed until the close).
  int64_t body_length = -1;
  /// The server keeps the connection open for another request (HTTP/1.1
  /// without "Connection: close").
  bool server_keeps_alive = false;
};

/// The status code of a response header block ("HTTP/1.1 200 OK"), or 0.
int response_status(const std::string& header);

/// Reads the framing of the answer `header` to a request (`head_request`:
/// a HEAD). Conflicting or malformed lengths count as unknown (-1).
response_framing frame_response(const std::string& header, bool head_request);

/// Reads `header`. Returns "" on success, else why it cannot be proxied
/// (the proxy answers 400).
std::string parse_proxy_request(const std::string& header,
                                proxy_request& request);

/// The upstream response header block as the engine gets it: the same,
/// without the server's Connection headers and without headers the proxy
/// itself uses to report refusals (X-Pinhole-*), so a server cannot pretend
/// to be the proxy; with "Connection: close" unless the engine's
/// connection is kept (`keep_alive`).
std::string rewrite_response_header(const std::string& header,
                                    bool keep_alive = false);

/// Header the proxy adds to its own refusal (403) and failure (502)
/// answers; the renderer reads it on the page's main response.
extern const char* const blocked_header;       // "X-Pinhole-Blocked"
extern const char* const proxy_failure_header; // "X-Pinhole-Proxy-Error"

/// The whole answer the proxy sends when it will not or cannot connect.
std::string refusal_response(int status, const std::string& reason_phrase,
                             const char* header_name, const std::string& why);

} // namespace pinhole::network
