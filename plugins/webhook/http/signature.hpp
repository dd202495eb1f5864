#pragma once

#include <cstdint>
#include <string>

namespace pinhole::webhook {

/// Hex HMAC-SHA256 of "<unix_seconds>.<body>" keyed with `secret` (OpenSSL).
std::string sign(const std::string& secret, int64_t unix_seconds,
                 const std::string& body);

/// The X-Pinhole-Signature header value: "t=<unix_seconds>,v1=<hex>".
std::string signature_header(const std::string& secret, int64_t unix_seconds,
                             const std::string& body);

} // namespace pinhole::webhook
