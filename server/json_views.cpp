#include "server/json_views.hpp"

namespace pinhole {

using json = nlohmann::ordered_json;

std::string ok_envelope(const json& data) {
  return json{{"status", "OK"}, {"data", data}}.dump();
}

std::string error_envelope(const failure& error) {
  return json{
    {"status", "ERROR"},
    {"error", {{"code", to_string(error.code)}, {"message", error.message}}}}
    .dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace pinhole
