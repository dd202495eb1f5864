#pragma once

#include <string>
#include <vector>

#include <boost/program_options/errors.hpp>
#include <boost/program_options/options_description.hpp>

#include "config/settings.hpp"

namespace pinhole {

/// Every core key of SPEC §5 as a dotted option with its embedded default.
/// Plugins add their own sections (e.g. renderer.wpe.*) to the same set.
boost::program_options::options_description core_options();

/// Loads `pinhole serve` settings: command-line flags win over the YAML file
/// named by `--config`, which wins over the embedded defaults. Throws
/// config_error naming the key on unknown keys and bad values.
settings load_settings(
  const std::vector<std::string>& args,
  const boost::program_options::options_description& plugin_options);

/// A Boost.Program_options error as one line naming the option. Never calls
/// what() on errors that name an option: in Boost 1.74 it substitutes
/// placeholders in a loop that never ends when the user's value itself
/// contains one (a value like "%value%", found by fuzz_config).
std::string describe_option_error(const boost::program_options::error& e);

/// The int option `key`; throws config_error naming it when it is outside
/// lo..hi. For core and plugin keys alike.
int int_in_range(const boost::program_options::variables_map& vm,
                 const std::string& key, int lo, int hi);

/// The int64 option `key`; throws config_error naming it when it is
/// outside lo..hi.
int64_t int64_in_range(const boost::program_options::variables_map& vm,
                       const std::string& key, int64_t lo, int64_t hi);

/// The duration option `key` ("20s"); throws config_error naming it when it
/// is not a duration or shorter than `lo`.
std::chrono::milliseconds
duration_in_range(const boost::program_options::variables_map& vm,
                  const std::string& key, std::chrono::milliseconds lo);

/// Reads "HOST:PORT" ("[::1]:PORT" for IPv6); throws config_error naming
/// `key` for anything else.
void parse_host_port(const std::string& key, const std::string& text,
                     std::string& host, uint16_t& port);

/// A duration as a configuration value: hours, seconds or milliseconds,
/// the largest that divides it ("24h", "60s", "1500ms"), read back by
/// parse_duration.
std::string format_duration(std::chrono::milliseconds duration);

/// "500ms", "20s", "5m", "24h" -> milliseconds; throws config_error naming
/// `key` for anything else.
std::chrono::milliseconds parse_duration(const std::string& key,
                                         const std::string& text);

} // namespace pinhole
