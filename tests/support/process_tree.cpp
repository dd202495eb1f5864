#include "tests/support/process_tree.hpp"

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace pinhole::test {

std::vector<pid_t> child_processes(pid_t parent, const std::string& name) {
  std::vector<pid_t> result;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    auto pid_text = entry.path().filename().string();
    if (pid_text.find_first_not_of("0123456789") != std::string::npos)
      continue;
    std::ifstream stat{entry.path() / "stat"};
    std::string line;
    if (!std::getline(stat, line))
      continue;
    // pid (comm) state ppid ...; comm may hold spaces, so cut at ") ".
    auto close = line.rfind(") ");
    auto open = line.find(" (");
    if (close == std::string::npos || open == std::string::npos)
      continue;
    auto comm = line.substr(open + 2, close - open - 2);
    std::istringstream rest{line.substr(close + 2)};
    char state;
    pid_t ppid = 0;
    rest >> state >> ppid;
    if (ppid == parent && comm == name && state != 'Z')
      result.push_back(static_cast<pid_t>(std::stoi(pid_text)));
  }
  return result;
}

size_t kill_all(const std::vector<pid_t>& pids) {
  for (auto pid : pids)
    ::kill(pid, SIGKILL);
  return pids.size();
}

} // namespace pinhole::test
