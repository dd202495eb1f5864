#pragma once

namespace pinhole {

/// The OpenAPI 3 description of every route (server/openapi.json, built
/// into the binary), served at GET /api/openapi.json.
const char* openapi_document();

} // namespace pinhole
