#include "tests/support/api_client.hpp"

#include <chrono>
#include <thread>

namespace pinhole::test {

api_client::api_client(std::string base_url, std::string api_key)
  : base_url_(std::move(base_url)), api_key_(std::move(api_key)) {
  // nop
}

http_response api_client::submit(const nlohmann::json& body) const {
  return http_request(
    "POST", base_url_ + "/api/screenshot/capture",
    {"X-API-KEY: " + api_key_, "Content-Type: application/json"}, body.dump());
}

http_response api_client::status(const std::string& id) const {
  return http_request("GET", base_url_ + "/api/screenshot/capture/" + id,
                      {"X-API-KEY: " + api_key_});
}

http_response api_client::remove(const std::string& id) const {
  return http_request("DELETE", base_url_ + "/api/screenshot/capture/" + id,
                      {"X-API-KEY: " + api_key_});
}

http_response api_client::image(const std::string& id) const {
  return http_request("GET",
                      base_url_ + "/api/screenshot/capture/" + id + "/image",
                      {"X-API-KEY: " + api_key_});
}

nlohmann::json api_client::wait_done(const std::string& id,
                                     int deadline_ms) const {
  auto deadline =
    std::chrono::steady_clock::now() + std::chrono::milliseconds(deadline_ms);
  nlohmann::json data;
  while (std::chrono::steady_clock::now() < deadline) {
    auto res = status(id);
    if (res.status != 200)
      return nlohmann::json{{"pollError", res.status}, {"body", res.body}};
    data = nlohmann::json::parse(res.body)["data"];
    auto state = data["state"].get<std::string>();
    if (state == "COMPLETED" || state == "FAILED")
      return data;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return data;
}

bool api_client::wait_status(const std::string& id, int code,
                             int deadline_ms) const {
  auto deadline =
    std::chrono::steady_clock::now() + std::chrono::milliseconds(deadline_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (status(id).status == code)
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return status(id).status == code;
}

nlohmann::json api_client::capture(const nlohmann::json& body,
                                   int deadline_ms) const {
  auto res = submit(body);
  if (res.status != 202)
    return nlohmann::json{{"submitError", res.status}, {"body", res.body}};
  auto id = nlohmann::json::parse(res.body)["data"]["captureId"];
  return wait_done(id.get<std::string>(), deadline_ms);
}

} // namespace pinhole::test
