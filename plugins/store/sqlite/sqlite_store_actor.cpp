#include "plugins/store/sqlite/sqlite_store_actor.hpp"

namespace pinhole::sqlite {

namespace {

failure as_failure(const std::string& error) {
  if (error.empty())
    return {};
  return failure{error_code::internal, "storage: " + error};
}

} // namespace

store_actor::behavior_type sqlite_store_actor(store_actor::pointer,
                                              std::shared_ptr<sqlite_store> db,
                                              std::string image_dir) {
  return {
    [db, image_dir](store_load_atom) {
      return stored_state{db->load_captures(image_dir), db->load_tombstones()};
    },
    [db](store_save_atom, const capture_record& record) {
      return as_failure(db->save(record));
    },
    [db](store_remove_atom, const std::vector<capture_record>& records,
         timestamp_ms forget_at) {
      return as_failure(db->remove(records, forget_at));
    },
    [db](store_forget_atom, timestamp_ms now) {
      return as_failure(db->forget_tombstones(now));
    },
  };
}

} // namespace pinhole::sqlite
