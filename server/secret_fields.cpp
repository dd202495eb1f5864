#include "server/secret_fields.hpp"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

namespace pinhole {

namespace {

using json = nlohmann::json;

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return text;
}

/// RFC 9110 token characters (header and cookie names).
bool is_token(const std::string& text) {
  static const std::string extra = "!#$%&'*+-.^_`|~";
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) {
           return std::isalnum(c) || extra.find(c) != std::string::npos;
         });
}

/// No control characters (CR and LF would split the request), tab allowed.
bool is_field_text(const std::string& text) {
  return std::none_of(text.begin(), text.end(), [](unsigned char c) {
    return (c < 0x20 && c != '\t') || c == 0x7f;
  });
}

/// Headers the engine or the connection own: a page request with a
/// client's Host or Content-Length would be a different request, and
/// hop-by-hop and proxy headers belong to one connection, not to the page.
bool is_refused_header(const std::string& name) {
  static const char* const refused[] = {
    "host", "content-length", "connection", "keep-alive",
    "te",   "trailer",        "upgrade",    "transfer-encoding"};
  auto key = lower(name);
  return key.rfind("proxy-", 0) == 0 ||
         std::find(std::begin(refused), std::end(refused), key) !=
           std::end(refused);
}

std::vector<http_header> headers_field(const json& value,
                                       const capture_settings& limits) {
  if (!value.is_object())
    throw invalid_secret(
      "headers must be an object of header names and string values");
  if (value.size() > static_cast<size_t>(limits.max_headers))
    throw invalid_secret("headers must have at most " +
                         std::to_string(limits.max_headers) + " entries");
  std::vector<http_header> headers;
  std::vector<std::string> seen;
  for (const auto& [name, text] : value.items()) {
    // Names are not secret; values are, and are never echoed.
    if (!is_token(name))
      throw invalid_secret("headers: '" + name +
                           "' is not a valid header name");
    auto field = "headers." + name;
    if (is_refused_header(name))
      throw invalid_secret(field +
                           " cannot be set: Host, Content-Length, hop-by-hop "
                           "and Proxy-* headers belong to the connection");
    if (std::find(seen.begin(), seen.end(), lower(name)) != seen.end())
      throw invalid_secret(field + " is given twice (names ignore case)");
    seen.push_back(lower(name));
    if (!text.is_string())
      throw invalid_secret(field + " must be a string");
    auto header_value = text.get<std::string>();
    if (!is_field_text(header_value))
      throw invalid_secret(field + " must not contain control characters");
    if (name.size() + 2 + header_value.size() >
        static_cast<size_t>(limits.max_header_bytes))
      throw invalid_secret(field + " must be at most " +
                           std::to_string(limits.max_header_bytes) +
                           " bytes (name and value)");
    headers.push_back({name, header_value});
  }
  return headers;
}

std::string cookie_text(const json& cookie, const std::string& field,
                        const char* key, const capture_settings& limits) {
  const auto& value = cookie[key];
  auto name = field + "." + key;
  if (!value.is_string())
    throw invalid_secret(name + " must be a string");
  auto text = value.get<std::string>();
  if (text.size() > static_cast<size_t>(limits.max_header_bytes))
    throw invalid_secret(name + " must be at most " +
                         std::to_string(limits.max_header_bytes) + " bytes");
  if (!is_field_text(text) || text.find(';') != std::string::npos)
    throw invalid_secret(name + " must not contain ';' or control characters");
  return text;
}

bool cookie_flag(const json& cookie, const std::string& field,
                 const char* key) {
  if (!cookie[key].is_boolean())
    throw invalid_secret(field + "." + key + " must be true or false");
  return cookie[key].get<bool>();
}

