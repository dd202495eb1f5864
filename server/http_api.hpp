#pragma once

#include <memory>

#include <caf/all.hpp>
#include <pistache/endpoint.h>
#include <pistache/router.h>

#include "actors/metrics.hpp"
#include "actors/supervisor_protocol.hpp"
#include "config/settings.hpp"
#include "network/address_policy.hpp"
#include "server/api_keys.hpp"

namespace pinhole {

/// A route's answer-to-be, labelled with the route it answers for (every
/// answer is counted in /metrics by method, route and status code).
struct http_response {
  Pistache::Http::ResponseWriter writer;
  std::string method;
  std::string route;
  /// The service's registry (owned by the http_api, which outlives every
  /// answer it starts).
  metrics::registry* metrics;
};

/// The HTTP side of Pistache: routes, authentication, JSON in and out. Every
/// decision is made by the supervisor actor; a reactor thread only parses,
/// sends one message and returns (the answer is written from a CAF thread).
class http_api {
public:
  using request = Pistache::Rest::Request;

  /// One route: the table below is the server's whole HTTP surface (the
  /// OpenAPI test walks it).
  struct route {
    const char* method;  // "GET", "POST" or "DELETE"
    const char* pattern; // Pistache pattern, e.g. "/api/screenshot/capture/:id"
    void (http_api::*handler)(const request&, http_response);
  };
  static const std::vector<route>& routes();

  http_api(caf::actor_system& system, supervisor_actor supervisor,
           std::shared_ptr<api_key_store> keys, settings config,
           std::shared_ptr<const network::address_policy> policy,
           std::shared_ptr<metrics::registry> metrics);
  ~http_api();

  /// Binds and starts serving on its own threads.
  void start();

  /// The bound port (useful with port 0).
  uint16_t port() const;

  void shutdown();

private:
  using writer = Pistache::Http::ResponseWriter;

  void setup_routes();
  void submit(const request& req, http_response res);
  void status(const request& req, http_response res);
  void remove(const request& req, http_response res);
  void image(const request& req, http_response res);
  void readyz(const request& req, http_response res);
  void healthz(const request& req, http_response res);
  void openapi(const request& req, http_response res);
  void try_it(const request& req, http_response res);
  /// GET /metrics: Prometheus text, no API key.
  void metrics(const request& req, http_response res);

  template<class Atom, class OnRecord>
  void on_capture(const request& req, http_response res, OnRecord on_record);

  /// The caller's key digest, or nothing after answering 401.
  std::optional<std::string> authenticate(const request& req,
                                          http_response& res);

  caf::actor_system& system_;
  supervisor_actor supervisor_;
  std::shared_ptr<api_key_store> keys_;
  settings config_;
  std::shared_ptr<const network::address_policy> policy_;
  std::shared_ptr<metrics::registry> metrics_;
  Pistache::Rest::Router router_;
  std::unique_ptr<Pistache::Http::Endpoint> endpoint_;
};

/// Answers with the JSON error envelope and the status of `error.code`.
void send_error(http_response& res, const failure& error);

} // namespace pinhole
