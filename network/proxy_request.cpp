#include "network/proxy_request.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <vector>

#include "network/address_policy.hpp"

namespace pinhole::network {

const char* const blocked_header = "X-Pinhole-Blocked";
const char* const proxy_failure_header = "X-Pinhole-Proxy-Error";

namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return text;
}

/// The header block split into lines, without the final blank line.
std::vector<std::string> header_lines(const std::string& header) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < header.size()) {
    auto end = header.find("\r\n", start);
    if (end == std::string::npos)
      end = header.size();
    if (end == start)
      break; // the blank line ends the header
    lines.push_back(header.substr(start, end - start));
    start = end + 2;
  }
  return lines;
}

std::string field_name(const std::string& line) {
  auto colon = line.find(':');
  return colon == std::string::npos ? "" : lower(line.substr(0, colon));
}

/// A header line's value without the surrounding blanks.
std::string field_value(const std::string& line) {
  auto colon = line.find(':');
  if (colon == std::string::npos)
    return "";
  auto start = line.find_first_not_of(" \t", colon + 1);
  auto end = line.find_last_not_of(" \t");
  return start == std::string::npos ? "" : line.substr(start, end - start + 1);
}

bool is_hop_by_hop_proxy_field(const std::string& name) {
  return name == "proxy-connection" || name == "proxy-authorization" ||
         name == "keep-alive";
}

} // namespace

std::string parse_proxy_request(const std::string& header,
                                proxy_request& request) {
  auto lines = header_lines(header);
  if (lines.empty())
    return "empty request";
  const auto& first = lines.front();
  auto space1 = first.find(' ');
  auto space2 = first.rfind(' ');
  if (space1 == std::string::npos || space2 == space1)
    return "malformed request line";
  auto method = first.substr(0, space1);
  auto target = first.substr(space1 + 1, space2 - space1 - 1);
  auto version = first.substr(space2 + 1);
  if (version != "HTTP/1.1" && version != "HTTP/1.0")
    return "unsupported HTTP version";
  request.is_connect = method == "CONNECT";
  if (request.is_connect) {
    // host:port, IPv6 in brackets; read by the same URL parser as the rest.
    if (target.empty() || target.find_first_of("/?#@") != std::string::npos)
      return "malformed CONNECT target";
    if (!url_host_port("https://" + target + "/", request.host, request.port))
      return "malformed CONNECT target";
    return "";
  }
  // libsoup writes a plain WebSocket handshake as "GET ws://host/path".
  auto lowered = lower(target.substr(0, 8));
  size_t authority_start = 0;
  if (lowered.rfind("http://", 0) == 0)
    authority_start = 7;
  else if (lowered.rfind("ws://", 0) == 0)
    authority_start = 5;
  else
    return "the proxy takes only absolute http:// or ws:// targets and "
           "CONNECT";
  if (!url_host_port("http://" + target.substr(authority_start), request.host,
                     request.port))
    return "malformed URL";
  auto path_start = target.find_first_of("/?#", authority_start);
  std::string path =
    path_start == std::string::npos
      ? "/"
      : target.substr(path_start, target.find('#', path_start) - path_start);
  if (path.empty() || path[0] != '/')
    path.insert(0, "/");
  bool has_body = false, asks_to_close = false;
  for (const auto& line : lines) {
    auto name = field_name(line);
    auto value = lower(field_value(line));
    if (name == "upgrade")
      request.is_upgrade = true;
    else if (name == "transfer-encoding" ||
             (name == "content-length" && value != "0"))
      has_body = true;
    else if ((name == "connection" || name == "proxy-connection") &&
             value.find("close") != std::string::npos)
      asks_to_close = true;
  }
  request.is_head = method == "HEAD";
  request.keep_alive =
    !request.is_upgrade && version == "HTTP/1.1" && !has_body && !asks_to_close;
  std::string out = method + " " + path + " " + version + "\r\n";
  for (size_t i = 1; i < lines.size(); ++i) {
    auto name = field_name(lines[i]);
    if (is_hop_by_hop_proxy_field(name))
      continue;
    if (name == "connection" && !request.is_upgrade)
      continue;
    out += lines[i] + "\r\n";
  }
  if (!request.is_upgrade && !request.keep_alive)
    out += "Connection: close\r\n";
  out += "\r\n";
  request.upstream_header = std::move(out);
  return "";
}

int response_status(const std::string& header) {
  auto space = header.find(' ');
  if (space == std::string::npos || header.size() < space + 4)
    return 0;
  try {
    return std::stoi(header.substr(space + 1, 3));
  } catch (const std::exception&) {
    return 0;
  }
}

response_framing frame_response(const std::string& header, bool head_request) {
  response_framing framing;
  auto lines = header_lines(header);
  if (lines.empty())
    return framing;
  bool http11 = header.rfind("HTTP/1.1 ", 0) == 0;
  auto status = response_status(header);
  int lengths = 0;
  bool chunked = false, closes = false;
  std::string length_text;
  for (size_t i = 1; i < lines.size(); ++i) {
    auto name = field_name(lines[i]);
    auto value = lower(field_value(lines[i]));
    if (name == "content-length") {
      ++lengths;
      length_text = value;
    } else if (name == "transfer-encoding")
      chunked = true;
    else if (name == "connection" && value.find("close") != std::string::npos)
      closes = true;
  }
  framing.server_keeps_alive = http11 && !closes;
  if (head_request || status == 204 || status == 304)
    framing.body_length = 0;
  else if (!chunked && lengths == 1 && !length_text.empty() &&
           length_text.size() <= 15 &&
           length_text.find_first_not_of("0123456789") == std::string::npos)
    framing.body_length = std::stoll(length_text);
  if (framing.body_length < 0)
    framing.server_keeps_alive = false; // read until it closes
  return framing;
}

std::string rewrite_response_header(const std::string& header,
                                    bool keep_alive) {
  auto lines = header_lines(header);
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    auto name = field_name(lines[i]);
    if (i > 0 && (name == "connection" || name == "keep-alive" ||
                  name.rfind("x-pinhole-", 0) == 0))
      continue;
    out += lines[i] + "\r\n";
  }
  if (!keep_alive)
    out += "Connection: close\r\n";
  return out + "\r\n";
}

std::string refusal_response(int status, const std::string& reason_phrase,
                             const char* header_name, const std::string& why) {
  // The reason goes into a header value: no line breaks.
  std::string clean = why;
  std::replace_if(
    clean.begin(), clean.end(), [](char c) { return c == '\r' || c == '\n'; },
    ' ');
  return "HTTP/1.1 " + std::to_string(status) + " " + reason_phrase + "\r\n" +
         header_name + ": " + clean +
         "\r\nContent-Type: text/plain\r\nContent-Length: " +
         std::to_string(clean.size()) + "\r\nConnection: close\r\n\r\n" + clean;
}

} // namespace pinhole::network
