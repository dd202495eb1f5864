#include "network/address_policy.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <cstring>
#include <memory>
#include <netinet/in.h>

#include <curl/curl.h>

#include "config/config_error.hpp"

namespace pinhole::network {

namespace {

using bytes16 = std::array<uint8_t, 16>;

/// IPv4 a.b.c.d as ::ffff:a.b.c.d, so one table covers both families.
bytes16 mapped(const uint8_t v4[4]) {
  bytes16 out{};
  out[10] = out[11] = 0xff;
  std::memcpy(out.data() + 12, v4, 4);
  return out;
}

bool parse_ip(const std::string& text, bytes16& out) {
  uint8_t v4[4];
  if (inet_pton(AF_INET, text.c_str(), v4) == 1) {
    out = mapped(v4);
    return true;
  }
  in6_addr v6;
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    std::memcpy(out.data(), &v6, 16);
    return true;
  }
  return false;
}

bool in_prefix(const bytes16& address, const bytes16& network, int prefix) {
  for (int bit = 0; bit < prefix; ++bit) {
    int byte = bit / 8;
    int mask = 0x80 >> (bit % 8);
    if ((address[byte] & mask) != (network[byte] & mask))
      return false;
  }
  return true;
}

struct forbidden_range {
  const char* network;
  int prefix; // of the IPv4 (when network is IPv4) or IPv6 address
  const char* why;
};

// IPv4 ranges (prefix over 32 bits).
const forbidden_range forbidden_v4[] = {
  {"0.0.0.0", 8, "'this network' (0.0.0.0/8)"},
  {"10.0.0.0", 8, "private (RFC 1918)"},
  {"100.64.0.0", 10, "carrier-grade NAT (100.64/10)"},
  {"127.0.0.0", 8, "loopback"},
  {"169.254.0.0", 16, "link-local (incl. cloud metadata)"},
  {"172.16.0.0", 12, "private (RFC 1918)"},
  {"192.0.0.0", 24, "IETF protocol assignments"},
  {"192.168.0.0", 16, "private (RFC 1918)"},
  {"198.18.0.0", 15, "benchmarking"},
  {"224.0.0.0", 4, "multicast"},
  {"240.0.0.0", 4, "reserved or broadcast"},
};

// IPv6 ranges (prefix over 128 bits).
const forbidden_range forbidden_v6[] = {
  {"::", 128, "unspecified"},
  {"::1", 128, "loopback"},
  {"::ffff:0:0", 96, "IPv4-mapped IPv6"},
  {"::", 96, "IPv4-compatible IPv6"},
  {"64:ff9b::", 96, "NAT64 (embedded IPv4)"},
  {"2002::", 16, "6to4 (embedded IPv4)"},
  {"fc00::", 7, "unique local (ULA)"},
  {"fe80::", 10, "link-local"},
  {"ff00::", 8, "multicast"},
};

/// ::ffff:0:0/96, where IPv4 addresses live in the 128-bit form.
bool is_ipv4(const bytes16& address) {
  static const bytes16 mapped_prefix = [] {
    bytes16 b{};
    b[10] = b[11] = 0xff;
    return b;
  }();
  return in_prefix(address, mapped_prefix, 96);
}

/// Why `address` is not public, or nullptr.
const char* forbidden_reason(const bytes16& address) {
  if (is_ipv4(address)) {
    for (const auto& r : forbidden_v4) {
      bytes16 net;
      parse_ip(r.network, net);
      if (in_prefix(address, net, 96 + r.prefix))
        return r.why;
    }
    return nullptr;
  }
  for (const auto& r : forbidden_v6) {
    bytes16 net;
    parse_ip(r.network, net);
    if (in_prefix(address, net, r.prefix))
      return r.why;
  }
  return nullptr;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return text;
}

std::string show(const bytes16& address) {
  char text[INET6_ADDRSTRLEN];
  if (is_ipv4(address))
    inet_ntop(AF_INET, address.data() + 12, text, sizeof(text));
  else
    inet_ntop(AF_INET6, address.data(), text, sizeof(text));
  return text;
}

} // namespace

