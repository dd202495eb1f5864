// libFuzzer target: URL checks and host normalisation of the network policy,
// and the egress proxy's reading of the engine's request headers.
#include <cstddef>
#include <cstdint>
#include <string>

#include "network/address_policy.hpp"
#include "network/proxy_request.hpp"
#include "server/request_parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const pinhole::network::address_policy policy{
    pinhole::network::network_settings{false, {"10.0.0.0/8", "intranet:80"}}};
  std::string url(reinterpret_cast<const char*>(data), size);
  pinhole::check_http_url("url", url);
  policy.check_url_literal(url);
  std::string host;
  int port = 0;
  pinhole::network::url_host_port(url, host, port);
  // The same bytes as a proxy request and as an upstream answer.
  pinhole::network::proxy_request request;
  pinhole::network::parse_proxy_request(url, request);
  pinhole::network::rewrite_response_header(url);
  pinhole::network::rewrite_response_header(url, true);
  pinhole::network::frame_response(url, false);
  return 0;
}
