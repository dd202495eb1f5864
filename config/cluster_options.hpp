#pragma once

#include <boost/program_options.hpp>

#include "config/settings.hpp"

namespace pinhole {

/// Declares the `cluster.*` keys with the defaults of cluster_settings.
void add_cluster_options(boost::program_options::options_description& desc);

/// Reads and checks the `cluster.*` keys; throws config_error naming the
/// key.
cluster_settings cluster_from(const boost::program_options::variables_map& vm);

} // namespace pinhole