address_policy::address_policy(network_settings settings)
  : settings_(std::move(settings)) {
  for (const auto& entry : settings_.allow) {
    auto slash = entry.find('/');
    if (slash != std::string::npos) {
      cidr rule;
      auto ip = entry.substr(0, slash);
      int prefix = -1;
      try {
        prefix = std::stoi(entry.substr(slash + 1));
      } catch (const std::logic_error&) {
      }
      bool v4 = ip.find(':') == std::string::npos;
      if (!parse_ip(ip, rule.bytes) || prefix < 0 || prefix > (v4 ? 32 : 128))
        throw config_error("network.allow: '" + entry +
                           "' is not a CIDR like 10.1.0.0/16 or fd00::/8");
      rule.prefix = v4 ? 96 + prefix : prefix;
      allowed_cidrs_.push_back(rule);
      continue;
    }
    host_rule rule;
    auto colon = entry.rfind(':');
    bool bracketed = !entry.empty() && entry.front() == '[';
    if (colon != std::string::npos &&
        (bracketed ? entry[colon - 1] == ']' : entry.find(':') == colon)) {
      rule.host = entry.substr(0, colon);
      try {
        rule.port = std::stoi(entry.substr(colon + 1));
      } catch (const std::logic_error&) {
        rule.port = -1;
      }
      if (rule.port < 1 || rule.port > 65535)
        throw config_error("network.allow: '" + entry +
                           "' has no valid port (HOST:PORT, 1..65535)");
    } else {
      rule.host = entry;
    }
    if (rule.host.size() > 2 && rule.host.front() == '[')
      rule.host = rule.host.substr(1, rule.host.size() - 2);
    if (rule.host.empty())
      throw config_error("network.allow: empty host in '" + entry + "'");
    rule.host = lower(rule.host);
    allowed_hosts_.push_back(rule);
  }
}

std::string address_policy::check_bytes(const bytes16& address,
                                        const std::string& shown,
                                        const std::string& host,
                                        int port) const {
  if (settings_.allow_private)
    return {};
  auto why = forbidden_reason(address);
  if (!why)
    return {};
  for (const auto& rule : allowed_cidrs_)
    if (in_prefix(address, rule.bytes, rule.prefix))
      return {};
  auto written = lower(host);
  if (written.size() > 2 && written.front() == '[')
    written = written.substr(1, written.size() - 2);
  for (const auto& rule : allowed_hosts_)
    if (rule.host == written && (rule.port == 0 || rule.port == port))
      return {};
  return "address " + shown + " is " + why +
         ": refused by the network policy (network.allow)";
}

address_policy::address_policy(network_settings settings,
                               std::shared_ptr<const address_policy> outer)
  : address_policy(std::move(settings)) {
  outer_ = std::move(outer);
}

std::string address_policy::check(const sockaddr* address,
                                  const std::string& host, int port) const {
  if (outer_) {
    auto why = outer_->check(address, host, port);
    if (!why.empty())
      return why;
  }
  bytes16 bytes{};
  if (address->sa_family == AF_INET) {
    auto* in = reinterpret_cast<const sockaddr_in*>(address);
    bytes = mapped(reinterpret_cast<const uint8_t*>(&in->sin_addr));
  } else if (address->sa_family == AF_INET6) {
    auto* in6 = reinterpret_cast<const sockaddr_in6*>(address);
    std::memcpy(bytes.data(), &in6->sin6_addr, 16);
  } else {
    return "only IPv4 and IPv6 addresses may be contacted";
  }
  return check_bytes(bytes, show(bytes), host, port);
}

bool url_host_port(const std::string& url, std::string& host, int& port) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> handle{curl_url(),
                                                             curl_url_cleanup};
  if (!handle ||
      curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK)
    return false;
  char* host_part = nullptr;
  char* port_part = nullptr;
  curl_url_get(handle.get(), CURLUPART_HOST, &host_part, 0);
  curl_url_get(handle.get(), CURLUPART_PORT, &port_part, CURLU_DEFAULT_PORT);
  host = host_part ? host_part : "";
  port = port_part ? std::atoi(port_part) : 0;
  curl_free(host_part);
  curl_free(port_part);
  return true;
}

std::string address_policy::check_url_literal(const std::string& url) const {
  if (outer_) {
    auto why = outer_->check_url_literal(url);
    if (!why.empty())
      return why;
  }
  std::string host;
  int port = 0;
  if (!url_host_port(url, host, port))
    return {}; // the request parser reports malformed URLs
  // libcurl has already turned 2130706433, 0x7f.1, 0177.0.0.1 and 127.1
  // into dotted quads.
  auto bare = host;
  if (bare.size() > 2 && bare.front() == '[')
    bare = bare.substr(1, bare.size() - 2);
  bytes16 address{};
  if (parse_ip(bare, address))
    return check_bytes(address, bare, host, port);
  auto name = lower(bare);
  if (name == "localhost" ||
      (name.size() > 10 &&
       name.compare(name.size() - 10, 10, ".localhost") == 0)) {
    bytes16 loopback{};
    parse_ip("127.0.0.1", loopback);
    return check_bytes(loopback, name, host, port);
  }
  return {};
}

} // namespace pinhole::network
