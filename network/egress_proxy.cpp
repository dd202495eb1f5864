#include "network/egress_proxy.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

#include <boost/asio.hpp>

#include "network/address_policy.hpp"
#include "network/proxy_request.hpp"
#include "network/refusal_log.hpp"

namespace pinhole::network {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

namespace {

struct proxy_state {
  std::shared_ptr<const address_policy> policy;
  egress_settings settings;
  std::atomic<uint64_t> refused{0};
  std::shared_ptr<refusal_log> refusals = std::make_shared<refusal_log>();
};

std::string unbracketed(const std::string& host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    return host.substr(1, host.size() - 2);
  return host;
}

/// The text of a streambuf's first `size` bytes, which it then drops.
std::string take(asio::streambuf& buffer, size_t size) {
  std::string text{asio::buffers_begin(buffer.data()),
                   asio::buffers_begin(buffer.data()) + size};
  buffer.consume(size);
  return text;
}

/// One engine connection to the proxy and, once checked, its upstream
/// connection. Everything runs on the proxy's single I/O thread, so the
/// session needs no locks; it lives as long as a handler holds it.
///
/// Keep-alive: after a bodiless HTTP/1.1 request whose answer has a known
/// length, the engine's connection takes its next request, and the upstream
/// connection is used again when that request is for the same host and
/// port (a request for another host always gets a connection of its own,
/// checked by the policy like any). Without it every request cost a new
/// connection on both sides: a TCP handshake with the page's server for
/// every resource of a plain-http page (on loopback, as in the benchmark,
/// that is too cheap to measure), and many more connections for the server
/// than a browser would open. Anything else (a request body, CONNECT
/// tunnels, upgrades, answers that end when the server closes) is one
/// answer per connection.
class session : public std::enable_shared_from_this<session> {
public:
  session(tcp::socket client, std::shared_ptr<proxy_state> state)
    : client_{std::move(client)}, upstream_{client_.get_executor()},
      resolver_{client_.get_executor()}, connect_timer_{client_.get_executor()},
      idle_timer_{client_.get_executor()},
      client_buffer_{state->settings.max_header_bytes},
      upstream_buffer_{state->settings.max_header_bytes}, state_{
                                                            std::move(state)} {}

  void start() {
    touch();
    watch_idle();
    read_request();
  }

private:
  void touch() { last_activity_ = std::chrono::steady_clock::now(); }

  void watch_idle() {
    idle_timer_.expires_at(last_activity_ + state_->settings.idle_timeout);
    idle_timer_.async_wait([self = shared_from_this()](error_code ec) {
      if (ec || self->closed_)
        return;
      if (std::chrono::steady_clock::now() - self->last_activity_ >=
          self->state_->settings.idle_timeout)
        return self->close();
      self->watch_idle();
    });
  }

  void close() {
    if (closed_)
      return;
    closed_ = true;
    error_code ignored;
    client_.close(ignored);
    upstream_.close(ignored);
    resolver_.cancel();
    connect_timer_.cancel();
    idle_timer_.cancel();
  }

  void read_request() {
    asio::async_read_until(
      client_, client_buffer_, "\r\n\r\n",
      [self = shared_from_this()](error_code ec, size_t size) {
        if (ec)
          return self->close(); // EOF, or a header over max_header_bytes
        self->touch();
        self->request_ = proxy_request{};
        auto why =
          parse_proxy_request(take(self->client_buffer_, size), self->request_);
        if (!why.empty())
          return self->answer_and_close(
            refusal_response(400, "Bad Request", proxy_failure_header, why));
        // Only a bodiless request goes on a kept connection: if the server
        // closed it meanwhile, such a request can be sent again.
        self->upstream_reused_ = self->upstream_kept_ &&
                                 self->request_.keep_alive &&
                                 self->request_.host == self->upstream_host_ &&
                                 self->request_.port == self->upstream_port_;
        if (self->upstream_reused_)
          return self->send_request();
        self->new_upstream();
      });
  }

