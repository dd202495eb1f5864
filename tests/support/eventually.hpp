#pragma once

#include <chrono>
#include <thread>

namespace pinhole::test {

/// Waits until `condition()` holds, checking every 10 ms, for at most
/// `timeout`; returns whether it held. Tests wait for what they expect,
/// never sleep a guessed time.
template<class Condition>
bool eventually(Condition condition,
                std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
  for (auto deadline = std::chrono::steady_clock::now() + timeout;
       std::chrono::steady_clock::now() < deadline;
       std::this_thread::sleep_for(std::chrono::milliseconds(10)))
    if (condition())
      return true;
  return condition();
}

} // namespace pinhole::test
