#pragma once

#include <memory>
#include <string>
#include <vector>

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

} // namespace pinhole::test