  /// Drops the upstream connection the previous request used (if any) and
  /// resolves, checks and connects a new one for request_.
  void new_upstream() {
    upstream_kept_ = false;
    upstream_reused_ = false;
    error_code ignored;
    upstream_.close(ignored);
    candidates_.clear();
    next_candidate_ = 0;
    resolve();
  }

  void resolve() {
    resolver_.async_resolve(
      unbracketed(request_.host), std::to_string(request_.port),
      [self = shared_from_this()](error_code ec,
                                  tcp::resolver::results_type results) {
        if (self->closed_)
          return;
        if (ec)
          return self->answer_and_close(refusal_response(
            502, "Bad Gateway", proxy_failure_header,
            "cannot resolve " + self->request_.host + ": " + ec.message()));
        self->choose_addresses(results);
      });
  }

  /// Keeps the resolved addresses the policy allows, in the resolver's
  /// order; refuses the request when there is none.
  void choose_addresses(const tcp::resolver::results_type& results) {
    std::string refusal;
    for (const auto& entry : results) {
      auto endpoint = entry.endpoint();
      auto why =
        state_->policy->check(endpoint.data(), request_.host, request_.port);
      if (why.empty())
        candidates_.push_back(endpoint);
      else if (refusal.empty())
        refusal = why;
    }
    if (candidates_.empty()) {
      ++state_->refused;
      state_->refusals->remember(request_.host, request_.port, refusal);
      return answer_and_close(
        refusal_response(403, "Forbidden", blocked_header, refusal));
    }
    connect_next();
  }

  void connect_next() {
    if (next_candidate_ >= candidates_.size())
      return answer_and_close(refusal_response(
        502, "Bad Gateway", proxy_failure_header,
        "cannot connect to " + request_.host + ":" +
          std::to_string(request_.port) + ": " + last_connect_error_));
    auto endpoint = candidates_[next_candidate_++];
    error_code ignored;
    upstream_.close(ignored);
    connect_timed_out_ = false;
    connect_timer_.expires_after(state_->settings.connect_timeout);
    connect_timer_.async_wait([self = shared_from_this()](error_code ec) {
      if (!ec) {
        self->connect_timed_out_ = true;
        error_code ignored;
        self->upstream_.close(ignored); // the connect below fails
      }
    });
    upstream_.async_connect(
      endpoint, [self = shared_from_this()](error_code ec) {
        self->connect_timer_.cancel();
        if (self->closed_)
          return;
        if (ec) {
          self->last_connect_error_ =
            self->connect_timed_out_ ? "timed out" : ec.message();
          return self->connect_next();
        }
        self->touch();
        self->connected();
      });
  }

  void connected() {
    upstream_host_ = request_.host;
    upstream_port_ = request_.port;
    error_code ignored;
    upstream_.set_option(tcp::no_delay{true}, ignored);
    if (request_.is_connect)
      return send_to_client("HTTP/1.1 200 Connection established\r\n\r\n",
                            [](session& self) { self.start_tunnel(); });
    send_request();
  }

  void send_request() {
    if (request_.keep_alive) {
      // No body; bytes after the header are the engine's next request.
      auto data = std::make_shared<std::string>(request_.upstream_header);
      return asio::async_write(
        upstream_, asio::buffer(*data),
        [self = shared_from_this(), data](error_code ec, size_t) {
          if (self->closed_)
            return;
          if (ec && self->upstream_reused_)
            return self->new_upstream(); // closed while idle: a new one
          if (ec)
            return self->close();
          self->touch();
          self->read_response_header();
        });
    }
    // The request header in origin form, then any body bytes already read.
    auto header =
      request_.upstream_header + take(client_buffer_, client_buffer_.size());
    send_to_upstream(std::move(header), [](session& self) {
      self.pump(self.client_, self.upstream_, self.to_upstream_);
      self.read_response_header();
    });
  }

