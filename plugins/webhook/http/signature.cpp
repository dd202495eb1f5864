#include "plugins/webhook/http/signature.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace pinhole::webhook {

std::string sign(const std::string& secret, int64_t unix_seconds,
                 const std::string& body) {
  auto message = std::to_string(unix_seconds) + "." + body;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
       digest, &length);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(hex[digest[i] >> 4]);
    out.push_back(hex[digest[i] & 0x0f]);
  }
  return out;
}

std::string signature_header(const std::string& secret, int64_t unix_seconds,
                             const std::string& body) {
  return "t=" + std::to_string(unix_seconds) +
         ",v1=" + sign(secret, unix_seconds, body);
}

} // namespace pinhole::webhook
