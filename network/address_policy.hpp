#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct sockaddr;

namespace pinhole::network {

/// The `network.*` keys.
struct network_settings {
  /// Turns the guard off (development only).
  bool allow_private = false;
  /// Exceptions: CIDRs ("10.1.0.0/16", "fd00::/8"), matched against the
  /// address connected to, or HOST[:PORT] ("127.0.0.1:8000",
  /// "intranet.example"), matched against the URL's host as written.
  std::vector<std::string> allow;
};

/// The host of an http(s) URL as libcurl reads it (numeric IPv4 forms
/// normalised to dotted quads, IPv6 in brackets) and its port (the scheme's
/// default when none is written). False for a URL libcurl cannot parse.
bool url_host_port(const std::string& url, std::string& host, int& port);

/// Which addresses Pinhole may contact for strangers (SPEC §4): public ones
/// only, unless network.allow names an exception. Loopback, RFC 1918,
/// link-local (incl. 169.254.169.254), CGNAT, ULA, IPv4-mapped and other
/// IPv4-embedding IPv6 forms, 0.0.0.0/unspecified, multicast, broadcast and
/// reserved ranges are refused.
class address_policy {
public:
  /// Throws config_error naming network.allow for an entry it cannot read.
  explicit address_policy(network_settings settings);

  /// Allows only what both `outer` and `settings` allow: a cluster worker
  /// applies the coordinator's policy (`outer`) narrowed by its own
  /// network.* keys.
  address_policy(network_settings settings,
                 std::shared_ptr<const address_policy> outer);

  /// "" when `address` may be contacted for a URL whose host (as written)
  /// is `host` and port `port`; otherwise why not.
  std::string check(const sockaddr* address, const std::string& host,
                    int port) const;

  /// Submit-time check of an http(s) URL: when its host is an IP literal
  /// (numeric forms such as 2130706433, 0x7f.1 or 127.1 are normalised
  /// first) or "localhost", returns why it is refused ("" otherwise; names
  /// are checked when they are resolved and connected to).
  std::string check_url_literal(const std::string& url) const;

private:
  struct cidr {
    std::array<uint8_t, 16> bytes{}; // IPv4 as ::ffff:a.b.c.d
    int prefix = 0;                  // over the 128-bit form
  };
  struct host_rule {
    std::string host;
    int port = 0; // 0 = any
  };

  std::string check_bytes(const std::array<uint8_t, 16>& address,
                          const std::string& shown, const std::string& host,
                          int port) const;

  network_settings settings_;
  std::shared_ptr<const address_policy> outer_;
  std::vector<cidr> allowed_cidrs_;
  std::vector<host_rule> allowed_hosts_;
};

} // namespace pinhole::network
