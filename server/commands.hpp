#pragma once

#include <string>
#include <vector>

namespace pinhole {

/// `pinhole serve`: the HTTP service. Returns the process exit code.
int run_serve(const std::vector<std::string>& args);

/// `pinhole capture URL -o FILE`: one screenshot with the real renderer, no
/// server.
int run_capture(const std::vector<std::string>& args);

/// `pinhole keys create --name NAME`: prints a new API key, stores its hash.
int run_keys(const std::vector<std::string>& args);

/// `pinhole worker --connect HOST:PORT`: a cluster's renderer node.
int run_worker(const std::vector<std::string>& args);

} // namespace pinhole
