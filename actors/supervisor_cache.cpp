// cacheTtl (README "Cache"): a submission answered with an equal capture's
// picture instead of a render.
#include <iostream>

#include "actors/image_files.hpp"
#include "actors/supervisor_steps.hpp"

namespace pinhole::supervisor {

bool answer_from_cache(supervisor_state& st, capture_record& record,
                       timestamp_ms now) {
  auto ttl_ms = int64_t{record.options.cache_ttl_s} * 1000;
  if (ttl_ms <= 0 || record.cache_key.empty())
    return false;
  auto source_id = st.cache.find(record.owner, record.cache_key, now - ttl_ms);
  auto source = st.records.find(source_id);
  if (source_id.empty() || source == st.records.end())
    return false;
  const auto& earlier = source->second;
  auto path = st.settings.image_dir + "/" + record.id + "." +
              to_string(record.options.format);
  std::string error;
  if (!share_file(earlier.image_path, path, error)) {
    std::cerr << "pinhole: capture " << record.id
              << ": rendered again, the cached picture is gone: " << error
              << std::endl;
    return false;
  }
  record.state = capture_state::completed;
  record.cached = true;
  record.started_at = now;
  record.completed_at = now;
  record.image_path = path;
  record.file_size = earlier.file_size;
  record.width = earlier.width;
  record.height = earlier.height;
  record.http_status = earlier.http_status;
  record.truncated = earlier.truncated;
  record.script_error = earlier.script_error;
  record.blocked_requests = earlier.blocked_requests;
  record.options.secrets = page_secrets{}; // in the cache key; not needed
  return true;
}

} // namespace pinhole::supervisor
