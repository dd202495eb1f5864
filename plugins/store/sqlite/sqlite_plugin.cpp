#include "plugins/store/sqlite/sqlite_plugin.hpp"

#include "plugins/store/sqlite/sqlite_store_actor.hpp"

namespace po = boost::program_options;

namespace pinhole::sqlite {

namespace {

void declare_options(po::options_description&) {
  // storage.dir (a core key) is all it needs
}

void validate(const po::variables_map&) {
  // nothing of its own
}

store_actor spawn(caf::actor_system& system, const po::variables_map&,
                  const plugin_environment& environment) {
  // Opens (or refuses: corrupt, not writable) the database here, so a bad
  // file stops start-up with its name.
  auto db = std::make_shared<sqlite_store>(
    environment.database_path,
    secrets::secret_box::from_key_file(environment.secrets_key_file));
  return system.spawn<caf::detached>(sqlite_store_actor, std::move(db),
                                     environment.image_dir);
}

} // namespace

store_plugin descriptor() {
  return {"sqlite", declare_options, validate, spawn};
}

} // namespace pinhole::sqlite
