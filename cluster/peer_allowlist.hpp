#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace pinhole::cluster {

/// Which peers may join a coordinator whose link is not authenticated
/// (no cluster.tls.*): loopback always, and the CIDRs of cluster.allow.
class peer_allowlist {
public:
  /// Throws config_error naming cluster.allow for an entry it cannot read.
  explicit peer_allowlist(const std::vector<std::string>& cidrs);

  /// True when `address` (numeric IPv4 or IPv6, as the connection shows
  /// it) is loopback or inside one of the CIDRs.
  bool allows(const std::string& address) const;

private:
  struct cidr {
    std::array<uint8_t, 16> bytes{}; // IPv4 as ::ffff:a.b.c.d
    int prefix = 0;                  // over the 128-bit form
  };
  std::vector<cidr> cidrs_;
};

} // namespace pinhole::cluster
