#include "plugins/common/secrets/secret_box.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <memory>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "config/sha256.hpp"

namespace pinhole::secrets {

namespace {

constexpr size_t nonce_size = 12;
constexpr size_t tag_size = 16;

using cipher_context =
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

cipher_context new_context() {
  cipher_context ctx{EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free};
  if (!ctx)
    throw secret_box_error("secrets: out of memory");
  return ctx;
}

const unsigned char* bytes_of(const std::string& text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

bool from_hex(const std::string& text, std::vector<uint8_t>& out) {
  auto value = [](char c) -> int {
    if (c >= '0' && c <= '9')
      return c - '0';
    if (c >= 'a' && c <= 'f')
      return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
      return c - 'A' + 10;
    return -1;
  };
  if (text.size() % 2 != 0)
    return false;
  out.clear();
  for (size_t i = 0; i < text.size(); i += 2) {
    int hi = value(text[i]);
    int lo = value(text[i + 1]);
    if (hi < 0 || lo < 0)
      return false;
    out.push_back(static_cast<uint8_t>(hi * 16 + lo));
  }
  return true;
}

/// Writes a new key file that only its owner can read; O_EXCL so that two
/// processes starting at once never both write one.
void make_key_file(const std::string& path) {
  auto folder = std::filesystem::path{path}.parent_path();
  std::error_code ignored;
  if (!folder.empty())
    std::filesystem::create_directories(folder, ignored);
  std::vector<uint8_t> key(secret_box::key_size);
  if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1)
    throw secret_box_error("secrets: no random bytes for a new key");
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) {
    if (errno == EEXIST)
      return; // made by another process just now
    throw secret_box_error("cannot make the secrets key file " + path);
  }
  auto text = hex_encode(key.data(), key.size()) + "\n";
  bool written =
    ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  written = ::fsync(fd) == 0 && written;
  ::close(fd);
  if (!written)
    throw secret_box_error("cannot write the secrets key file " + path);
}

} // namespace

secret_box::secret_box(std::vector<uint8_t> key) : key_(std::move(key)) {
  if (key_.size() != key_size)
    throw secret_box_error("secrets: the key must be 32 bytes");
}

secret_box secret_box::from_key_file(const std::string& path) {
  if (!std::filesystem::exists(path))
    make_key_file(path);
  std::ifstream in{path};
  std::string text;
  if (!in || !(in >> text))
    throw secret_box_error("cannot read the secrets key file " + path);
  std::vector<uint8_t> key;
  if (!from_hex(text, key) || key.size() != key_size)
    throw secret_box_error("the secrets key file " + path +
                           " must hold 64 hex digits (32 bytes)");
  return secret_box{std::move(key)};
}

std::vector<uint8_t> secret_box::seal(const std::string& plaintext,
                                      const std::string& context) const {
  std::vector<uint8_t> out(nonce_size + plaintext.size() + tag_size);
  if (RAND_bytes(out.data(), nonce_size) != 1)
    throw secret_box_error("secrets: no random bytes for a nonce");
  auto ctx = new_context();
  int length = 0;
  bool ok = EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr,
                               key_.data(), out.data()) == 1 &&
            EVP_EncryptUpdate(ctx.get(), nullptr, &length, bytes_of(context),
                              static_cast<int>(context.size())) == 1 &&
            EVP_EncryptUpdate(ctx.get(), out.data() + nonce_size, &length,
                              bytes_of(plaintext),
                              static_cast<int>(plaintext.size())) == 1 &&
            EVP_EncryptFinal_ex(ctx.get(), out.data() + nonce_size + length,
                                &length) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, tag_size,
                                out.data() + out.size() - tag_size) == 1;
  if (!ok)
    throw secret_box_error("secrets: encryption failed");
  return out;
}

std::string secret_box::open(const std::vector<uint8_t>& sealed,
                             const std::string& context) const {
  if (sealed.size() < nonce_size + tag_size)
    throw secret_box_error("secrets: the sealed value is too short");
  auto text_size = sealed.size() - nonce_size - tag_size;
  std::string out(text_size, '\0');
  auto ctx = new_context();
  int length = 0;
  auto* text = reinterpret_cast<unsigned char*>(out.data());
  std::vector<uint8_t> tag(sealed.end() - tag_size, sealed.end());
  bool ok =
    EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_.data(),
                       sealed.data()) == 1 &&
    EVP_DecryptUpdate(ctx.get(), nullptr, &length, bytes_of(context),
                      static_cast<int>(context.size())) == 1 &&
    EVP_DecryptUpdate(ctx.get(), text, &length, sealed.data() + nonce_size,
                      static_cast<int>(text_size)) == 1 &&
    EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, tag_size,
                        tag.data()) == 1 &&
    EVP_DecryptFinal_ex(ctx.get(), text + length, &length) == 1;
  if (!ok)
    throw secret_box_error("secrets: cannot be opened (another key, or the "
                           "data was changed)");
  return out;
}

} // namespace pinhole::secrets
