#include "actors/capture_view.hpp"

namespace pinhole {

using json = nlohmann::ordered_json;

std::string status_path(const std::string& id) {
  return "/api/screenshot/capture/" + id;
}

json accepted_view(const capture_record& record) {
  json data{{"captureId", record.id},
            {"state", to_string(record.state)},
            {"createdAt", format_rfc3339(record.created_at)}};
  if (record.cached) // COMPLETED at once (cacheTtl)
    data["cached"] = true;
  return data;
}

json status_view(const capture_record& record,
                 const std::string& public_base_url) {
  json data = accepted_view(record);
  data["url"] = record.options.url;
  // Which part of the page the picture is (css, js and the rest can be
  // long and are the client's own).
  const auto& page = record.options.page;
  if (!page.selector.empty())
    data["selector"] = page.selector;
  if (!page.clip.empty())
    data["clip"] = {{"x", page.clip.x},
                    {"y", page.clip.y},
                    {"width", page.clip.width},
                    {"height", page.clip.height}};
  switch (record.state) {
    case capture_state::pending:
      break;
    case capture_state::processing:
      data["startedAt"] = format_rfc3339(record.started_at);
      break;
    case capture_state::completed:
      data["imageUrl"] = public_base_url + status_path(record.id) + "/image";
      data["fileSize"] = record.file_size;
      data["width"] = record.width;
      data["height"] = record.height;
      data["format"] = to_string(record.options.format);
      data["httpStatus"] = record.http_status;
      data["completedAt"] = format_rfc3339(record.completed_at);
      if (record.expires_at > 0) // unknown in advance with some retention
        data["expiresAt"] = format_rfc3339(record.expires_at);
      data["cached"] = record.cached;
      if (record.options.full_page)
        data["truncated"] = record.truncated;
      if (!record.script_error.empty())
        data["scriptError"] = record.script_error;
      if (record.options.page.block_ads || record.options.page.block_trackers)
        data["blockedRequests"] = record.blocked_requests;
      break;
    case capture_state::failed:
      data["error"] = {{"code", to_string(record.error.code)},
                       {"message", record.error.message}};
      data["completedAt"] = format_rfc3339(record.completed_at);
      if (record.expires_at > 0) // unknown in advance with some retention
        data["expiresAt"] = format_rfc3339(record.expires_at);
      break;
  }
  if (!record.options.callback_url.empty())
    data["webhook"] = {{"state", record.webhook_state.empty()
                                   ? "pending"
                                   : record.webhook_state},
                       {"attempts", record.webhook_attempts},
                       {"lastError", record.webhook_last_error.empty()
                                       ? json(nullptr)
                                       : json(record.webhook_last_error)}};
  return data;
}

} // namespace pinhole
