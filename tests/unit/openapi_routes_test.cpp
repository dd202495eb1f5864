// The OpenAPI document and the server's route table describe the same
// routes and methods (no route undocumented, no documented route missing).

#define BOOST_TEST_MODULE openapi_routes
#include <boost/test/unit_test.hpp>

#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "server/embedded_documents.hpp"
#include "server/http_api.hpp"

using namespace pinhole;

namespace {

/// "/api/screenshot/capture/:id" -> "/api/screenshot/capture/{captureId}"
std::string openapi_path(const std::string& pattern) {
  return std::regex_replace(pattern, std::regex{":id"}, "{captureId}");
}

std::string lower(std::string text) {
  for (auto& c : text)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

} // namespace

BOOST_AUTO_TEST_CASE(
  every_route_is_documented_and_every_documented_one_exists) {
  auto doc = nlohmann::json::parse(openapi_document());
  std::set<std::pair<std::string, std::string>> served;
  for (const auto& route : http_api::routes())
    served.emplace(openapi_path(route.pattern), lower(route.method));
  BOOST_TEST(served.size() == http_api::routes().size()); // no duplicates
  std::set<std::pair<std::string, std::string>> documented;
  for (const auto& [path, item] : doc["paths"].items())
    for (const auto& [method, operation] : item.items())
      documented.emplace(path, method);
  for (const auto& route : served)
    BOOST_TEST(documented.count(route) == 1u,
               route.second << " " << route.first << " is not documented");
  for (const auto& route : documented)
    BOOST_TEST(served.count(route) == 1u,
               route.second << " " << route.first << " is not served");
  BOOST_TEST(served.count({"/", "get"}) == 1u);
}
