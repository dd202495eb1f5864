#include "actors/renderer_protocol.hpp"

namespace pinhole {

render_job make_render_job(const std::string& id,
                           const capture_options& options,
                           int32_t max_page_height) {
  render_job job;
  job.id = id;
  job.url = options.url;
  job.viewport_width = options.viewport_width;
  job.viewport_height = options.viewport_height;
  job.full_page = options.full_page;
  job.device_scale_factor = options.device_scale_factor;
  job.delay_ms = options.delay_ms;
  job.timeout_ms = options.timeout_ms;
  job.user_agent = options.user_agent;
  job.max_page_height = max_page_height;
  job.format = options.format;
  job.quality = options.quality;
  job.scaling = options.scaling;
  job.page = options.page;
  job.secrets = options.secrets;
  return job;
}

} // namespace pinhole
