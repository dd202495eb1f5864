#include "plugins/renderer/wpe/page_headers.hpp"

#include <glib.h>
#include <nlohmann/json.hpp>

namespace pinhole::wpe {

std::string origin_of(const char* uri) {
  if (!uri)
    return {};
  auto* parsed = g_uri_parse(uri, G_URI_FLAGS_NONE, nullptr);
  if (!parsed)
    return {};
  std::string scheme = g_uri_get_scheme(parsed) ? g_uri_get_scheme(parsed) : "";
  std::string host = g_uri_get_host(parsed) ? g_uri_get_host(parsed) : "";
  int port = g_uri_get_port(parsed);
  g_uri_unref(parsed);
  if (host.empty())
    return {};
  if (port < 0)
    port = scheme == "https" ? 443 : scheme == "http" ? 80 : 0;
  return scheme + "://" + host + ":" + std::to_string(port);
}

std::string encode_page_headers(const std::vector<http_header>& headers) {
  auto list = nlohmann::json::array();
  for (const auto& h : headers)
    list.push_back({h.name, h.value});
  auto text = list.dump();
  auto* encoded =
    g_base64_encode(reinterpret_cast<const guchar*>(text.data()), text.size());
  std::string out = encoded;
  g_free(encoded);
  return out;
}

bool decode_page_headers(const std::string& text,
                         std::vector<http_header>& out) {
  gsize size = 0;
  auto* bytes = g_base64_decode(text.c_str(), &size);
  std::string json_text(reinterpret_cast<const char*>(bytes), size);
  g_free(bytes);
  auto list = nlohmann::json::parse(json_text, nullptr, false);
  if (!list.is_array())
    return false;
  out.clear();
  for (const auto& pair : list) {
    if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() ||
        !pair[1].is_string())
      return false;
    out.push_back({pair[0].get<std::string>(), pair[1].get<std::string>()});
  }
  return true;
}

} // namespace pinhole::wpe
