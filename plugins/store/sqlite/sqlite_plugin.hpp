#pragma once

#include "plugins/plugin.hpp"

namespace pinhole::sqlite {

/// `store.plugin: sqlite` (the default): capture records in the SQLite
/// database file storage.dir/pinhole.db. It has no keys of its own.
store_plugin descriptor();

} // namespace pinhole::sqlite
