#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace pinhole::secrets {

/// Sealing failed or a sealed value cannot be opened (another key, or
/// damaged data). what() never contains the secret.
struct secret_box_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// AES-256-GCM with one key: seals a secret so that a copy of the database
/// alone reveals nothing, and opens it again after a restart. Each seal
/// has a fresh random nonce; `context` (the capture id) is bound to the
/// sealed value as associated data, so a value moved to another row does
/// not open.
class secret_box {
public:
  static constexpr size_t key_size = 32;

  /// Takes a key of key_size bytes; throws secret_box_error otherwise.
  explicit secret_box(std::vector<uint8_t> key);

  /// Reads the key (64 hex digits) from `path`, first making it from 32
  /// random bytes (mode 0600, folder made as needed) when the file does
  /// not exist. Throws secret_box_error naming the file when it cannot be
  /// read, made or holds no key.
  static secret_box from_key_file(const std::string& path);

  /// nonce (12 bytes) | ciphertext | tag (16 bytes).
  std::vector<uint8_t> seal(const std::string& plaintext,
                            const std::string& context) const;

  /// The plaintext of seal(); throws secret_box_error when the key or the
  /// context differ or the data was changed.
  std::string open(const std::vector<uint8_t>& sealed,
                   const std::string& context) const;

private:
  std::vector<uint8_t> key_;
};

} // namespace pinhole::secrets
