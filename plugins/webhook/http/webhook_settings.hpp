#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "actors/metrics.hpp"
#include "network/address_policy.hpp"

namespace pinhole::webhook {

/// The `webhook.*` keys of the `http` plugin.
struct webhook_settings {
  /// HMAC-SHA256 key for X-Pinhole-Signature.
  std::string secret;
  /// Attempts per delivery, the first included.
  int max_attempts = 5;
  /// Gap before the 2nd attempt; it doubles for every further one.
  std::chrono::milliseconds retry_base{2000};
  /// One attempt's budget (connect + answer).
  std::chrono::milliseconds timeout{10000};
  /// Attempts in flight at once (each holds a thread while it waits).
  int concurrency = 4;
  /// Makes imageUrl in the body absolute (server.public_base_url).
  std::string public_base_url;
  /// Which addresses a callback may reach (network.*).
  std::shared_ptr<const network::address_policy> policy;
  /// Where attempts are counted (GET /metrics).
  std::shared_ptr<metrics::registry> metrics =
    std::make_shared<metrics::registry>();
};

} // namespace pinhole::webhook
