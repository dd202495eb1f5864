#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "network/address_policy.hpp"

namespace pinhole::webhook {

struct post_result {
  long status = 0;      // HTTP status, 0 when none came
  std::string error;    // why there was no 2xx ("" on success)
  bool blocked = false; // the network policy refused the address
  bool ok() const { return error.empty(); }
};

/// POSTs `body` to `url` with libcurl (blocking; call it off the actor
/// scheduler). Any 2xx is success; redirects are not followed (a receiver
/// must answer itself). Only http and https.
/// Every address libcurl is about to connect to is checked against `policy`
/// first (after resolving, so the checked address is the one connected to:
/// no DNS-rebinding window); a refused one is never contacted.
post_result http_post(const std::string& url,
                      const std::vector<std::string>& headers,
                      const std::string& body,
                      std::chrono::milliseconds timeout,
                      const network::address_policy& policy);

} // namespace pinhole::webhook
