#include "plugins/retention/ttl/ttl_retention.hpp"

#include <filesystem>
#include <iostream>
#include <unordered_set>

namespace pinhole::retention {

namespace {

namespace fs = std::filesystem;

using sweep_atom = caf::atom_constant<caf::atom("sweep")>;

/// A temp file younger than this may belong to a write in progress.
constexpr auto temp_file_grace = std::chrono::minutes(2);

/// "cap_0123456789ab.png" and "cap_0123456789ab.png.tmp" -> the id.
std::string id_of(const fs::path& file) {
  auto name = file.filename().string();
  return name.substr(0, name.find('.'));
}

void remove_files(const expire_reply& reply, const std::string& image_dir) {
  std::error_code ec;
  for (const auto& path : reply.expired_files)
    fs::remove(path, ec);
  std::unordered_set<std::string> live(reply.live_ids.begin(),
                                       reply.live_ids.end());
  auto now = fs::file_time_type::clock::now();
  for (auto it = fs::directory_iterator(image_dir, ec);
       !ec && it != fs::directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec) || live.count(id_of(it->path())))
      continue;
    bool temp = it->path().extension() == ".tmp";
    if (temp && now - it->last_write_time(ec) < temp_file_grace)
      continue;
    fs::remove(it->path(), ec);
  }
}

} // namespace

caf::behavior ttl_retention(caf::event_based_actor* self, ttl_settings settings,
                            supervisor_actor supervisor) {
  self->send(self, sweep_atom::value);
  return {
    [=](sweep_atom) {
      self
        ->request(supervisor, std::chrono::seconds(30), expire_atom::value,
                  now_ms())
        .then(
          [=](const expire_reply& reply) {
            remove_files(reply, settings.image_dir);
            self->delayed_send(self, settings.sweep_interval,
                               sweep_atom::value);
          },
          [=](caf::error& err) {
            std::cerr << "pinhole: retention sweep failed: "
                      << caf::to_string(err) << std::endl;
            self->delayed_send(self, settings.sweep_interval,
                               sweep_atom::value);
          });
    },
  };
}

} // namespace pinhole::retention
