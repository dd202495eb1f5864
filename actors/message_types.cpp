#include <vector>

#include "actors/retention_protocol.hpp"
#include "actors/store_protocol.hpp"
#include "actors/supervisor_protocol.hpp"

namespace pinhole {

void add_message_types(caf::actor_system_config& cfg) {
  cfg.add_message_type<failure>("pinhole::failure");
  cfg.add_message_type<capture_options>("pinhole::capture_options");
  cfg.add_message_type<capture_record>("pinhole::capture_record");
  cfg.add_message_type<capture_reply>("pinhole::capture_reply");
  cfg.add_message_type<capture_result>("pinhole::capture_result");
  cfg.add_message_type<std::vector<capture_record>>(
    "std::vector<pinhole::capture_record>");
  cfg.add_message_type<retained_capture>("pinhole::retained_capture");
  cfg.add_message_type<expiry>("pinhole::expiry");
  cfg.add_message_type<std::vector<expiry>>("std::vector<pinhole::expiry>");
  cfg.add_message_type<retention_verdict>("pinhole::retention_verdict");
  cfg.add_message_type<tombstone_record>("pinhole::tombstone_record");
  cfg.add_message_type<std::vector<tombstone_record>>(
    "std::vector<pinhole::tombstone_record>");
  cfg.add_message_type<stored_state>("pinhole::stored_state");
  cfg.add_message_type<metrics::service_gauges>("pinhole::service_gauges");
  cfg.add_message_type<encoded_image>("pinhole::encoded_image");
  cfg.add_message_type<render_job>("pinhole::render_job");
  cfg.add_message_type<render_outcome>("pinhole::render_outcome");
}

void configure_actor_system(caf::actor_system_config& cfg) {
  add_message_types(cfg);
  cfg.set("scheduler.policy", caf::atom("sharing"));
}

} // namespace pinhole
