#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

namespace pinhole::test {

/// Children of `parent` whose command name (/proc/PID/comm) is `name`,
/// e.g. the "WPEWebProcess" engine processes of a renderer.
std::vector<pid_t> child_processes(pid_t parent, const std::string& name);

/// Sends SIGKILL to each pid; returns how many there were.
size_t kill_all(const std::vector<pid_t>& pids);

} // namespace pinhole::test
