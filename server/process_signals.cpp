#include "server/process_signals.hpp"

#include <cerrno>
#include <csignal>
#include <ctime>
#include <iostream>
#include <semaphore.h>

#include "config/config_error.hpp"

namespace pinhole {

namespace {

sem_t signalled;
volatile std::sig_atomic_t stop_requested = 0;
volatile std::sig_atomic_t reload_requested = 0;

void on_signal(int signal) {
  if (signal == SIGHUP)
    reload_requested = 1;
  else
    stop_requested = 1;
  sem_post(&signalled); // async-signal-safe
}

} // namespace

void install_signal_handlers() {
  sem_init(&signalled, 0, 0);
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGHUP, &action, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
}

signal_news wait_for_signal(std::chrono::milliseconds timeout) {
  if (!stop_requested && !reload_requested) {
    timespec until{};
    clock_gettime(CLOCK_REALTIME, &until);
    auto ns = until.tv_nsec + (timeout.count() % 1000) * 1000000;
    until.tv_sec += timeout.count() / 1000 + ns / 1000000000;
    until.tv_nsec = ns % 1000000000;
    while (sem_timedwait(&signalled, &until) != 0 && errno == EINTR) {
      // retry
    }
  }
  if (stop_requested)
    return signal_news::stop;
  if (reload_requested) {
    reload_requested = 0;
    return signal_news::reload;
  }
  return signal_news::nothing;
}

void request_stop() {
  stop_requested = 1;
  sem_post(&signalled);
}

int run_command(const std::vector<std::string>& args, void (*print_help)(),
                const std::function<int()>& body) {
  for (const auto& arg : args)
    if (arg == "--help" || arg == "-h") {
      print_help();
      return 0;
    }
  install_signal_handlers();
  try {
    return body();
  } catch (const config_error& e) {
    std::cerr << "pinhole: configuration error: " << e.what() << std::endl;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "pinhole: cannot go on: " << e.what() << std::endl;
    return 1;
  }
}

} // namespace pinhole
