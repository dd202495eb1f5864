#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace pinhole {

/// Installs handlers for SIGINT, SIGTERM (stop) and SIGHUP (reload), and
/// ignores SIGPIPE. Handlers, not a blocked signal mask: child processes
/// (WebKit's) would inherit a mask and could no longer be stopped.
void install_signal_handlers();

/// What woke wait_for_signal.
enum class signal_news { nothing, stop, reload };

/// Waits until a signal arrives, request_stop() is called or `timeout`
/// passes. A stop, once requested, is answered again on every later call.
signal_news wait_for_signal(std::chrono::milliseconds timeout);

/// Asks the waiting thread to stop as if SIGTERM arrived (any thread).
void request_stop();

/// Runs a long-running command (`pinhole serve`, `pinhole worker`): with
/// --help or -h among `args` it calls `print_help` and returns 0;
/// otherwise it installs the signal handlers, runs `body` and turns what
/// escapes it into the exit code: a config_error is 2 ("pinhole:
/// configuration error: ..."), any other exception 1 ("pinhole: cannot go
/// on: ...").
int run_command(const std::vector<std::string>& args, void (*print_help)(),
                const std::function<int()>& body);

} // namespace pinhole
