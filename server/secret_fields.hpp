#pragma once

#include <stdexcept>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "actors/capture_types.hpp"
#include "config/settings.hpp"

namespace pinhole {

/// A secret field's value is wrong; what() names the field, never the
/// secret itself.
struct invalid_secret : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

/// Parses one of the submit body's secret fields (`headers`, `cookies`,
/// `httpAuth`, README "Headers, cookies and login") into `out`. Returns
/// false when `name` is none of them; throws invalid_secret when the value
/// breaks a rule.
bool apply_secret_field(const std::string& name, const nlohmann::json& value,
                        const capture_settings& limits, page_secrets& out);

} // namespace pinhole
