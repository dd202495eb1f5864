#include "actors/capture_supervisor.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>

#include "actors/capture_actor.hpp"
#include "actors/capture_id.hpp"
#include "actors/image_janitor.hpp"
#include "actors/supervisor_steps.hpp"

namespace pinhole {

namespace supervisor {

capture_reply reply_error(error_code code, std::string message) {
  return {failure{code, std::move(message)}, {}};
}

std::string idempotency_slot(const std::string& owner, const std::string& key) {
  return owner + '\n' + key;
}

/// The answer to an accepted submission: "PENDING", or "COMPLETED" for a
/// cache hit, whatever happened since, so an idempotent retry gets exactly
/// the body of the first answer.
capture_reply accepted(capture_record record) {
  record.state =
    record.cached ? capture_state::completed : capture_state::pending;
  return {failure{}, std::move(record)};
}

void persist(self_ptr self, const capture_record& record) {
  self
    ->request(self->state.plugins.store, caf::infinite, store_save_atom::value,
              record)
    .then([id = record.id](failure& f) {
      if (!f.ok())
        std::cerr << "pinhole: capture " << id << ": " << f.message
                  << std::endl;
    });
}

void finish_drain_if_idle(self_ptr self) {
  auto& st = self->state;
  if (!st.draining || !st.running.empty())
    return;
  for (auto& promise : st.drained)
    promise.deliver(true);
  st.drained.clear();
}

void dispatch(self_ptr self) {
  auto& st = self->state;
  // The slot is the renderer's: the next capture starts while the previous
  // one's picture is still being encoded and stored.
  while (!st.draining && st.rendering.size() < st.settings.max_concurrent &&
         !st.queue.empty()) {
    auto id = std::move(st.queue.front());
    st.queue.pop_front();
    auto found = st.records.find(id);
    if (found == st.records.end())
      continue;
    auto& record = found->second;
    record.state = capture_state::processing;
    record.started_at = now_ms();
    record.attempts += 1;
    persist(self, record);
    auto worker = self->spawn<caf::detached + caf::monitored>(
      capture_actor,
      capture_job{id, record.options, st.plugins.renderer,
                  caf::actor_cast<supervisor_internal>(self),
                  st.settings.image_dir, st.settings.max_page_height,
                  st.settings.metrics});
    st.running.emplace(id, caf::actor_cast<caf::actor>(worker));
    st.rendering.insert(id);
  }
}

std::string new_unique_id(const supervisor_state& st) {
  for (;;) {
    auto id = make_capture_id();
    if (st.records.count(id) == 0 && st.tombstones.count(id) == 0)
      return id;
  }
}

capture_reply lookup(const supervisor_state& st, const std::string& owner,
                     const std::string& id) {
  auto found = st.records.find(id);
  // Another key's capture answers exactly like a missing one: no oracle.
  if (found != st.records.end() && found->second.owner == owner)
    return {failure{}, found->second};
  auto tomb = st.tombstones.find(id);
  if (tomb != st.tombstones.end() && tomb->second.owner == owner)
    return reply_error(
      error_code::capture_expired,
      "capture '" + id +
        "' has expired and was deleted by the retention policy "
        "(retention.plugin)");
  return reply_error(error_code::not_found, "no capture with id '" + id + "'");
}

bool unfinished(const capture_record& record) {
  return is_unfinished(record.state);
}

void count_active(supervisor_state& st, const std::string& owner, int delta) {
  auto& n = st.active[owner];
  n = delta < 0 && n == 0 ? 0 : n + delta;
  if (n == 0)
    st.active.erase(owner);
}

/// Per-key limits (SPEC §1.5): a sliding one-minute window of submissions,
/// and a cap on unfinished captures.
failure check_limits(supervisor_state& st, const std::string& owner,
                     timestamp_ms now) {
  auto& window = st.submissions[owner];
  while (!window.empty() && window.front() <= now - 60000)
    window.pop_front();
  if (window.size() >= st.settings.rate_per_minute) {
    auto wait_ms = window.front() + 60000 - now;
    return failure{error_code::rate_limited,
                   "more than " + std::to_string(st.settings.rate_per_minute) +
                     " submissions in a minute for this API key "
                     "(limits.rate_per_minute)",
                   static_cast<int32_t>((wait_ms + 999) / 1000)};
  }
  auto active = st.active.count(owner) ? st.active[owner] : 0;
  if (active >= st.settings.max_active_per_key)
    return failure{error_code::too_many_active,
                   std::to_string(active) +
                     " captures of this API key are still unfinished "
                     "(limits.max_active_per_key); wait for some to finish",
                   5};
  return {};
}

void forget_record(supervisor_state& st, const capture_record& record) {
  if (unfinished(record))
    count_active(st, record.owner, -1);
  if (!record.idempotency_key.empty())
    st.idempotency.erase(
      idempotency_slot(record.owner, record.idempotency_key));
  st.cache.forget(record);
  st.records.erase(record.id);
}

/// Puts what the store held back to work: unfinished captures are queued
/// again (an interrupted run counts as an attempt), or fail once they used
/// up capture.max_attempts.
void recover(self_ptr self, stored_state stored) {
  auto& st = self->state;
  for (auto& tomb : stored.tombstones)
    st.tombstones[tomb.id] = tombstone_entry{tomb.owner, tomb.forget_at};
  for (auto& record : stored.captures) {
    bool gave_up = false;
    if (unfinished(record) && !record.error.ok()) {
      // The store could not give it back whole (say, its secrets could not
      // be decrypted): run without them, it would picture another page.
      gave_up = true;
      record.state = capture_state::failed;
      record.completed_at = now_ms();
    } else if (record.state == capture_state::processing) {
      if (record.attempts >= st.settings.max_attempts) {
        gave_up = true;
        record.state = capture_state::failed;
        record.completed_at = now_ms();
        record.error = failure{
          error_code::internal,
          "the capture was interrupted " + std::to_string(record.attempts) +
            " times (server stopped or crashed while rendering it); gave up "
            "after capture.max_attempts"};
      } else {
        record.state = capture_state::pending;
        persist(self, record);
      }
    }
    if (record.state == capture_state::pending) {
      st.queue.push_back(record.id);
      count_active(st, record.owner, +1);
    }
    // A finished capture whose webhook may never have been handed over (a
    // crash in between): hand it over again; the plugin ignores duplicates.
    bool finished = !unfinished(record);
    if (finished && !gave_up && !record.options.callback_url.empty() &&
        (record.webhook_state.empty() || record.webhook_state == "pending") &&
        st.plugins.webhook) {
      record.webhook_state = "pending";
      self->send(st.plugins.webhook, deliver_atom::value, record);
    }
    if (!record.idempotency_key.empty())
      st.idempotency[idempotency_slot(record.owner, record.idempotency_key)] =
        record.id;
    st.cache.remember(record);
    auto id = record.id;
    st.records.emplace(id, std::move(record));
    // Retention learns of every finished capture again (its own state is
    // not durable); one that just gave up is announced like any other.
    if (gave_up)
      retain(self, st.records.at(id), retention_news::just_finished);
    else if (finished)
      retain(self, st.records.at(id), retention_news::known_at_start);
  }
}

// -- message handlers --

caf::result<capture_reply> on_submit(self_ptr self, const std::string& owner,
                                     capture_options& options,
                                     const std::string& idempotency_key) {
  auto& st = self->state;
  if (st.draining)
    return reply_error(error_code::shutting_down,
                       "the server is shutting down; retry on another "
                       "instance or after the restart");
  if (!idempotency_key.empty()) {
    auto known = st.idempotency.find(idempotency_slot(owner, idempotency_key));
    if (known != st.idempotency.end()) {
      auto waiting = st.uncommitted.find(known->second);
      if (waiting != st.uncommitted.end()) {
        auto promise = self->make_response_promise<capture_reply>();
        waiting->second.push_back(promise);
        return promise;
      }
      return accepted(st.records.at(known->second));
    }
  }
  auto now = now_ms();
  if (auto limited = check_limits(st, owner, now); !limited.ok())
    return capture_reply{std::move(limited), {}};
  capture_record record;
  record.id = new_unique_id(st);
  record.owner = owner;
  record.options = std::move(options);
  record.created_at = now;
  record.idempotency_key = idempotency_key;
  record.cache_key = cache_key_of(record.options);
  // A cache hit does not wait in the queue: a full one does not refuse it.
  bool hit = answer_from_cache(st, record, now);
  if (!hit && st.queue.size() >= st.settings.max_queued)
    return reply_error(error_code::queue_full,
                       "the queue is full (" +
                         std::to_string(st.settings.max_queued) +
                         " captures waiting, capture.max_queued); retry "
                         "later");
  st.submissions[owner].push_back(now);
  if (!hit)
    count_active(st, owner, +1);
  auto id = record.id;
  if (!idempotency_key.empty())
    st.idempotency[idempotency_slot(owner, idempotency_key)] = id;
  auto promise = self->make_response_promise<capture_reply>();
  st.uncommitted[id].push_back(promise);
  st.records.emplace(id, record);
  // Acknowledged only once it is committed: a crash after the 202 cannot
  // lose it.
  auto settle = [self, id, hit](failure f) {
    auto& st = self->state;
    auto waiters = std::move(st.uncommitted[id]);
    st.uncommitted.erase(id);
    auto found = st.records.find(id);
    if (found == st.records.end())
      return; // deleted meanwhile
    capture_reply reply;
    if (f.ok()) {
      reply = accepted(found->second);
      if (hit) {
        // Finished from the start: retention, webhook, and a cache slot.
        st.cache.remember(found->second);
        retain(self, found->second, retention_news::just_finished);
      } else {
        st.queue.push_back(id);
        dispatch(self);
      }
    } else {
      reply = reply_error(error_code::internal,
                          "the capture could not be stored: " + f.message);
      if (hit)
        std::remove(found->second.image_path.c_str());
      forget_record(st, found->second);
    }
    for (auto& waiter : waiters)
      waiter.deliver(reply);
  };
  self->request(st.plugins.store, caf::infinite, store_save_atom::value, record)
    .then([settle](failure& f) { settle(std::move(f)); },
          [settle](caf::error& err) {
            settle(failure{error_code::internal, caf::to_string(err)});
          });
  return promise;
}

void on_capture_done(self_ptr self, const std::string& id,
                     capture_result& result) {
  auto& st = self->state;
  if (!end_attempt(st, id,
                   caf::actor_cast<caf::actor_addr>(self->current_sender())))
    return; // deleted (and cancelled) meanwhile
  auto found = st.records.find(id);
  if (found != st.records.end() &&
      result.error.code == error_code::renderer_lost) {
    run_again_or_fail(self, found->second, result.error.message);
    return;
  }
  if (found != st.records.end()) {
    auto& record = found->second;
    count_active(st, record.owner, -1);
    record.completed_at = now_ms();
    if (result.error.ok()) {
      record.state = capture_state::completed;
      record.image_path = std::move(result.image_path);
      record.file_size = result.file_size;
      record.width = result.width;
      record.height = result.height;
      record.truncated = result.truncated;
      record.script_error = std::move(result.script_error);
      record.blocked_requests = result.blocked_requests;
      st.cache.remember(record);
    } else {
      record.state = capture_state::failed;
      record.error = std::move(result.error);
    }
    record.http_status = result.http_status;
    // Its headers, cookies and login are not needed any more (the store
    // erases its copy too).
    record.options.secrets = page_secrets{};
    retain(self, record, retention_news::just_finished);
  }
  dispatch(self);
  finish_drain_if_idle(self);
}

capture_reply on_delete(self_ptr self, const std::string& owner,
                        const std::string& id) {
  auto& st = self->state;
  auto reply = lookup(st, owner, id);
  if (!reply.error.ok())
    return reply;
  auto record = reply.record;
  if (st.uncommitted.count(id))
    return reply_error(error_code::capture_not_ready,
                       "capture " + id + " is still being stored; retry");
  st.queue.erase(std::remove(st.queue.begin(), st.queue.end(), id),
                 st.queue.end());
  auto worker = st.running.find(id);
  if (worker != st.running.end()) {
    // Cancel: the renderer drops the job (its slot is free at once), the
    // capture actor goes away; a file it may still write is an orphan for
    // retention.
    self->send_exit(worker->second, caf::exit_reason::user_shutdown);
    self->send(st.plugins.renderer, cancel_atom::value, id);
    st.running.erase(worker);
    st.rendering.erase(id);
  }
  if (!unfinished(record) && st.plugins.retention)
    self->send(st.plugins.retention, release_atom::value, id);
  forget_record(st, record);
  if (!record.options.callback_url.empty() && st.plugins.webhook)
    self->send(st.plugins.webhook, forget_atom::value, id);
  self
    ->request(st.plugins.store, caf::infinite, store_remove_atom::value,
              std::vector<capture_record>{record}, timestamp_ms{0})
    .then([id](failure& f) {
      if (!f.ok())
        std::cerr << "pinhole: delete " << id << ": " << f.message << std::endl;
    });
  if (!record.image_path.empty())
    self->send(st.janitor, remove_files_atom::value,
               std::vector<std::string>{record.image_path});
  dispatch(self);
  finish_drain_if_idle(self);
  return reply;
}

} // namespace supervisor

supervisor_internal::behavior_type
capture_supervisor(supervisor::self_ptr self, supervisor_settings settings,
                   supervisor_plugins plugins, stored_state stored) {
  using namespace supervisor;
  auto& st = self->state;
  st.settings = std::move(settings);
  st.plugins = std::move(plugins);
  st.janitor = self->spawn<caf::detached + caf::linked>(image_janitor,
                                                        st.settings.image_dir);
  self->monitor(st.plugins.renderer);
  self->monitor(st.plugins.store);
  if (st.plugins.webhook)
    self->monitor(st.plugins.webhook);
  if (st.plugins.retention)
    self->monitor(st.plugins.retention);
  self->set_down_handler([self](caf::down_msg& msg) { on_down(self, msg); });
  recover(self, std::move(stored));
  dispatch(self);
  sweep(self);
  return {
    [self](submit_atom, const std::string& owner, capture_options& options,
           const std::string& idempotency_key) {
      return on_submit(self, owner, options, idempotency_key);
    },
    [self](status_atom, const std::string& owner, const std::string& id)
      -> capture_reply { return lookup(self->state, owner, id); },
    [self](delete_atom, const std::string& owner, const std::string& id) {
      return on_delete(self, owner, id);
    },
    [self](gauges_atom) {
      metrics::service_gauges gauges;
      gauges.queue_depth = static_cast<int64_t>(self->state.queue.size());
      gauges.rendering = static_cast<int64_t>(self->state.rendering.size());
      for (auto state : {capture_state::pending, capture_state::processing,
                         capture_state::completed, capture_state::failed})
        gauges.captures_by_state[to_string(state)] = 0;
      for (const auto& [id, record] : self->state.records)
        ++gauges.captures_by_state[to_string(record.state)];
      return gauges;
    },
    [self](ready_atom) -> caf::result<bool> {
      // A draining service takes nothing new: a load balancer asking
      // /readyz must move on to another instance.
      if (self->state.draining)
        return false;
      return self->delegate(self->state.plugins.renderer, ready_atom::value);
    },
    [self](slots_atom, int32_t slots) {
      self->state.settings.max_concurrent = static_cast<size_t>(slots);
      dispatch(self);
    },
    [self](drain_atom, int64_t grace_ms) -> caf::result<bool> {
      auto& st = self->state;
      st.draining = true;
      if (st.running.empty())
        return true;
      auto promise = self->make_response_promise<bool>();
      st.drained.push_back(promise);
      self->delayed_send(self, std::chrono::milliseconds(grace_ms),
                         drain_over_atom::value);
      return promise;
    },
    [self](drain_over_atom) {
      // Grace is over: whatever still runs stays PROCESSING in the store
      // and is run again at the next start.
      for (auto& promise : self->state.drained)
        promise.deliver(false);
      self->state.drained.clear();
    },
    [self](sweep_tick_atom) { sweep(self); },
    [self](rendered_atom, const std::string& id) {
      if (self->state.rendering.erase(id) > 0)
        dispatch(self);
    },
    [self](capture_done_atom, const std::string& id, capture_result& result) {
      on_capture_done(self, id, result);
    },
    [self](webhook_state_atom, const std::string& id, std::string& state,
           int32_t attempts, std::string& last_error) {
      auto found = self->state.records.find(id);
      if (found == self->state.records.end())
        return; // deleted or expired meanwhile
      found->second.webhook_state = std::move(state);
      found->second.webhook_attempts = attempts;
      found->second.webhook_last_error = std::move(last_error);
      persist(self, found->second);
    },
  };
}

} // namespace pinhole
