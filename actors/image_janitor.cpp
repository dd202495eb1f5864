#include "actors/image_janitor.hpp"

#include <chrono>
#include <filesystem>
#include <unordered_set>

namespace pinhole {

namespace {

namespace fs = std::filesystem;

/// A temp file younger than this may belong to a write in progress.
constexpr auto temp_file_grace = std::chrono::minutes(2);

/// "cap_0123456789ab.png" and "cap_0123456789ab.png.tmp" -> the id.
std::string id_of(const fs::path& file) {
  auto name = file.filename().string();
  return name.substr(0, name.find('.'));
}

void remove_orphans(const std::string& image_dir,
                    const std::vector<std::string>& live_ids) {
  std::unordered_set<std::string> live(live_ids.begin(), live_ids.end());
  std::error_code ec;
  auto now = fs::file_time_type::clock::now();
  for (auto it = fs::directory_iterator(image_dir, ec);
       !ec && it != fs::directory_iterator(); it.increment(ec)) {
    auto id = id_of(it->path());
    // Only capture files: whatever else shares the folder is not ours.
    if (!it->is_regular_file(ec) || id.rfind("cap_", 0) != 0 || live.count(id))
      continue;
    bool temp = it->path().extension() == ".tmp";
    if (temp && now - it->last_write_time(ec) < temp_file_grace)
      continue;
    fs::remove(it->path(), ec);
  }
}

} // namespace

image_janitor_actor::behavior_type image_janitor(image_janitor_actor::pointer,
                                                 std::string image_dir) {
  return {
    [](remove_files_atom, const std::vector<std::string>& files) {
      std::error_code ignored;
      for (const auto& path : files)
        fs::remove(path, ignored);
    },
    [image_dir](remove_orphans_atom, const std::vector<std::string>& live_ids) {
      remove_orphans(image_dir, live_ids);
    },
  };
}

} // namespace pinhole