  void start_tunnel() {
    // Bytes the engine sent right after CONNECT (a TLS hello) go first.
    send_to_upstream(take(client_buffer_, client_buffer_.size()),
                     [](session& self) { self.relay_both_ways(); });
  }

  void relay_both_ways() {
    if (!request_.is_upgrade) // an upgraded request's pump is running
      pump(client_, upstream_, to_upstream_);
    pump(upstream_, client_, to_client_);
  }

  void read_response_header() {
    asio::async_read_until(
      upstream_, upstream_buffer_, "\r\n\r\n",
      [self = shared_from_this()](error_code ec, size_t size) {
        if (ec && self->upstream_reused_ && !self->closed_ &&
            self->upstream_buffer_.size() == 0)
          // The server closed the kept connection while it was idle: the
          // request once more on a new one (it has no body).
          return self->new_upstream();
        if (ec)
          return self->close();
        self->touch();
        self->upstream_reused_ = false;
        auto header = take(self->upstream_buffer_, size);
        auto status = response_status(header);
        if (status >= 100 && status < 200 && status != 101)
          // An interim answer (100 Continue): pass it on, then the real one.
          return self->send_to_client(std::move(header), [](session& self) {
            self.read_response_header();
          });
        auto rest = take(self->upstream_buffer_, self->upstream_buffer_.size());
        if (status == 101 && self->request_.is_upgrade)
          // The WebSocket is open: from now on the bytes are its frames.
          return self->send_to_client(
            header + rest, [](session& self) { self.relay_both_ways(); });
        auto framing = frame_response(header, self->request_.is_head);
        if (!self->request_.keep_alive || framing.body_length < 0)
          // One answer, then close (also a refused upgrade).
          return self->send_to_client(
            rewrite_response_header(header) + rest, [](session& self) {
              self.pump(self.upstream_, self.client_, self.to_client_);
            });
        auto length = static_cast<uint64_t>(framing.body_length);
        // More than the body: the server is confused, do not use it again.
        self->upstream_kept_ =
          framing.server_keeps_alive && rest.size() <= length;
        if (rest.size() > length)
          rest.resize(length);
        self->body_left_ = length - rest.size();
        self->send_to_client(rewrite_response_header(header, true) + rest,
                             [](session& self) { self.relay_body(); });
      });
  }

  /// Copies the rest of a kept answer's body (body_left_ bytes), then
  /// waits for the engine's next request.
  void relay_body() {
    if (body_left_ == 0) {
      if (!upstream_kept_) {
        error_code ignored;
        upstream_.close(ignored);
      }
      return read_request();
    }
    auto want = std::min<uint64_t>(to_client_.size(), body_left_);
    upstream_.async_read_some(
      asio::buffer(to_client_.data(), want),
      [self = shared_from_this()](error_code ec, size_t size) {
        if (ec || self->closed_)
          return self->close(); // cut short: the engine sees it too
        self->touch();
        self->body_left_ -= size;
        asio::async_write(self->client_,
                          asio::buffer(self->to_client_.data(), size),
                          [self](error_code ec, size_t) {
                            if (ec || self->closed_)
                              return self->close();
                            self->relay_body();
                          });
      });
  }

  template<class Next>
  void send_to_upstream(std::string bytes, Next next) {
    send(upstream_, std::move(bytes), next);
  }

  template<class Next>
  void send_to_client(std::string bytes, Next next) {
    send(client_, std::move(bytes), next);
  }

  template<class Next>
  void send(tcp::socket& to, std::string bytes, Next next) {
    auto data = std::make_shared<std::string>(std::move(bytes));
    asio::async_write(
      to, asio::buffer(*data),
      [self = shared_from_this(), data, next](error_code ec, size_t) {
        if (ec || self->closed_)
          return self->close();
        self->touch();
        next(*self);
      });
  }

