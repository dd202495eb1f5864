#pragma once

#include <mutex>
#include <string>
#include <sys/types.h>
#include <thread>
#include <vector>

namespace pinhole::test {

/// The real `pinhole` binary started as a child process (`pinhole serve`,
/// or any command with `ready_pattern`). Waits until its output matches
/// the pattern (by default the listening address of `pinhole serve`);
/// stops it with SIGTERM (SIGKILL after 10 s) when destroyed.
class server_process {
public:
  explicit server_process(
    const std::vector<std::string>& args,
    const std::string& ready_pattern = "listening on (http://[^\\s]+)");
  ~server_process();

  server_process(const server_process&) = delete;
  server_process& operator=(const server_process&) = delete;

  /// "http://127.0.0.1:PORT": what the ready pattern's first group
  /// matched.
  const std::string& base_url() const { return base_url_; }

  /// Waits (up to `timeout_ms`) until `text` occurs at least `times` times
  /// in the output.
  bool wait_for_output(const std::string& text, int times = 1,
                       int timeout_ms = 30000);

  pid_t pid() const { return pid_; }

  /// Everything the process printed so far (stdout and stderr).
  std::string output();

  /// Sends `signal` and waits (up to `timeout_ms`) for the exit status.
  /// Returns the exit code, 128+signal when killed, -1 on timeout.
  int stop(int signal, int timeout_ms = 10000);

private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string base_url_;
  std::mutex mutex_;
  std::string output_;
  std::thread reader_;
};

/// Runs `pinhole args...` to completion (at most `timeout_ms`); returns its
/// exit code (-1 on timeout) and everything it printed.
std::pair<int, std::string> run_pinhole(const std::vector<std::string>& args,
                                        int timeout_ms = 60000);

/// The pinhole binary this test build made.
std::string pinhole_binary();

/// A fresh empty folder under the build tree.
std::string make_temp_dir(const std::string& name);

/// Writes `text` to `path`.
void write_text_file(const std::string& path, const std::string& text);

} // namespace pinhole::test
