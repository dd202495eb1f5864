#pragma once

#include "plugins/plugin.hpp"

namespace pinhole::retention {

/// `retention.plugin: quota`: finished captures are kept until
/// retention.quota.max_bytes or retention.quota.max_captures would be
/// exceeded, then the oldest expire first.
retention_plugin quota_descriptor();

} // namespace pinhole::retention
