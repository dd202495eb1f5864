#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace pinhole::webhook {

struct post_result {
  long status = 0;   // HTTP status, 0 when none came
  std::string error; // why there was no 2xx ("" on success)
  bool ok() const { return error.empty(); }
};

/// POSTs `body` to `url` with libcurl (blocking; call it off the actor
/// scheduler). Any 2xx is success; redirects are not followed (a receiver
/// must answer itself). Only http and https.
post_result http_post(const std::string& url,
                      const std::vector<std::string>& headers,
                      const std::string& body,
                      std::chrono::milliseconds timeout);

} // namespace pinhole::webhook
