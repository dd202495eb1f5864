#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "network/egress_access.hpp"

namespace pinhole::network {

class address_policy;

/// The `network.*` limits of the egress proxy.
struct egress_settings {
  /// Longest wait for an upstream TCP connection.
  std::chrono::milliseconds connect_timeout{10000};
  /// A proxied connection with no traffic either way for this long is
  /// closed (the engine keeps idle connections around).
  std::chrono::milliseconds idle_timeout{60000};
  /// Largest request or response header block the proxy reads.
  size_t max_header_bytes = 256 * 1024;
};

/// An HTTP proxy on 127.0.0.1 through which the engine sends every request
/// it makes (page, redirects, subresources, frames, fetch/XHR, WebSocket):
/// CONNECT tunnels for https/wss, absolute-form requests for http. For each
/// one it resolves the host once, checks every address against the network
/// policy, and connects to an address it checked, so no request reaches a
/// refused address and DNS cannot change its answer in between (SPEC §4).
/// A refusal is answered 403 with an X-Pinhole-Blocked header giving the
/// reason; the renderer turns that into URL_BLOCKED for the page itself,
/// and a refused subresource simply fails to load.
class egress_proxy {
public:
  /// Listens on 127.0.0.1 on a free port and serves from its own thread.
  /// Throws std::runtime_error when it cannot listen.
  egress_proxy(std::shared_ptr<const address_policy> policy,
               egress_settings settings);
  /// Stops accepting, closes every connection and joins the thread.
  ~egress_proxy();
  egress_proxy(const egress_proxy&) = delete;
  egress_proxy& operator=(const egress_proxy&) = delete;

  /// "http://127.0.0.1:PORT", the engine's proxy setting.
  std::string url() const;
  /// Requests refused by the policy so far.
  uint64_t refused_count() const;
  /// What a renderer needs to send its engine's traffic here and read the
  /// answers to refused requests. Valid while the proxy lives.
  egress_access access() const;

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace pinhole::network
