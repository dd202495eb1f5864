#pragma once

#include "plugins/plugin.hpp"

namespace pinhole::webhook {

/// `webhook.plugin: http` (the default): signed POSTs to each capture's
/// callbackUrl with exponential backoff; its keys are webhook.secret,
/// webhook.max_attempts, webhook.retry_base, webhook.timeout and
/// webhook.concurrency.
webhook_plugin descriptor();

} // namespace pinhole::webhook
