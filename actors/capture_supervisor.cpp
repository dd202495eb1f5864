#include "actors/capture_supervisor.hpp"

#include "actors/capture_actor.hpp"
#include "actors/capture_id.hpp"

namespace pinhole {

namespace {

using self_ptr = supervisor_actor::stateful_pointer<supervisor_state>;

/// Starts queued captures while there is room.
void dispatch(self_ptr self) {
  auto& st = self->state;
  while (st.running < st.settings.max_concurrent && !st.queue.empty()) {
    auto id = std::move(st.queue.front());
    st.queue.pop_front();
    auto found = st.records.find(id);
    if (found == st.records.end())
      continue;
    auto& record = found->second;
    record.state = capture_state::processing;
    record.started_at = now_ms();
    record.attempts += 1;
    ++st.running;
    self->spawn<caf::detached>(capture_actor,
                               capture_job{id, record.options, st.renderer,
                                           self, st.settings.image_dir,
                                           st.settings.max_page_height});
  }
}

std::string new_unique_id(const supervisor_state& st) {
  for (;;) {
    auto id = make_capture_id();
    if (st.records.count(id) == 0)
      return id;
  }
}

capture_reply lookup(const supervisor_state& st, const std::string& owner,
                     const std::string& id) {
  auto found = st.records.find(id);
  // Another key's capture answers exactly like a missing one: no oracle.
  if (found == st.records.end() || found->second.owner != owner)
    return {failure{error_code::not_found, "no capture with id '" + id + "'"},
            {}};
  return {failure{}, found->second};
}

} // namespace

supervisor_actor::behavior_type capture_supervisor(self_ptr self,
                                                   supervisor_settings settings,
                                                   renderer_actor renderer) {
  self->state.settings = std::move(settings);
  self->state.renderer = std::move(renderer);
  return {
    [self](submit_atom, const std::string& owner,
           capture_options& options) -> capture_reply {
      auto& st = self->state;
      if (st.queue.size() >= st.settings.max_queued)
        return {failure{error_code::queue_full,
                        "the queue is full (" +
                          std::to_string(st.settings.max_queued) +
                          " captures waiting, capture.max_queued); "
                          "retry later"},
                {}};
      capture_record record;
      record.id = new_unique_id(st);
      record.owner = owner;
      record.options = std::move(options);
      record.created_at = now_ms();
      auto accepted = record; // answered as PENDING, even if it starts now
      st.records.emplace(record.id, std::move(record));
      st.queue.push_back(accepted.id);
      dispatch(self);
      return {failure{}, std::move(accepted)};
    },
    [self](status_atom, const std::string& owner, const std::string& id)
      -> capture_reply { return lookup(self->state, owner, id); },
    [self](ready_atom) -> caf::delegated<bool> {
      return self->delegate(self->state.renderer, ready_atom::value);
    },
    [self](capture_done_atom, const std::string& id, capture_result& result) {
      auto& st = self->state;
      if (st.running > 0)
        --st.running;
      auto found = st.records.find(id);
      if (found != st.records.end()) {
        auto& record = found->second;
        record.completed_at = now_ms();
        if (result.error.ok()) {
          record.state = capture_state::completed;
          record.image_path = std::move(result.image_path);
          record.file_size = result.file_size;
          record.width = result.width;
          record.height = result.height;
          record.truncated = result.truncated;
        } else {
          record.state = capture_state::failed;
          record.error = std::move(result.error);
        }
        record.http_status = result.http_status;
      }
      dispatch(self);
    },
  };
}

} // namespace pinhole
