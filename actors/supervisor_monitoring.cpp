#include <iostream>

#include "actors/supervisor_steps.hpp"

// How the supervisor watches the actors it depends on: the capture actors
// it spawned and the plugin actors it was given.

namespace pinhole::supervisor {

namespace {

/// A capture actor stopped without reporting its attempt (it died).
void on_capture_actor_down(self_ptr self, const std::string& id,
                           const caf::down_msg& msg) {
  auto& st = self->state;
  if (!end_attempt(st, id, msg.source))
    return;
  auto found = st.records.find(id);
  if (found == st.records.end())
    return;
  run_again_or_fail(self, found->second,
                    "the capture's actor stopped (" +
                      caf::to_string(msg.reason) + ")");
}

/// Which plugin `source` is, or nullptr.
const char* plugin_named_by(const supervisor_plugins& plugins,
                            const caf::actor_addr& source) {
  if (source == plugins.renderer.address())
    return "renderer";
  if (source == plugins.store.address())
    return "store";
  if (plugins.webhook && source == plugins.webhook.address())
    return "webhook";
  if (plugins.retention && source == plugins.retention.address())
    return "retention";
  return nullptr;
}

} // namespace

void run_again_or_fail(self_ptr self, capture_record& record,
                       const std::string& why) {
  auto& st = self->state;
  std::cerr << "pinhole: capture " << record.id << ": " << why << std::endl;
  if (record.attempts < st.settings.max_attempts) {
    record.state = capture_state::pending;
    persist(self, record);
    st.queue.push_front(record.id); // it waited its turn already
  } else {
    count_active(st, record.owner, -1);
    record.state = capture_state::failed;
    record.completed_at = now_ms();
    record.error =
      failure{error_code::internal, why + " in each of its " +
                                      std::to_string(record.attempts) +
                                      " attempts (capture.max_attempts)"};
    retain(self, record, retention_news::just_finished);
  }
  dispatch(self);
  finish_drain_if_idle(self);
}

bool end_attempt(supervisor_state& st, const std::string& id,
                 const caf::actor_addr& worker) {
  auto running = st.running.find(id);
  if (running == st.running.end() || running->second.address() != worker)
    return false;
  st.running.erase(running);
  st.rendering.erase(id);
  return true;
}

void on_down(self_ptr self, caf::down_msg& msg) {
  auto& st = self->state;
  for (const auto& [id, worker] : st.running)
    if (worker.address() == msg.source) {
      auto copy = id; // on_capture_actor_down erases the entry
      on_capture_actor_down(self, copy, msg);
      return;
    }
  if (const char* kind = plugin_named_by(st.plugins, msg.source)) {
    auto why = std::string{"the "} + kind + " plugin's actor stopped (" +
               caf::to_string(msg.reason) +
               "); the server cannot go on without it";
    std::cerr << "pinhole: " << why << std::endl;
    if (st.settings.on_plugin_down)
      st.settings.on_plugin_down(why);
  }
}

} // namespace pinhole::supervisor
