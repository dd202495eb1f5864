#include "plugins/webhook/http/signature.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "config/sha256.hpp"

namespace pinhole::webhook {

std::string sign(const std::string& secret, int64_t unix_seconds,
                 const std::string& body) {
  auto message = std::to_string(unix_seconds) + "." + body;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(),
       digest, &length);
  return hex_encode(digest, length);
}

std::string signature_header(const std::string& secret, int64_t unix_seconds,
                             const std::string& body) {
  return "t=" + std::to_string(unix_seconds) +
         ",v1=" + sign(secret, unix_seconds, body);
}

} // namespace pinhole::webhook
