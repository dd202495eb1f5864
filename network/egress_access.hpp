#pragma once

#include <functional>
#include <memory>
#include <string>

namespace pinhole::network {

class refusal_log;

/// Why the egress proxy did not pass a response on from the page's server.
struct egress_refusal {
  enum class kind {
    none,    // a real answer of the page's server
    blocked, // the network policy refused the address (URL_BLOCKED)
    failed,  // the proxy could not reach the server (NAVIGATION_FAILED)
  };
  kind what = kind::none;
  std::string reason;
};

/// How a renderer's engine reaches the network, as the core hands it over
/// when the renderer is spawned: the proxy every request must go through
/// (so the network policy covers all of them) and how to read the proxy's
/// own answers. An engine never needs the proxy's header names or its
/// refusal log beyond this.
class egress_access {
public:
  /// Direct access: no proxy, no policy (`pinhole capture`, like curl).
  egress_access() = default;
  egress_access(std::string proxy_url, std::shared_ptr<const refusal_log> log);

  /// "http://127.0.0.1:PORT", or "" for direct access.
  const std::string& proxy_url() const { return proxy_url_; }

  /// Reads one response the engine got for `uri` with HTTP `status`;
  /// `header` returns a response header's value or nullptr. A refused
  /// https/wss CONNECT reaches engines as a bare 403, so its reason is
  /// looked up in the proxy's log of recent refusals.
  egress_refusal
  classify(const std::string& uri, int status,
           const std::function<const char*(const char* name)>& header) const;

private:
  std::string proxy_url_;
  std::shared_ptr<const refusal_log> refusals_;
};

} // namespace pinhole::network
