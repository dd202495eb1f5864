#pragma once

#include <cstddef>
#include <string>

namespace pinhole {

/// Lowercase hex SHA-256 of `data` (OpenSSL). API keys are only ever kept in
/// this form.
std::string sha256_hex(const std::string& data);

/// Lowercase hex of `size` bytes.
std::string hex_encode(const unsigned char* bytes, size_t size);

/// True for 64 lowercase hex digits.
bool is_sha256_hex(const std::string& text);

} // namespace pinhole
