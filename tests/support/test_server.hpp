#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/server_process.hpp"

namespace pinhole::test {

/// The two API keys every test server accepts.
inline const std::string alice_key = "alice-key-0123456789";
inline const std::string bob_key = "bob-key-0123456789abc";

/// Starts `pinhole serve` on 127.0.0.1 (port 0) with a YAML file giving
/// alice's key in plain text and bob's as a SHA-256 digest, a fresh storage
/// folder named after `name`, loopback allowed by the network policy (the
/// fixture pages live there), and `extra_flags` on top.
std::unique_ptr<server_process>
start_test_server(const std::string& name,
                  const std::vector<std::string>& extra_flags = {});

/// Starts `pinhole serve` on 127.0.0.1 (port 0) with its data in
/// `storage_dir` (call it again on the same folder to restart the service
/// on its data), alice's and bob's keys as flags, loopback allowed, and
/// `extra_flags` on top.
std::unique_ptr<server_process>
serve_on(const std::string& storage_dir,
         const std::vector<std::string>& extra_flags = {});

/// A quick capture request body for `url`: a 64 x 48 viewport.
nlohmann::json small_capture(const std::string& url);

} // namespace pinhole::test
