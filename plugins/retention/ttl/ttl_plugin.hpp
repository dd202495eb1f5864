#pragma once

#include "plugins/plugin.hpp"

namespace pinhole::retention {

/// `retention.plugin: ttl` (the default): finished captures expire
/// retention.ttl after they finished.
retention_plugin ttl_descriptor();

} // namespace pinhole::retention
