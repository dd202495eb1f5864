#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "tests/support/http_client.hpp"

namespace pinhole::test {

/// Talks to a running pinhole server like a client would.
class api_client {
public:
  api_client(std::string base_url, std::string api_key);

  http_response submit(const nlohmann::json& body) const;
  http_response status(const std::string& id) const;
  http_response image(const std::string& id) const;
  http_response remove(const std::string& id) const;

  /// Submits and polls until COMPLETED or FAILED (or `deadline_ms`);
  /// returns the last status `data`.
  nlohmann::json capture(const nlohmann::json& body,
                         int deadline_ms = 60000) const;

  /// Polls a capture until it is COMPLETED or FAILED.
  nlohmann::json wait_done(const std::string& id,
                           int deadline_ms = 60000) const;

  /// Polls a capture's status route until it answers HTTP `code`; false
  /// when it still does not at `deadline_ms`.
  bool wait_status(const std::string& id, int code,
                   int deadline_ms = 10000) const;

  const std::string& base_url() const { return base_url_; }

private:
  std::string base_url_;
  std::string api_key_;
};

} // namespace pinhole::test
