#include "tests/support/test_server.hpp"

namespace pinhole::test {

namespace {

// SHA-256 of bob_key: configured as a digest to prove key_sha256 works.
const char* const bob_sha =
  "ddefa10d3f53345111922fcf47154c50615b95f13caca8a97bb8b9f9c41a8be6";

} // namespace

std::unique_ptr<server_process>
start_test_server(const std::string& name,
                  const std::vector<std::string>& extra_flags) {
  auto dir = make_temp_dir(name);
  write_text_file(dir + "/pinhole.yaml", "server:\n  listen: \"127.0.0.1:0\"\n"
                                         "auth:\n  keys:\n"
                                         "    - {name: alice, key: " +
                                           alice_key +
                                           "}\n"
                                           "    - {name: bob, key_sha256: " +
                                           bob_sha +
                                           "}\n"
                                           "storage:\n  dir: " +
                                           dir + "/data\n");
  // The fixture pages live on loopback, which the network policy refuses by
  // default.
  std::vector<std::string> args{"serve", "--config", dir + "/pinhole.yaml",
                                "--network.allow", "127.0.0.0/8"};
  args.insert(args.end(), extra_flags.begin(), extra_flags.end());
  return std::make_unique<server_process>(args);
}

std::unique_ptr<server_process>
serve_on(const std::string& storage_dir,
         const std::vector<std::string>& extra_flags) {
  std::vector<std::string> args{"serve",
                                "--server.listen",
                                "127.0.0.1:0",
                                "--storage.dir",
                                storage_dir,
                                "--auth.keys",
                                "alice=" + alice_key,
                                "--auth.keys",
                                std::string{"bob=sha256:"} + bob_sha,
                                "--network.allow",
                                "127.0.0.0/8"};
  args.insert(args.end(), extra_flags.begin(), extra_flags.end());
  return std::make_unique<server_process>(args);
}

nlohmann::json small_capture(const std::string& url) {
  return {{"url", url}, {"viewportWidth", 64}, {"viewportHeight", 48}};
}

} // namespace pinhole::test
