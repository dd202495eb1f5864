#include "server/api_keys.hpp"

#include <fstream>
#include <stdexcept>
#include <sys/stat.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <yaml-cpp/yaml.h>

#include "config/config_error.hpp"
#include "config/sha256.hpp"

namespace pinhole {

api_key_store::api_key_store(std::vector<api_key_entry> keys)
  : keys_(std::make_shared<const std::vector<api_key_entry>>(std::move(keys))) {
  // nop
}

void api_key_store::replace(std::vector<api_key_entry> keys) {
  std::atomic_store(&keys_, std::make_shared<const std::vector<api_key_entry>>(
                              std::move(keys)));
}

std::optional<std::string>
api_key_store::authenticate(const std::string& presented) const {
  if (presented.empty())
    return std::nullopt;
  auto digest = sha256_hex(presented);
  auto keys = std::atomic_load(&keys_);
  const api_key_entry* match = nullptr;
  for (const auto& key : *keys) {
    // Both digests are 64 characters, so CRYPTO_memcmp never reads past.
    if (CRYPTO_memcmp(key.sha256_hex.data(), digest.data(), digest.size()) ==
          0 &&
        key.sha256_hex.size() == digest.size())
      match = &key;
  }
  if (!match)
    return std::nullopt;
  return match->sha256_hex;
}

std::string default_keys_file(const settings& config) {
  if (!config.auth.keys_file.empty())
    return config.auth.keys_file;
  return config.storage.dir + "/api-keys.yaml";
}

std::vector<api_key_entry> read_keys_file(const std::string& path) {
  std::vector<api_key_entry> keys;
  std::ifstream probe{path};
  if (!probe)
    return keys;
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    throw config_error("keys file " + path + " is not valid YAML: " + e.what());
  }
  if (root.IsNull())
    return keys;
  auto list = root["keys"];
  if (!root.IsMap() || !list.IsSequence())
    throw config_error("keys file " + path +
                       " must look like: keys: [{name: NAME, key_sha256: "
                       "HEX}]");
  for (const auto& item : list) {
    api_key_entry entry;
    entry.name = item["name"] ? item["name"].as<std::string>() : "";
    entry.sha256_hex =
      item["key_sha256"] ? item["key_sha256"].as<std::string>() : "";
    if (!is_sha256_hex(entry.sha256_hex))
      throw config_error("keys file " + path + ": key '" + entry.name +
                         "' needs key_sha256 (64 lowercase hex digits)");
    keys.push_back(std::move(entry));
  }
  return keys;
}

void append_key_to_file(const std::string& path, const api_key_entry& entry) {
  auto keys = read_keys_file(path);
  keys.push_back(entry);
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "keys" << YAML::Value << YAML::BeginSeq;
  for (const auto& key : keys)
    out << YAML::BeginMap << YAML::Key << "name" << YAML::Value << key.name
        << YAML::Key << "key_sha256" << YAML::Value << key.sha256_hex
        << YAML::EndMap;
  out << YAML::EndSeq << YAML::EndMap;
  auto tmp = path + ".tmp";
  {
    std::ofstream file{tmp, std::ios::trunc};
    if (!file)
      throw std::runtime_error("cannot write keys file " + tmp);
    file << "# API keys of pinhole (SHA-256 digests only)\n"
         << out.c_str() << "\n";
  }
  ::chmod(tmp.c_str(), 0600);
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    throw std::runtime_error("cannot replace keys file " + path);
}

std::string generate_api_key() {
  unsigned char bytes[20];
  if (RAND_bytes(bytes, sizeof(bytes)) != 1)
    throw std::runtime_error("OpenSSL RAND_bytes failed");
  return "ph_" + hex_encode(bytes, sizeof(bytes));
}

std::vector<api_key_entry> configured_keys(const settings& config) {
  auto keys = config.auth.keys;
  for (auto& key : read_keys_file(default_keys_file(config)))
    keys.push_back(std::move(key));
  return keys;
}

} // namespace pinhole
