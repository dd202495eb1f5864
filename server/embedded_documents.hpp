#pragma once

// Files of server/ built into the binary (see server/CMakeLists.txt), so
// the service needs nothing next to it.
namespace pinhole {

/// The OpenAPI 3 description of every route (server/openapi.json), served
/// at GET /api/openapi.json.
const char* openapi_document();

/// The "try it live" page (server/try_it.html), served at GET /.
const char* try_it_page();

} // namespace pinhole
