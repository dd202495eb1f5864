#include "tests/support/webhook_receiver.hpp"

#include <thread>

namespace pinhole::test {

using namespace Pistache;

namespace {

std::string header(const Http::Request& req, const std::string& name) {
  auto raw = req.headers().tryGetRaw(name);
  return raw ? raw->value() : "";
}

} // namespace

webhook_receiver::webhook_receiver() {
  Rest::Routes::Post(
    router_, "/hook",
    [this](const Rest::Request& req, Http::ResponseWriter res) {
      std::lock_guard<std::mutex> guard{mutex_};
      calls_.push_back({std::chrono::steady_clock::now(),
                        header(req, "X-Pinhole-Event"),
                        header(req, "X-Pinhole-Delivery"),
                        header(req, "X-Pinhole-Signature"), req.body()});
      if (hang_) {
        hanging_.push_back(
          std::make_shared<Http::ResponseWriter>(std::move(res)));
      } else if (failures_left_ > 0) {
        --failures_left_;
        res.send(Http::Code::Internal_Server_Error, "no");
      } else {
        res.send(Http::Code::No_Content);
      }
      return Rest::Route::Result::Ok;
    });
  endpoint_ = std::make_unique<Http::Endpoint>(Address{"127.0.0.1", Port{0}});
  endpoint_->init(
    Http::Endpoint::options().threads(1).flags(Tcp::Options::ReuseAddr));
  endpoint_->setHandler(router_.handler());
  endpoint_->serveThreaded();
  port_ = static_cast<uint16_t>(endpoint_->getPort());
}

webhook_receiver::~webhook_receiver() {
  endpoint_->shutdown();
}

std::string webhook_receiver::url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/hook";
}

void webhook_receiver::fail_next(int count) {
  std::lock_guard<std::mutex> guard{mutex_};
  failures_left_ = count;
}

void webhook_receiver::never_answer(bool on) {
  std::lock_guard<std::mutex> guard{mutex_};
  hang_ = on;
}

std::vector<webhook_receiver::call> webhook_receiver::calls() {
  std::lock_guard<std::mutex> guard{mutex_};
  return calls_;
}

bool webhook_receiver::wait_calls(size_t count,
                                  std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (calls().size() >= count)
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

} // namespace pinhole::test
