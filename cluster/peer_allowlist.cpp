#include "cluster/peer_allowlist.hpp"

#include <arpa/inet.h>
#include <cstring>

#include "config/config_error.hpp"

namespace pinhole::cluster {

namespace {

/// `text` as a 128-bit address (IPv4 mapped into ::ffff:0:0/96); false when
/// it is neither form. `v4` says it was IPv4.
bool parse_address(const std::string& text, std::array<uint8_t, 16>& out,
                   bool& v4) {
  in_addr a4{};
  if (::inet_pton(AF_INET, text.c_str(), &a4) == 1) {
    out.fill(0);
    out[10] = out[11] = 0xff;
    std::memcpy(out.data() + 12, &a4, 4);
    v4 = true;
    return true;
  }
  in6_addr a6{};
  if (::inet_pton(AF_INET6, text.c_str(), &a6) == 1) {
    std::memcpy(out.data(), &a6, 16);
    v4 = false;
    return true;
  }
  return false;
}

bool in_prefix(const std::array<uint8_t, 16>& address,
               const std::array<uint8_t, 16>& network, int prefix) {
  for (int bit = 0; bit < prefix; ++bit) {
    auto mask = static_cast<uint8_t>(0x80 >> (bit % 8));
    if ((address[bit / 8] & mask) != (network[bit / 8] & mask))
      return false;
  }
  return true;
}

} // namespace

peer_allowlist::peer_allowlist(const std::vector<std::string>& cidrs) {
  for (const auto& entry : cidrs) {
    auto bad = [&] {
      return config_error("cluster.allow: '" + entry +
                          "' is not a CIDR like 10.1.0.0/16 or fd00::/8");
    };
    auto slash = entry.find('/');
    cidr parsed;
    bool v4 = false;
    if (!parse_address(entry.substr(0, slash), parsed.bytes, v4))
      throw bad();
    int max = v4 ? 32 : 128;
    int prefix = max;
    if (slash != std::string::npos) {
      auto digits = entry.substr(slash + 1);
      if (digits.empty() || digits.size() > 3 ||
          digits.find_first_not_of("0123456789") != std::string::npos)
        throw bad();
      prefix = std::stoi(digits);
      if (prefix > max)
        throw bad();
    }
    parsed.prefix = v4 ? prefix + 96 : prefix;
    cidrs_.push_back(parsed);
  }
}

bool peer_allowlist::allows(const std::string& address) const {
  std::array<uint8_t, 16> bytes{};
  bool v4 = false;
  if (!parse_address(address, bytes, v4))
    return false;
  std::array<uint8_t, 16> loopback4{0, 0, 0, 0,    0,    0,  0,
                                    0, 0, 0, 0xff, 0xff, 127};
  std::array<uint8_t, 16> loopback6{};
  loopback6[15] = 1;
  if (in_prefix(bytes, loopback4, 104) || in_prefix(bytes, loopback6, 128))
    return true;
  for (const auto& entry : cidrs_)
    if (in_prefix(bytes, entry.bytes, entry.prefix))
      return true;
  return false;
}

} // namespace pinhole::cluster
