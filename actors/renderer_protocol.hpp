#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/capture_types.hpp"
#include "actors/error_code.hpp"

namespace pinhole {

/// A picture as a renderer answers it: an image file's bytes in `format`,
/// `width` x `height` device pixels. Renderers encode (a remote renderer
/// sends these bytes over the wire, never raw frames).
struct encoded_image {
  image_format format = image_format::png;
  int32_t width = 0;
  int32_t height = 0;
  std::vector<uint8_t> bytes;
};

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, encoded_image& x) {
  return f(x.format, x.width, x.height, x.bytes);
}

/// One picture to take. Plain data so it can cross process boundaries
/// (remote renderer workers).
struct render_job {
  /// Names the job for cancel_atom (the capture id); may be empty.
  std::string id;
  std::string url;
  int32_t viewport_width = capture_options{}.viewport_width;
  int32_t viewport_height = capture_options{}.viewport_height;
  bool full_page = false;
  double device_scale_factor = 1.0;
  int32_t delay_ms = 0;
  int32_t timeout_ms = capture_options{}.timeout_ms;
  std::string user_agent;
  /// Full-page pictures are cut at this many CSS px (capture.max_page_height).
  int32_t max_page_height = default_max_page_height;
  image_format format = capture_options{}.format;
  /// JPEG and WebP quality, 1-100.
  int32_t quality = capture_options{}.quality;
  /// The picture is scaled to this before it is encoded (thumbnails).
  image_scaling scaling;
  /// What to do to the page, and which part of it is the picture.
  page_controls page;
  /// Headers, cookies and credentials for the page (secrets: a renderer
  /// never logs them and forgets them with the job).
  page_secrets secrets;
};

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, render_job& x) {
  return f(x.id, x.url, x.viewport_width, x.viewport_height, x.full_page,
           x.device_scale_factor, x.delay_ms, x.timeout_ms, x.user_agent,
           x.max_page_height, x.format, x.quality, x.scaling, x.page,
           x.secrets);
}

render_job make_render_job(const std::string& id,
                           const capture_options& options,
                           int32_t max_page_height);

/// What a renderer answers: either an encoded image or a failure (errors as
/// values, so the message survives the trip; caf::error would drop it).
/// `http_status` is the page's main response status; `truncated` says a
/// full page was cut at max_page_height; `script_error` is what the job's
/// `js` threw (the picture is taken all the same).
struct render_outcome {
  failure error;
  encoded_image image;
  int32_t http_status = 0;
  bool truncated = false;
  std::string script_error;
  /// Requests of the page blockAds / blockTrackers blocked.
  int32_t blocked_requests = 0;
};

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, render_outcome& x) {
  return f(x.error, x.image, x.http_status, x.truncated, x.script_error,
           x.blocked_requests);
}

using render_atom = caf::atom_constant<caf::atom("render")>;
using ready_atom = caf::atom_constant<caf::atom("ready")>;
using cancel_atom = caf::atom_constant<caf::atom("cancel")>;
using slots_atom = caf::atom_constant<caf::atom("slots")>;

/// The interface every renderer plugin implements, and all the rest of the
/// service sees of one: a job in, an encoded image or a typed failure out;
/// cancel; readiness. A plugin's own messages (its engine thread's answers,
/// say) extend this type inside the plugin (typed_actor::extend). The
/// conformance suite in tests/renderer is written against this type only.
using renderer_actor = caf::typed_actor<
  caf::replies_to<render_atom, render_job>::with<render_outcome>,
  // true once the renderer can take jobs at full speed (GET /readyz)
  caf::replies_to<ready_atom>::with<bool>,
  // how many jobs it renders at once (a cluster worker announces these)
  caf::replies_to<slots_atom>::with<int32_t>,
  // drop the job with this id, queued or running; its reply is a failure
  caf::reacts_to<cancel_atom, std::string>>;

} // namespace pinhole
