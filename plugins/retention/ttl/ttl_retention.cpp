#include "plugins/retention/ttl/ttl_retention.hpp"

namespace pinhole::retention {

retention_actor::behavior_type
ttl_retention(retention_actor::stateful_pointer<ttl_state> self,
              ttl_settings settings) {
  self->state.settings = settings;
  return {
    [self](retain_atom, const retained_capture& capture) {
      auto at = capture.completed_at + self->state.settings.ttl.count();
      self->state.expires_at[capture.id] = at;
      return retention_verdict{at, {}};
    },
    [self](release_atom, const std::string& id) {
      self->state.expires_at.erase(id);
    },
    [self](retention_sweep_atom, timestamp_ms now) {
      auto& st = self->state;
      std::vector<expiry> due;
      for (auto i = st.expires_at.begin(); i != st.expires_at.end();) {
        if (i->second <= now) {
          due.push_back(expiry{i->first, now + st.settings.ttl.count()});
          i = st.expires_at.erase(i);
        } else {
          ++i;
        }
      }
      return due;
    },
  };
}

} // namespace pinhole::retention
