#pragma once

#include <memory>

#include <caf/all.hpp>

#include "actors/webhook_protocol.hpp"
#include "plugins/webhook/http/delivery_store.hpp"
#include "plugins/webhook/http/webhook_settings.hpp"

namespace pinhole::webhook {

/// Starts the `webhook.http` plugin: signed POSTs with exponential backoff,
/// deliveries stored in `db` (pending ones resume at once). Progress goes to
/// whoever sends deliver_atom (the supervisor) as webhook_state_atom.
webhook_actor spawn_webhook(caf::actor_system& system,
                            webhook_settings settings,
                            std::shared_ptr<delivery_store> db);

} // namespace pinhole::webhook
