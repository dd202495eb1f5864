#pragma once

#include <pistache/http_defs.h>

#include "actors/error_code.hpp"

namespace pinhole {

/// The one place where an error code becomes an HTTP status (SPEC §1.5).
Pistache::Http::Code http_status_of(error_code code);

} // namespace pinhole
