#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/settings.hpp"

namespace pinhole {

/// The API keys the server accepts, held only as SHA-256 digests. Reactor
/// threads authenticate while SIGHUP may swap the whole set (replace()).
class api_key_store {
public:
  explicit api_key_store(std::vector<api_key_entry> keys);

  /// Swaps in a new key set; requests in flight finish with the old one.
  void replace(std::vector<api_key_entry> keys);

  /// The digest identifying the caller, or nothing for a missing/unknown key.
  /// Every stored digest is compared in constant time, and all of them are
  /// always compared, so timing reveals neither a key nor which one matched.
  std::optional<std::string> authenticate(const std::string& presented) const;

  size_t size() const { return std::atomic_load(&keys_)->size(); }

private:
  std::shared_ptr<const std::vector<api_key_entry>> keys_;
};

/// Where `pinhole keys create` and the first start keep generated keys when
/// `auth.keys_file` is not set: `<storage.dir>/api-keys.yaml`.
std::string default_keys_file(const settings& config);

/// Reads a keys file (`keys: [{name, key_sha256}]`); a missing file is empty.
/// Throws config_error naming the file on bad content.
std::vector<api_key_entry> read_keys_file(const std::string& path);

/// Appends one key to a keys file (created 0600 if needed).
void append_key_to_file(const std::string& path, const api_key_entry& entry);

/// A new random API key: "ph_" + 40 hex digits (160 bits, OpenSSL RNG).
std::string generate_api_key();

/// All keys the server should accept: auth.keys, then the keys file
/// (auth.keys_file or the default one under storage.dir).
std::vector<api_key_entry> configured_keys(const settings& config);

} // namespace pinhole
