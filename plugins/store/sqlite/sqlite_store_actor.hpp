#pragma once

#include <memory>
#include <string>

#include "actors/store_protocol.hpp"
#include "plugins/store/sqlite/sqlite_store.hpp"

namespace pinhole::sqlite {

/// The store actor of the `sqlite` store plugin. Spawn it `detached` (its
/// own thread): SQLite commits wait for fsync, which must hold up neither
/// HTTP nor CAF scheduler threads. It is the only user of `db`; loaded
/// image paths are joined to `image_dir`.
store_actor::behavior_type sqlite_store_actor(store_actor::pointer self,
                                              std::shared_ptr<sqlite_store> db,
                                              std::string image_dir);

} // namespace pinhole::sqlite
