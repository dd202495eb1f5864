#include "plugins/retention/quota/quota_retention.hpp"

namespace pinhole::retention {

namespace {

bool over_quota(const quota_state& st) {
  const auto& limits = st.settings;
  return (limits.max_captures > 0 &&
          static_cast<int64_t>(st.kept.size()) > limits.max_captures) ||
         (limits.max_bytes > 0 && st.bytes > limits.max_bytes);
}

void forget(quota_state& st, const std::string& id) {
  auto found = st.kept.find(id);
  if (found == st.kept.end())
    return;
  st.by_age.erase({found->second.first, id});
  st.bytes -= found->second.second;
  st.kept.erase(found);
}

} // namespace

retention_actor::behavior_type
quota_retention(retention_actor::stateful_pointer<quota_state> self,
                quota_settings settings) {
  self->state.settings = settings;
  return {
    [self](retain_atom, const retained_capture& capture) {
      auto& st = self->state;
      forget(st, capture.id); // told again (e.g. at start): counted once
      st.kept.emplace(capture.id,
                      std::make_pair(capture.completed_at, capture.file_size));
      st.by_age.emplace(capture.completed_at, capture.id);
      st.bytes += capture.file_size;
      retention_verdict verdict;
      auto forget_at = now_ms() + st.settings.tombstone_ttl.count();
      auto oldest = st.by_age.begin();
      while (over_quota(st) && oldest != st.by_age.end()) {
        if (oldest->second == capture.id) {
          ++oldest;
          continue;
        }
        auto id = oldest->second;
        ++oldest;
        verdict.expire_now.push_back(expiry{id, forget_at});
        forget(st, id);
      }
      return verdict;
    },
    [self](release_atom, const std::string& id) { forget(self->state, id); },
    [](retention_sweep_atom, timestamp_ms) {
      // Nothing expires by age: every expiry comes with a retain.
      return std::vector<expiry>{};
    },
  };
}

} // namespace pinhole::retention
