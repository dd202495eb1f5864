#include "actors/capture_supervisor.hpp"

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "actors/capture_actor.hpp"
#include "actors/capture_id.hpp"

namespace pinhole {

namespace {

using self_ptr = supervisor_actor::stateful_pointer<supervisor_state>;

capture_reply reply_error(error_code code, std::string message) {
  return {failure{code, std::move(message)}, {}};
}

std::string idempotency_slot(const std::string& owner, const std::string& key) {
  return owner + '\n' + key;
}

/// The answer to an accepted submission. Always "PENDING", so an idempotent
/// retry gets exactly the body of the first answer.
capture_reply accepted(capture_record record) {
  record.state = capture_state::pending;
  return {failure{}, std::move(record)};
}

/// Writes a changed record behind the scenes; a failure is logged (the
/// in-memory state stays authoritative until the next start).
void persist(self_ptr self, const capture_record& record) {
  self
    ->request(self->state.store, caf::infinite, store_save_atom::value, record)
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

/// Starts queued captures while there is room.
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
    auto worker = self->spawn<caf::detached>(
      capture_actor,
      capture_job{id, record.options, st.renderer, self, st.settings.image_dir,
                  st.settings.max_page_height});
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
    return reply_error(error_code::capture_expired,
                       "capture '" + id +
                         "' has expired and was deleted (retention.ttl)");
  return reply_error(error_code::not_found, "no capture with id '" + id + "'");
}

bool unfinished(const capture_record& record) {
  return record.state == capture_state::pending ||
         record.state == capture_state::processing;
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
  st.records.erase(record.id);
}

/// Puts what the store held back to work: unfinished captures are queued
/// again (an interrupted run counts as an attempt), or fail once they used
/// up capture.max_attempts.
void recover(self_ptr self, supervisor_recovery recovered) {
  auto& st = self->state;
  st.tombstones = std::move(recovered.tombstones);
  for (auto& record : recovered.captures) {
    if (record.state == capture_state::processing) {
      if (record.attempts >= st.settings.max_attempts) {
        record.state = capture_state::failed;
        record.completed_at = now_ms();
        record.expires_at = record.completed_at + st.settings.ttl_ms;
        record.error = failure{
          error_code::internal,
          "the capture was interrupted " + std::to_string(record.attempts) +
            " times (server stopped or crashed while rendering it); gave up "
            "after capture.max_attempts"};
      } else {
        record.state = capture_state::pending;
      }
      persist(self, record);
    }
    if (record.state == capture_state::pending) {
      st.queue.push_back(record.id);
      count_active(st, record.owner, +1);
    }
    // A finished capture whose webhook may never have been handed over (a
    // crash in between): hand it over again; the plugin ignores duplicates.
    bool finished = record.state == capture_state::completed ||
                    record.state == capture_state::failed;
    if (finished && !record.options.callback_url.empty() &&
        (record.webhook_state.empty() || record.webhook_state == "pending") &&
        st.settings.webhook) {
      record.webhook_state = "pending";
      self->send(st.settings.webhook, deliver_atom::value, record);
    }
    if (!record.idempotency_key.empty())
      st.idempotency[idempotency_slot(record.owner, record.idempotency_key)] =
        record.id;
    st.records.emplace(record.id, std::move(record));
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
  if (st.queue.size() >= st.settings.max_queued)
    return reply_error(error_code::queue_full,
                       "the queue is full (" +
                         std::to_string(st.settings.max_queued) +
                         " captures waiting, capture.max_queued); retry "
                         "later");
  capture_record record;
  record.id = new_unique_id(st);
  record.owner = owner;
  record.options = std::move(options);
  record.created_at = now;
  record.idempotency_key = idempotency_key;
  st.submissions[owner].push_back(now);
  count_active(st, owner, +1);
  auto id = record.id;
  if (!idempotency_key.empty())
    st.idempotency[idempotency_slot(owner, idempotency_key)] = id;
  auto promise = self->make_response_promise<capture_reply>();
  st.uncommitted[id].push_back(promise);
  st.records.emplace(id, record);
  // Acknowledged only once it is committed: a crash after the 202 cannot
  // lose it.
  auto settle = [self, id](failure f) {
    auto& st = self->state;
    auto waiters = std::move(st.uncommitted[id]);
    st.uncommitted.erase(id);
    auto found = st.records.find(id);
    if (found == st.records.end())
      return; // deleted meanwhile
    capture_reply reply;
    if (f.ok()) {
      reply = accepted(found->second);
      st.queue.push_back(id);
      dispatch(self);
    } else {
      reply = reply_error(error_code::internal,
                          "the capture could not be stored: " + f.message);
      forget_record(st, found->second);
    }
    for (auto& waiter : waiters)
      waiter.deliver(reply);
  };
  self->request(st.store, caf::infinite, store_save_atom::value, record)
    .then([settle](failure& f) { settle(std::move(f)); },
          [settle](caf::error& err) {
            settle(failure{error_code::internal, caf::to_string(err)});
          });
  return promise;
}

void on_capture_done(self_ptr self, const std::string& id,
                     capture_result& result) {
  auto& st = self->state;
  st.rendering.erase(id);
  if (st.running.erase(id) == 0)
    return; // deleted (and cancelled) meanwhile
  auto found = st.records.find(id);
  if (found != st.records.end()) {
    auto& record = found->second;
    count_active(st, record.owner, -1);
    record.completed_at = now_ms();
    record.expires_at = record.completed_at + st.settings.ttl_ms;
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
    if (!record.options.callback_url.empty() && st.settings.webhook) {
      record.webhook_state = "pending";
      self->send(st.settings.webhook, deliver_atom::value, record);
    }
    persist(self, record);
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
    self->send(st.renderer, cancel_atom::value, id);
    st.running.erase(worker);
    st.rendering.erase(id);
  }
  forget_record(st, record);
  if (!record.options.callback_url.empty() && st.settings.webhook)
    self->send(st.settings.webhook, forget_atom::value, id);
  self
    ->request(st.store, caf::infinite, store_remove_atom::value,
              std::vector<capture_record>{record}, timestamp_ms{0})
    .then([id](failure& f) {
      if (!f.ok())
        std::cerr << "pinhole: delete " << id << ": " << f.message << std::endl;
    });
  if (!record.image_path.empty()) {
    std::error_code ignored;
    std::filesystem::remove(record.image_path, ignored);
  }
  dispatch(self);
  finish_drain_if_idle(self);
  return reply;
}

expire_reply on_expire(self_ptr self, timestamp_ms now) {
  auto& st = self->state;
  expire_reply reply;
  std::vector<capture_record> expired;
  for (const auto& [id, record] : st.records) {
    bool finished = record.state == capture_state::completed ||
                    record.state == capture_state::failed;
    if (finished && record.expires_at <= now)
      expired.push_back(record);
    else
      reply.live_ids.push_back(id);
  }
  auto forget_at = now + st.settings.ttl_ms;
  for (const auto& record : expired) {
    if (!record.image_path.empty())
      reply.expired_files.push_back(record.image_path);
    st.tombstones[record.id] = tombstone_entry{record.owner, forget_at};
    forget_record(st, record);
  }
  for (auto i = st.tombstones.begin(); i != st.tombstones.end();)
    i = i->second.forget_at <= now ? st.tombstones.erase(i) : std::next(i);
  auto log = [](failure& f) {
    if (!f.ok())
      std::cerr << "pinhole: retention: " << f.message << std::endl;
  };
  if (!expired.empty())
    self
      ->request(st.store, caf::infinite, store_remove_atom::value,
                std::move(expired), forget_at)
      .then(log);
  self->request(st.store, caf::infinite, store_forget_atom::value, now)
    .then(log);
  return reply;
}

} // namespace

supervisor_actor::behavior_type
capture_supervisor(self_ptr self, supervisor_settings settings,
                   renderer_actor renderer, store_actor store,
                   supervisor_recovery recovered) {
  self->state.settings = std::move(settings);
  self->state.renderer = std::move(renderer);
  self->state.store = std::move(store);
  recover(self, std::move(recovered));
  dispatch(self);
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
    [self](ready_atom) -> caf::delegated<bool> {
      return self->delegate(self->state.renderer, ready_atom::value);
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
    [self](expire_atom, timestamp_ms now) { return on_expire(self, now); },
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
