#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "actors/capture_types.hpp"
#include "actors/capture_view.hpp"

namespace pinhole {

/// {"status":"OK","data":...}
std::string ok_envelope(const nlohmann::ordered_json& data);

/// {"status":"ERROR","error":{"code":...,"message":...}}
std::string error_envelope(const failure& error);

} // namespace pinhole
