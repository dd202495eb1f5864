#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "actors/capture_types.hpp"

namespace pinhole {

/// {"status":"OK","data":...}
std::string ok_envelope(const nlohmann::ordered_json& data);

/// {"status":"ERROR","error":{"code":...,"message":...}}
std::string error_envelope(const failure& error);

/// The status route's `data` object for a record (SPEC §1.2).
nlohmann::ordered_json status_view(const capture_record& record,
                                   const std::string& public_base_url);

/// The submit answer's `data`: captureId, state, createdAt.
nlohmann::ordered_json accepted_view(const capture_record& record);

/// "/api/screenshot/capture/{id}"
std::string status_path(const std::string& id);

} // namespace pinhole
