#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "actors/capture_types.hpp"

namespace pinhole {

/// The status route's `data` object for a record (SPEC §1.2). The webhook
/// sends the same object, so it lives beside the record, not in server/.
nlohmann::ordered_json status_view(const capture_record& record,
                                   const std::string& public_base_url);

/// The submit answer's `data`: captureId, state, createdAt.
nlohmann::ordered_json accepted_view(const capture_record& record);

/// "/api/screenshot/capture/{id}"
std::string status_path(const std::string& id);

} // namespace pinhole
