#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <pistache/endpoint.h>
#include <pistache/router.h>

namespace pinhole::test {

/// A webhook receiver on 127.0.0.1 (port 0) that records every POST to
/// /hook and can fail on purpose: answer 500 to the next N calls, or never
/// answer at all.
class webhook_receiver {
public:
  struct call {
    std::chrono::steady_clock::time_point at;
    std::string event;
    std::string delivery;
    std::string signature;
    std::string body;
  };

  webhook_receiver();
  ~webhook_receiver();

  std::string url() const;
  void fail_next(int count);
  void never_answer(bool on);
  std::vector<call> calls();
  /// Waits until at least `count` calls arrived (false after `timeout`).
  bool wait_calls(size_t count, std::chrono::milliseconds timeout);

private:
  Pistache::Rest::Router router_;
  std::unique_ptr<Pistache::Http::Endpoint> endpoint_;
  uint16_t port_ = 0;
  std::mutex mutex_;
  std::vector<call> calls_;
  int failures_left_ = 0;
  bool hang_ = false;
  std::vector<std::shared_ptr<Pistache::Http::ResponseWriter>> hanging_;
};

} // namespace pinhole::test
