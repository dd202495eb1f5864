#pragma once

#include <map>
#include <string>
#include <vector>

namespace pinhole::test {

struct http_response {
  long status = 0;
  std::map<std::string, std::string> headers; // names lowercased
  std::string body;
  std::string error; // libcurl's message when no answer came
};

/// A real HTTP client (libcurl) for talking to the server under test.
http_response http_request(const std::string& method, const std::string& url,
                           const std::vector<std::string>& headers = {},
                           const std::string& body = "",
                           long timeout_ms = 30000);

} // namespace pinhole::test
