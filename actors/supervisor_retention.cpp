#include <iostream>
#include <map>

#include "actors/image_janitor.hpp"
#include "actors/supervisor_steps.hpp"

namespace pinhole::supervisor {

namespace {

void log_store_failure(failure& f) {
  if (!f.ok())
    std::cerr << "pinhole: retention: " << f.message << std::endl;
}

std::vector<std::string> live_ids(const supervisor_state& st) {
  std::vector<std::string> ids;
  ids.reserve(st.records.size());
  for (const auto& [id, record] : st.records)
    ids.push_back(id);
  return ids;
}

/// Stores the finished record and hands it to the webhook plugin.
void publish_finished(self_ptr self, capture_record& record) {
  auto& st = self->state;
  if (!record.options.callback_url.empty() && st.plugins.webhook) {
    record.webhook_state = "pending";
    self->send(st.plugins.webhook, deliver_atom::value, record);
  }
  persist(self, record);
}

} // namespace

void retain(self_ptr self, const capture_record& record, retention_news news) {
  // Once retention answered (or could not): expiresAt set, the record
  // stored and, when it just finished, announced; what retention expires
  // to make room goes at once.
  auto settle = [self, id = record.id, news](const retention_verdict* verdict) {
    auto& st = self->state;
    auto found = st.records.find(id);
    if (found != st.records.end()) {
      auto& finished = found->second;
      bool changed = verdict && finished.expires_at != verdict->expires_at;
      if (verdict)
        finished.expires_at = verdict->expires_at;
      if (news == retention_news::just_finished)
        publish_finished(self, finished);
      else if (changed)
        persist(self, finished);
    }
    if (verdict && !verdict->expire_now.empty())
      apply_expiries(self, verdict->expire_now, now_ms());
  };
  auto& st = self->state;
  if (!st.plugins.retention) {
    settle(nullptr);
    return;
  }
  retained_capture retained{record.id, record.completed_at, record.file_size};
  self
    ->request(st.plugins.retention, caf::infinite, retain_atom::value, retained)
    .then([settle](retention_verdict& verdict) { settle(&verdict); },
          [settle, id = record.id](caf::error& err) {
            std::cerr << "pinhole: retention did not answer for " << id << ": "
                      << caf::to_string(err) << std::endl;
            settle(nullptr);
          });
}

void apply_expiries(self_ptr self, const std::vector<expiry>& expiries,
                    timestamp_ms now) {
  auto& st = self->state;
  std::vector<std::string> files;
  // The store removes records in batches that share a forget_at.
  std::map<timestamp_ms, std::vector<capture_record>> removed;
  for (const auto& item : expiries) {
    auto found = st.records.find(item.id);
    if (found == st.records.end() || unfinished(found->second) ||
        st.uncommitted.count(item.id))
      continue; // never a capture that is still queued or running
    auto record = found->second;
    if (!record.image_path.empty())
      files.push_back(record.image_path);
    st.tombstones[record.id] = tombstone_entry{record.owner, item.forget_at};
    if (!record.options.callback_url.empty() && st.plugins.webhook)
      self->send(st.plugins.webhook, forget_atom::value, record.id);
    forget_record(st, record);
    removed[item.forget_at].push_back(std::move(record));
  }
  for (auto i = st.tombstones.begin(); i != st.tombstones.end();)
    i = i->second.forget_at <= now ? st.tombstones.erase(i) : std::next(i);
  for (auto& [forget_at, records] : removed)
    self
      ->request(st.plugins.store, caf::infinite, store_remove_atom::value,
                std::move(records), forget_at)
      .then(log_store_failure);
  self->request(st.plugins.store, caf::infinite, store_forget_atom::value, now)
    .then(log_store_failure);
  if (!files.empty())
    self->send(st.janitor, remove_files_atom::value, std::move(files));
}

void sweep(self_ptr self) {
  auto& st = self->state;
  self->delayed_send(self, st.settings.sweep_interval, sweep_tick_atom::value);
  auto now = now_ms();
  auto clean_orphans = [self] {
    self->send(self->state.janitor, remove_orphans_atom::value,
               live_ids(self->state));
  };
  if (!st.plugins.retention) {
    apply_expiries(self, {}, now);
    clean_orphans();
    return;
  }
  self
    ->request(st.plugins.retention, st.settings.sweep_interval,
              retention_sweep_atom::value, now)
    .then(
      [self, now, clean_orphans](std::vector<expiry>& due) {
        apply_expiries(self, due, now);
        clean_orphans();
      },
      [](caf::error& err) {
        std::cerr << "pinhole: retention sweep failed: " << caf::to_string(err)
                  << std::endl;
      });
}

} // namespace pinhole::supervisor
