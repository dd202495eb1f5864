#include "plugins/webhook/http/webhook_actor.hpp"

#include <deque>
#include <iostream>
#include <unordered_map>

#include "actors/capture_view.hpp"
#include "plugins/webhook/http/http_post.hpp"
#include "plugins/webhook/http/signature.hpp"

namespace pinhole::webhook {

namespace {

using attempt_atom = caf::atom_constant<caf::atom("attempt")>;
using attempt_done_atom = caf::atom_constant<caf::atom("attemptok")>;

struct state {
  webhook_settings settings;
  std::shared_ptr<delivery_store> db;
  caf::actor notify; // the supervisor
  std::unordered_map<std::string, delivery> live;
  std::deque<std::string> ready; // due, waiting for a free slot
  int in_flight = 0;
  static inline const char* name = "webhook_http";
};

using self_ptr = caf::stateful_actor<state>*;

/// One delivery per capture: "dlv_" + the capture id's hex digits.
std::string delivery_id(const std::string& capture_id) {
  return "dlv_" + capture_id.substr(capture_id.find('_') + 1);
}

delivery make_delivery(const capture_record& record,
                       const std::string& public_base_url) {
  delivery d;
  d.id = delivery_id(record.id);
  d.capture_id = record.id;
  d.url = record.options.callback_url;
  d.event = record.state == capture_state::completed ? "capture.completed"
                                                     : "capture.failed";
  auto body = status_view(record, public_base_url);
  body["event"] = d.event;
  d.body = body.dump();
  d.next_at = now_ms();
  return d;
}

void schedule(self_ptr self, const delivery& d) {
  auto wait = std::max<timestamp_ms>(0, d.next_at - now_ms());
  self->delayed_send(self, std::chrono::milliseconds(wait), attempt_atom::value,
                     d.id);
}

void report(self_ptr self, const delivery& d) {
  if (self->state.notify)
    self->send(self->state.notify, webhook_state_atom::value, d.capture_id,
               d.state, d.attempts, d.last_error);
}

void save(self_ptr self, const delivery& d) {
  try {
    self->state.db->update(d);
  } catch (const std::exception& e) {
    std::cerr << "pinhole: webhook " << d.id << ": " << e.what() << std::endl;
  }
}

/// Sends one attempt from a thread of its own: a slow receiver holds up
/// neither other deliveries nor captures.
void start_attempt(self_ptr self, const delivery& d) {
  ++self->state.in_flight;
  auto parent = caf::actor_cast<caf::actor>(self);
  auto settings = self->state.settings;
  self->spawn<caf::detached>([parent, settings, d](caf::event_based_actor* w) {
    auto t = now_ms() / 1000;
    auto result = http_post(
      d.url,
      {"Content-Type: application/json", "User-Agent: Pinhole-Webhook/1",
       "X-Pinhole-Event: " + d.event, "X-Pinhole-Delivery: " + d.id,
       "X-Pinhole-Signature: " + signature_header(settings.secret, t, d.body)},
      d.body, settings.timeout, *settings.policy);
    w->send(parent, attempt_done_atom::value, d.id, result.error,
            result.blocked);
  });
}

void pump(self_ptr self) {
  auto& st = self->state;
  while (st.in_flight < st.settings.concurrency && !st.ready.empty()) {
    auto id = st.ready.front();
    st.ready.pop_front();
    auto found = st.live.find(id);
    if (found != st.live.end())
      start_attempt(self, found->second);
  }
}

caf::behavior webhook_behavior(self_ptr self, webhook_settings settings,
                               std::shared_ptr<delivery_store> db) {
  self->state.settings = std::move(settings);
  self->state.db = std::move(db);
  for (auto& d : self->state.db->pending()) {
    schedule(self, d);
    self->state.live.emplace(d.id, std::move(d));
  }
  return {
    [self](deliver_atom, const capture_record& record) {
      auto& st = self->state;
      st.notify = caf::actor_cast<caf::actor>(self->current_sender());
      auto d = make_delivery(record, st.settings.public_base_url);
      if (st.live.count(d.id))
        return; // already pending (handed over again after a restart)
      try {
        if (!st.db->add(d))
          return; // delivered or given up before a restart
      } catch (const std::exception& e) {
        std::cerr << "pinhole: webhook " << d.id << ": " << e.what()
                  << std::endl;
      }
      schedule(self, d);
      st.live.emplace(d.id, std::move(d));
    },
    [self](forget_atom, const std::string& capture_id) {
      // A deleted capture: no more attempts (one in flight just ends, its
      // delivery is no longer live), and no row to resume after a restart.
      self->state.live.erase(delivery_id(capture_id));
      try {
        self->state.db->remove_for_capture(capture_id);
      } catch (const std::exception& e) {
        std::cerr << "pinhole: webhook for " << capture_id << ": " << e.what()
                  << std::endl;
      }
    },
    [self](attempt_atom, const std::string& id) {
      if (!self->state.live.count(id))
        return;
      self->state.ready.push_back(id);
      pump(self);
    },
    [self](attempt_done_atom, const std::string& id, std::string& error,
           bool blocked) {
      auto& st = self->state;
      --st.in_flight;
      st.settings.metrics->count_webhook_attempt(error.empty());
      auto found = st.live.find(id);
      if (found != st.live.end()) {
        auto& d = found->second;
        ++d.attempts;
        d.last_error = error;
        if (error.empty()) {
          d.state = "delivered";
        } else if (blocked) {
          // The policy will refuse it every time: no point in retrying.
          d.state = "failed";
        } else if (d.attempts >= st.settings.max_attempts) {
          d.state = "failed";
          d.last_error = error + " (gave up after " +
                         std::to_string(d.attempts) +
                         " attempts, webhook.max_attempts)";
        } else {
          // 2nd attempt after retry_base, then 2x, 4x, ...
          d.next_at = now_ms() + st.settings.retry_base.count() *
                                   (int64_t{1} << std::min(d.attempts - 1, 20));
        }
        save(self, d);
        report(self, d);
        if (d.state == "pending")
          schedule(self, d);
        else
          st.live.erase(found);
      }
      pump(self);
    },
  };
}

} // namespace

webhook_actor spawn_webhook(caf::actor_system& system,
                            webhook_settings settings,
                            std::shared_ptr<delivery_store> db) {
  // Detached: SQLite writes wait for fsync.
  auto handle = system.spawn<caf::detached>(webhook_behavior,
                                            std::move(settings), std::move(db));
  return caf::actor_cast<webhook_actor>(handle);
}

} // namespace pinhole::webhook
