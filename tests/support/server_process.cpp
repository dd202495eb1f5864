#include "tests/support/server_process.hpp"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <regex>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <tuple>
#include <unistd.h>

namespace pinhole::test {

std::string pinhole_binary() {
  return PINHOLE_BINARY;
}

std::string make_temp_dir(const std::string& name) {
  namespace fs = std::filesystem;
  auto dir =
    fs::path{PINHOLE_TEST_TMP} / (name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

void write_text_file(const std::string& path, const std::string& text) {
  std::ofstream out{path, std::ios::trunc};
  out << text;
}

namespace {

/// Starts `pinhole args...` with stdout and stderr into a pipe; returns the
/// child's pid and the pipe's read end.
std::pair<pid_t, int> spawn_pinhole(const std::vector<std::string>& args) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    throw std::runtime_error("pipe failed");
  pid_t pid = ::fork();
  if (pid == 0) {
    // A test that dies without its destructors (an aborted case) takes its
    // servers and workers with it instead of leaving them running.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    ::dup2(fds[1], 1);
    ::dup2(fds[1], 2);
    auto binary = pinhole_binary();
    std::vector<std::string> copy = args;
    // Services of every test share one store of compiled content filters
    // (blockAds, blockTrackers): compiled once per build, not at the
    // start of every test's service.
    if (!copy.empty() && copy.front() == "serve") {
      copy.push_back("--renderer.wpe.content_filter_dir");
      copy.push_back(std::string{PINHOLE_TEST_TMP} + "/content-filters");
    }
    std::vector<char*> argv{binary.data()};
    for (auto& arg : copy)
      argv.push_back(arg.data());
    argv.push_back(nullptr);
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  return {pid, fds[0]};
}

} // namespace

server_process::server_process(const std::vector<std::string>& args,
                               const std::string& ready_pattern) {
  std::tie(pid_, out_fd_) = spawn_pinhole(args);
  reader_ = std::thread{[this] {
    char buf[4096];
    for (;;) {
      auto n = ::read(out_fd_, buf, sizeof(buf));
      if (n <= 0)
        break;
      std::lock_guard<std::mutex> guard{mutex_};
      output_.append(buf, static_cast<size_t>(n));
    }
  }};
  std::regex listening{ready_pattern};
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch match;
    auto text = output();
    if (std::regex_search(text, match, listening)) {
      if (match.size() > 1)
        base_url_ = match[1];
      return;
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("pinhole exited at start:\n" + text);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("pinhole did not start:\n" + output());
}

bool server_process::wait_for_output(const std::string& text, int times,
                                     int timeout_ms) {
  auto deadline =
    std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    auto all = output();
    int seen = 0;
    for (auto at = all.find(text); at != std::string::npos;
         at = all.find(text, at + text.size()))
      ++seen;
    if (seen >= times)
      return true;
    if (std::chrono::steady_clock::now() >= deadline)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::pair<int, std::string> run_pinhole(const std::vector<std::string>& args,
                                        int timeout_ms) {
  pid_t pid;
  int out_fd;
  std::tie(pid, out_fd) = spawn_pinhole(args);
  std::string output;
  std::thread reader{[&] {
    char buf[4096];
    ssize_t n;
    while ((n = ::read(out_fd, buf, sizeof(buf))) > 0)
      output.append(buf, static_cast<size_t>(n));
  }};
  int status = 0;
  int code = -1;
  auto deadline =
    std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (code == -1) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
  }
  reader.join();
  ::close(out_fd);
  return {code, output};
}

server_process::~server_process() {
  if (pid_ > 0)
    stop(SIGTERM);
  if (reader_.joinable())
    reader_.join();
  if (out_fd_ >= 0)
    ::close(out_fd_);
}

std::string server_process::output() {
  std::lock_guard<std::mutex> guard{mutex_};
  return output_;
}

int server_process::stop(int signal, int timeout_ms) {
  if (pid_ <= 0)
    return -1;
  ::kill(pid_, signal);
  auto deadline =
    std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return -1;
}

} // namespace pinhole::test