  using chunk = std::array<char, 16384>;

  /// Copies `from` to `to` until `from` ends, which ends the session: the
  /// upstream closes after its one answer ("Connection: close"), and the
  /// engine closes once it has read it (some servers keep the connection
  /// open anyway; waiting for them would hold the engine's connection).
  void pump(tcp::socket& from, tcp::socket& to, chunk& buffer) {
    from.async_read_some(
      asio::buffer(buffer), [self = shared_from_this(), &from, &to,
                             &buffer](error_code ec, size_t size) {
        if (self->closed_)
          return;
        if (ec)
          return self->close();
        self->touch();
        asio::async_write(to, asio::buffer(buffer.data(), size),
                          [self, &from, &to, &buffer](error_code ec, size_t) {
                            if (ec || self->closed_)
                              return self->close();
                            self->pump(from, to, buffer);
                          });
      });
  }

  void answer_and_close(std::string answer) {
    send_to_client(std::move(answer), [](session& self) {
      error_code ignored;
      self.client_.shutdown(tcp::socket::shutdown_send, ignored);
      self.close();
    });
  }

  tcp::socket client_;
  tcp::socket upstream_;
  tcp::resolver resolver_;
  asio::steady_timer connect_timer_;
  asio::steady_timer idle_timer_;
  asio::streambuf client_buffer_;
  asio::streambuf upstream_buffer_;
  std::shared_ptr<proxy_state> state_;
  proxy_request request_;
  std::vector<tcp::endpoint> candidates_;
  size_t next_candidate_ = 0;
  std::string last_connect_error_;
  bool connect_timed_out_ = false;
  // The upstream connection: whom it is for, and whether it may carry the
  // next request (keep-alive) or is carrying this one again.
  std::string upstream_host_;
  int upstream_port_ = 0;
  bool upstream_kept_ = false;
  bool upstream_reused_ = false;
  uint64_t body_left_ = 0; // of the kept answer being relayed
  chunk to_upstream_;
  chunk to_client_;
  std::chrono::steady_clock::time_point last_activity_;
  bool closed_ = false;
};

} // namespace

struct egress_proxy::impl {
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  std::shared_ptr<proxy_state> state = std::make_shared<proxy_state>();
  std::thread thread;

  void accept() {
    acceptor.async_accept([this](error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open())
        return;
      if (!ec) {
        error_code ignored;
        socket.set_option(tcp::no_delay{true}, ignored);
        std::make_shared<session>(std::move(socket), state)->start();
      }
      accept();
    });
  }
};

egress_proxy::egress_proxy(std::shared_ptr<const address_policy> policy,
                           egress_settings settings)
  : impl_{std::make_unique<impl>()} {
  impl_->state->policy = std::move(policy);
  impl_->state->settings = settings;
  try {
    tcp::endpoint endpoint{asio::ip::make_address("127.0.0.1"), 0};
    impl_->acceptor.open(endpoint.protocol());
    impl_->acceptor.bind(endpoint);
    impl_->acceptor.listen();
  } catch (const boost::system::system_error& e) {
    throw std::runtime_error(std::string{"egress proxy cannot listen: "} +
                             e.what());
  }
  impl_->accept();
  impl_->thread = std::thread{[this] { impl_->io.run(); }};
}

egress_proxy::~egress_proxy() {
  asio::post(impl_->io, [this] {
    error_code ignored;
    impl_->acceptor.close(ignored);
  });
  impl_->io.stop();
  impl_->thread.join();
}

std::string egress_proxy::url() const {
  return "http://127.0.0.1:" +
         std::to_string(impl_->acceptor.local_endpoint().port());
}

uint64_t egress_proxy::refused_count() const {
  return impl_->state->refused.load();
}

egress_access egress_proxy::access() const {
  return egress_access{url(), impl_->state->refusals};
}

} // namespace pinhole::network