page_cookie cookie_field(const json& cookie, const std::string& field,
                         const capture_settings& limits) {
  if (!cookie.is_object())
    throw invalid_secret(field + " must be an object {name, value, ...}");
  static const char* const known[] = {"name",     "value",  "domain",
                                      "path",     "secure", "httpOnly",
                                      "sameSite", "expires"};
  for (const auto& [key, ignored] : cookie.items())
    if (std::find(std::begin(known), std::end(known), key) == std::end(known))
      throw invalid_secret(field + " has an unknown field '" + key + "'");
  for (const char* key : {"name", "value"})
    if (!cookie.contains(key))
      throw invalid_secret(field + "." + key + " is required");
  page_cookie out;
  out.name = cookie_text(cookie, field, "name", limits);
  if (!is_token(out.name))
    throw invalid_secret(field + ".name is not a valid cookie name");
  out.value = cookie_text(cookie, field, "value", limits);
  if (cookie.contains("domain")) {
    out.domain = cookie_text(cookie, field, "domain", limits);
    if (out.domain.empty() ||
        out.domain.find_first_of(" /:@") != std::string::npos)
      throw invalid_secret(field + ".domain must be a host name");
  }
  if (cookie.contains("path")) {
    out.path = cookie_text(cookie, field, "path", limits);
    if (out.path.empty() || out.path[0] != '/')
      throw invalid_secret(field + ".path must start with '/'");
  }
  if (cookie.contains("secure"))
    out.secure = cookie_flag(cookie, field, "secure");
  if (cookie.contains("httpOnly"))
    out.http_only = cookie_flag(cookie, field, "httpOnly");
  if (cookie.contains("sameSite")) {
    out.same_site = cookie_text(cookie, field, "sameSite", limits);
    if (out.same_site != "Strict" && out.same_site != "Lax" &&
        out.same_site != "None")
      throw invalid_secret(field +
                           ".sameSite must be \"Strict\", \"Lax\" or \"None\"");
    if (out.same_site == "None" && !out.secure)
      throw invalid_secret(field + ".sameSite \"None\" needs secure: true "
                                   "(browsers drop such cookies otherwise)");
  }
  if (cookie.contains("expires")) {
    const auto& expires = cookie["expires"];
    if (!expires.is_number_integer() || expires.get<int64_t>() <= 0)
      throw invalid_secret(field + ".expires must be a positive integer "
                                   "(Unix seconds)");
    out.expires = expires.get<int64_t>();
  }
  return out;
}

std::vector<page_cookie> cookies_field(const json& value,
                                       const capture_settings& limits) {
  if (!value.is_array())
    throw invalid_secret("cookies must be a list of {name, value, ...}");
  if (value.size() > static_cast<size_t>(limits.max_cookies))
    throw invalid_secret("cookies must have at most " +
                         std::to_string(limits.max_cookies) + " entries");
  std::vector<page_cookie> cookies;
  for (size_t i = 0; i < value.size(); ++i)
    cookies.push_back(
      cookie_field(value[i], "cookies[" + std::to_string(i) + "]", limits));
  return cookies;
}

http_credentials http_auth_field(const json& value,
                                 const capture_settings& limits) {
  if (!value.is_object())
    throw invalid_secret("httpAuth must be an object {username, password}");
  for (const auto& [key, ignored] : value.items())
    if (key != "username" && key != "password")
      throw invalid_secret("httpAuth has an unknown field '" + key + "'");
  http_credentials out;
  for (const char* key : {"username", "password"}) {
    auto field = std::string{"httpAuth."} + key;
    if (!value.contains(key) || !value[key].is_string())
      throw invalid_secret(field + " is required (a string)");
    auto text = value[key].get<std::string>();
    if (text.size() > static_cast<size_t>(limits.max_header_bytes))
      throw invalid_secret(field + " must be at most " +
                           std::to_string(limits.max_header_bytes) + " bytes");
    if (!is_field_text(text))
      throw invalid_secret(field + " must not contain control characters");
    (key[0] == 'u' ? out.username : out.password) = text;
  }
  if (out.username.empty())
    throw invalid_secret("httpAuth.username must not be empty");
  if (out.username.find(':') != std::string::npos)
    throw invalid_secret("httpAuth.username must not contain ':' (HTTP "
                         "Basic cannot carry it)");
  return out;
}

} // namespace

bool apply_secret_field(const std::string& name, const json& value,
                        const capture_settings& limits, page_secrets& out) {
  if (name == "headers")
    out.headers = headers_field(value, limits);
  else if (name == "cookies")
    out.cookies = cookies_field(value, limits);
  else if (name == "httpAuth")
    out.http_auth = http_auth_field(value, limits);
  else
    return false;
  return true;
}

} // namespace pinhole
