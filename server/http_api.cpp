#include "server/http_api.hpp"

#include <chrono>

#include <pistache/net.h>

#include "actors/image_files.hpp"
#include "actors/metrics.hpp"
#include "server/embedded_documents.hpp"
#include "server/http_errors.hpp"
#include "server/http_headers.hpp"
#include "server/json_views.hpp"
#include "server/request_parser.hpp"

namespace pinhole {

using namespace Pistache;

namespace {

/// How long a request waits for the supervisor before answering 500.
constexpr auto supervisor_deadline = std::chrono::seconds(10);

/// Room for the request line and headers on top of the largest body:
/// Pistache counts both against maxRequestSize, and bodies over
/// server.max_body_bytes get our own JSON 413.
constexpr size_t header_allowance = 16 * 1024;

using shared_response = std::shared_ptr<http_response>;

/// Every answer goes out here: counted in /metrics by route and code.
void send_body(http_response& res, Http::Code code, const std::string& body) {
  res.metrics->count_http_request(res.method, res.route,
                                  static_cast<int>(code));
  res.writer.send(code, body);
}

void send_json(http_response& res, Http::Code code, const std::string& body) {
  res.writer.headers().add<Http::Header::ContentType>(MIME(Application, Json));
  send_body(res, code, body);
}

/// Sends `args` to the supervisor from a short-lived actor and hands the
/// reply to `on_reply` on a CAF thread. The reactor thread returns at once.
template<class Reply, class OnReply, class... Ts>
void ask(caf::actor_system& system, const supervisor_actor& supervisor,
         shared_response res, OnReply on_reply, Ts... args) {
  system.spawn([=](caf::event_based_actor* self) {
    self->request(supervisor, supervisor_deadline, args...)
      .then([=](Reply& reply) { on_reply(*res, reply); },
            [=](caf::error& err) {
              send_error(*res, failure{error_code::internal,
                                       "the capture service did not answer: " +
                                         caf::to_string(err)});
            });
  });
}

bool is_json_content_type(const Http::Request& req) {
  auto type = req.headers().tryGet<Http::Header::ContentType>();
  if (!type)
    return false;
  auto mime = type->mime();
  return mime.top() == Http::Mime::Type::Application &&
         mime.sub() == Http::Mime::Subtype::Json;
}

} // namespace

void send_error(http_response& res, const failure& error) {
  if (error.code == error_code::queue_full ||
      error.code == error_code::rate_limited ||
      error.code == error_code::too_many_active)
    res.writer.headers().add<http::retry_after>(
      std::to_string(std::max(1, error.retry_after_s)));
  send_json(res, http_status_of(error.code), error_envelope(error));
}

http_api::http_api(caf::actor_system& system, supervisor_actor supervisor,
                   std::shared_ptr<api_key_store> keys, settings config,
                   std::shared_ptr<const network::address_policy> policy,
                   std::shared_ptr<metrics::registry> metrics)
  : system_(system), supervisor_(std::move(supervisor)), keys_(std::move(keys)),
    config_(std::move(config)), policy_(std::move(policy)),
    metrics_(std::move(metrics)) {
  setup_routes();
}

http_api::~http_api() {
  shutdown();
}

void http_api::start() {
  Address address{config_.server.listen_host, Port{config_.server.listen_port}};
  endpoint_ = std::make_unique<Http::Endpoint>(address);
  auto options =
    Http::Endpoint::options()
      .threads(config_.server.threads)
      .flags(Tcp::Options::ReuseAddr)
      .headerTimeout(config_.server.header_timeout)
      .bodyTimeout(config_.server.body_timeout)
      .maxRequestSize(config_.server.max_body_bytes + header_allowance);
  endpoint_->init(options);
  endpoint_->setHandler(router_.handler());
  endpoint_->serveThreaded();
}

uint16_t http_api::port() const {
  return static_cast<uint16_t>(endpoint_->getPort());
}

void http_api::shutdown() {
  if (endpoint_) {
    endpoint_->shutdown();
    endpoint_.reset();
  }
}

const std::vector<http_api::route>& http_api::routes() {
  static const std::vector<route> table{
    {"POST", "/api/screenshot/capture", &http_api::submit},
    {"GET", "/api/screenshot/capture/:id", &http_api::status},
    {"DELETE", "/api/screenshot/capture/:id", &http_api::remove},
    {"GET", "/api/screenshot/capture/:id/image", &http_api::image},
    {"GET", "/healthz", &http_api::healthz},
    {"GET", "/readyz", &http_api::readyz},
    {"GET", "/metrics", &http_api::metrics},
    {"GET", "/api/openapi.json", &http_api::openapi},
    {"GET", "/", &http_api::try_it},
  };
  return table;
}

void http_api::healthz(const request&, http_response res) {
  send_json(res, Pistache::Http::Code::Ok, ok_envelope({{"alive", true}}));
}

void http_api::openapi(const request&, http_response res) {
  send_json(res, Pistache::Http::Code::Ok, openapi_document());
}

void http_api::try_it(const request&, http_response res) {
  using namespace Pistache;
  res.writer.headers().add<Http::Header::ContentType>(
    Http::Mime::MediaType::fromString("text/html; charset=utf-8"));
  send_body(res, Http::Code::Ok, try_it_page());
}

void http_api::setup_routes() {
  using namespace Rest;
  // Adds a route whose handler gets its answer-to-be labelled with the
  // route, for /metrics. `add_route` is Routes::Get, Post or Delete.
  for (const auto& entry : routes()) {
    using add_route = void (*)(Router&, const std::string&, Route::Handler);
    std::string method = entry.method;
    add_route add = method == "POST"     ? Routes::Post
                    : method == "DELETE" ? Routes::Delete
                                         : Routes::Get;
    add(router_, entry.pattern, [this, entry](const request& req, writer res) {
      (this->*entry.handler)(req, http_response{std::move(res), entry.method,
                                                entry.pattern, metrics_.get()});
      return Route::Result::Ok;
    });
  }
  // Pistache 0.0.5 answers "Connection: Close" to every request without a
  // Connection header, although HTTP/1.1 means keep-alive by default: keep
  // HTTP/1.1 connections open unless the client asked to close.
  router_.addMiddleware([](Http::Request& req, Http::ResponseWriter& res) {
    if (req.version() == Http::Version::Http11 &&
        !req.headers().has<Http::Header::Connection>()) {
      res.headers().remove<Http::Header::Connection>();
      res.headers().add<Http::Header::Connection>(
        Http::ConnectionControl::KeepAlive);
    }
    return true; // go on to the routes
  });
  Routes::NotFound(router_, [this](const request& req, writer res) {
    http_response answer{std::move(res), Http::methodString(req.method()),
                         "(no route)", metrics_.get()};
    send_error(
      answer, failure{error_code::not_found, "no route for " + req.resource()});
    return Route::Result::Ok;
  });
}

std::optional<std::string> http_api::authenticate(const request& req,
                                                  http_response& res) {
  auto header = req.headers().tryGetRaw("X-API-KEY");
  std::optional<std::string> owner;
  if (header)
    owner = keys_->authenticate(header->value());
  if (!owner)
    send_error(res, failure{error_code::unauthorized,
                            header ? "X-API-KEY is not a valid API key"
                                   : "X-API-KEY header is missing"});
  return owner;
}

void http_api::submit(const request& req, http_response res) {
  auto owner = authenticate(req, res);
  if (!owner)
    return;
  if (req.body().size() > config_.server.max_body_bytes)
    return send_error(res,
                      failure{error_code::payload_too_large,
                              "body is larger than server.max_body_bytes (" +
                                std::to_string(config_.server.max_body_bytes) +
                                " bytes)"});
  if (!is_json_content_type(req))
    return send_error(res, failure{error_code::unsupported_media_type,
                                   "Content-Type must be application/json"});
  auto parsed = parse_capture_request(req.body(), config_.capture);
  if (!parsed.error.ok())
    return send_error(res, parsed.error);
  // Literal forbidden hosts are refused now; names are checked when they are
  // resolved and connected to.
  for (auto [field, url] :
       {std::pair{"url", &parsed.options.url},
        std::pair{"callbackUrl", &parsed.options.callback_url}}) {
    if (url->empty())
      continue;
    if (auto why = policy_->check_url_literal(*url); !why.empty())
      return send_error(
        res, failure{error_code::url_blocked, std::string{field} + ": " + why});
  }
  std::string idempotency_key;
  if (auto header = req.headers().tryGetRaw("Idempotency-Key")) {
    idempotency_key = header->value();
    if (idempotency_key.empty() || idempotency_key.size() > 128)
      return send_error(res, failure{error_code::invalid_request,
                                     "Idempotency-Key header must be 1 to "
                                     "128 characters"});
  }
  auto shared = std::make_shared<http_response>(std::move(res));
  ask<capture_reply>(
    system_, supervisor_, shared,
    [](http_response& out, capture_reply& reply) {
      if (!reply.error.ok())
        return send_error(out, reply.error);
      out.writer.headers().add<Http::Header::Location>(
        status_path(reply.record.id));
      send_json(out, Http::Code::Accepted,
                ok_envelope(accepted_view(reply.record)));
    },
    submit_atom::value, *owner, std::move(parsed.options), idempotency_key);
}

/// The routes on one capture: authenticate, ask the supervisor for the
/// caller's capture `id` with `Atom`, answer its error or hand the record to
/// `on_record` (on a CAF thread).
template<class Atom, class OnRecord>
void http_api::on_capture(const request& req, http_response res,
                          OnRecord on_record) {
  auto owner = authenticate(req, res);
  if (!owner)
    return;
  auto shared = std::make_shared<http_response>(std::move(res));
  ask<capture_reply>(
    system_, supervisor_, shared,
    [on_record](http_response& out, capture_reply& reply) {
      if (!reply.error.ok())
        return send_error(out, reply.error);
      on_record(out, reply.record);
    },
    Atom::value, *owner, req.param(":id").as<std::string>());
}

void http_api::remove(const request& req, http_response res) {
  on_capture<delete_atom>(
    req, std::move(res), [](http_response& out, const capture_record& record) {
      send_json(out, Http::Code::Ok,
                ok_envelope(nlohmann::ordered_json{{"captureId", record.id},
                                                   {"deleted", true}}));
    });
}

void http_api::status(const request& req, http_response res) {
  on_capture<status_atom>(req, std::move(res),
                          [base = config_.server.public_base_url](
                            http_response& out, const capture_record& record) {
                            send_json(out, Http::Code::Ok,
                                      ok_envelope(status_view(record, base)));
                          });
}

void http_api::image(const request& req, http_response res) {
  // Runs on a CAF thread: reading the file never blocks a reactor thread.
  on_capture<status_atom>(
    req, std::move(res), [](http_response& out, const capture_record& record) {
      if (record.state == capture_state::failed)
        return send_error(out, failure{error_code::capture_failed,
                                       "capture " + record.id +
                                         " failed: " + record.error.message});
      if (record.state != capture_state::completed)
        return send_error(out, failure{error_code::capture_not_ready,
                                       "capture " + record.id + " is " +
                                         to_string(record.state) +
                                         "; poll its status first"});
      std::string bytes, error;
      if (!read_file(record.image_path, bytes, error))
        return send_error(out, failure{error_code::internal, error});
      auto format = record.options.format;
      out.writer.headers()
        .add<Http::Header::ContentType>(
          Http::Mime::MediaType::fromString(mime_type(format)))
        .add<http::content_disposition>("attachment; filename=\"" + record.id +
                                        "." + to_string(format) + "\"")
        .add<http::etag>("\"" + record.id + "-" +
                         std::to_string(record.file_size) + "\"");
      send_body(out, Http::Code::Ok, bytes);
    });
}

void http_api::readyz(const request&, http_response res) {
  auto shared = std::make_shared<http_response>(std::move(res));
  ask<bool>(
    system_, supervisor_, shared,
    [](http_response& out, bool ready) {
      if (ready)
        send_json(out, Http::Code::Ok, ok_envelope({{"ready", true}}));
      else
        send_json(
          out, Http::Code::Service_Unavailable,
          nlohmann::ordered_json{
            {"status", "ERROR"},
            {"error",
             {{"code", "NOT_READY"},
              {"message",
               "no renderer is ready: still warming up, no cluster worker "
               "joined, or the server is shutting down"}}}}
            .dump());
    },
    ready_atom::value);
}

void http_api::metrics(const request&, http_response res) {
  auto shared = std::make_shared<http_response>(std::move(res));
  ask<metrics::service_gauges>(
    system_, supervisor_, shared,
    [](http_response& out, metrics::service_gauges& gauges) {
      // Count this scrape before rendering, so that it shows itself.
      out.metrics->count_http_request(out.method, out.route, 200);
      out.writer.headers().add<Http::Header::ContentType>(
        Http::Mime::MediaType::fromString("text/plain; version=0.0.4"));
      out.writer.send(Http::Code::Ok, out.metrics->exposition(gauges));
    },
    gauges_atom::value);
}

} // namespace pinhole
