#include <filesystem>
#include <iostream>

#include <boost/program_options.hpp>

#include "config/config_error.hpp"
#include "config/config_loader.hpp"
#include "config/sha256.hpp"
#include "plugins/plugin.hpp"
#include "server/api_keys.hpp"
#include "server/commands.hpp"

namespace po = boost::program_options;

namespace pinhole {

int run_keys(const std::vector<std::string>& args) {
  const char* usage =
    "Usage: pinhole keys create --name NAME [--config FILE] [--<key> VALUE]\n"
    "Prints a new API key once and stores only its SHA-256 in auth.keys_file,\n"
    "or in <storage.dir>/api-keys.yaml when no keys file is configured.\n";
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout << usage;
    return args.empty() ? 2 : 0;
  }
  if (args[0] != "create") {
    std::cerr << "pinhole keys: unknown action '" << args[0] << "'\n" << usage;
    return 2;
  }
  po::options_description own{"keys create"};
  own.add_options()("name", po::value<std::string>(), "a label for the key");
  own.add(builtin_plugin_options());
  std::vector<std::string> rest(args.begin() + 1, args.end());
  try {
    auto config = load_settings(rest, own);
    if (!config.values.count("name") ||
        config.values["name"].as<std::string>().empty()) {
      std::cerr << "pinhole keys create: --name is required\n";
      return 2;
    }
    auto key = generate_api_key();
    auto file = default_keys_file(config);
    std::filesystem::create_directories(
      std::filesystem::path{file}.parent_path());
    append_key_to_file(
      file, {config.values["name"].as<std::string>(), sha256_hex(key)});
    std::cout << key << std::endl;
    std::cerr << "pinhole: key stored (SHA-256 only) in " << file
              << "; the key is shown only this once\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "pinhole keys create: " << e.what() << std::endl;
    return 2;
  }
}

} // namespace pinhole
