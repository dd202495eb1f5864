#include "plugins/webhook/http/http_post.hpp"

#include <cstdlib>
#include <sys/socket.h>

#include <curl/curl.h>

namespace pinhole::webhook {

namespace {

size_t discard(char*, size_t size, size_t count, void*) {
  return size * count;
}

struct socket_guard {
  const network::address_policy* policy;
  std::string host;
  int port = 0;
  std::string refused; // why the last address was refused
};

curl_socket_t open_checked_socket(void* data, curlsocktype,
                                  curl_sockaddr* address) {
  auto* guard = static_cast<socket_guard*>(data);
  auto why = guard->policy->check(&address->addr, guard->host, guard->port);
  if (!why.empty()) {
    guard->refused = why;
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype, address->protocol);
}

} // namespace

post_result http_post(const std::string& url,
                      const std::vector<std::string>& headers,
                      const std::string& body,
                      std::chrono::milliseconds timeout,
                      const network::address_policy& policy) {
  post_result result;
  socket_guard guard{&policy, {}, 0, {}};
  network::url_host_port(url, guard.host, guard.port);
  CURL* curl = curl_easy_init();
  if (!curl) {
    result.error = "cannot create an HTTP client";
    return result;
  }
  curl_slist* list = nullptr;
  for (const auto& h : headers)
    list = curl_slist_append(list, h.c_str());
  list = curl_slist_append(list, "Expect:");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(timeout.count()));
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, open_checked_socket);
  curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &guard);
  auto rc = curl_easy_perform(curl);
  if (rc != CURLE_OK && !guard.refused.empty()) {
    result.error = "URL_BLOCKED: " + guard.refused;
    result.blocked = true;
  } else if (rc != CURLE_OK) {
    result.error = curl_easy_strerror(rc);
  } else {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
    if (result.status < 200 || result.status > 299)
      result.error = "HTTP " + std::to_string(result.status);
  }
  curl_slist_free_all(list);
  curl_easy_cleanup(curl);
  return result;
}

} // namespace pinhole::webhook
