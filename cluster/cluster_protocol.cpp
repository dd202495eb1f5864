#include "cluster/cluster_protocol.hpp"

namespace pinhole::cluster {

std::string app_identifier() {
  return "pinhole-cluster";
}

void add_message_types(caf::actor_system_config& cfg) {
  cfg.add_message_type<network::network_settings>(
    "pinhole::network::network_settings");
  cfg.add_message_type<worker_hello>("pinhole::cluster::worker_hello");
  cfg.add_message_type<hello_answer>("pinhole::cluster::hello_answer");
}

} // namespace pinhole::cluster
