#include "plugins/renderer/wpe/wpe_renderer.hpp"

#include "plugins/common/imaging/image_encoder.hpp"
#include "plugins/common/imaging/image_scaler.hpp"
#include "plugins/renderer/wpe/omitted_background.hpp"

namespace pinhole::wpe {

namespace {

using encode_atom = caf::atom_constant<caf::atom("encode")>;

/// Encodes one frame, answers the outcome and stops. Spawned detached:
/// encoding takes milliseconds of CPU (tens for a full page) that must
/// hold up neither the GLib thread (the views' next frames) nor CAF's
/// scheduler threads (HTTP requests, the renderer actor's next jobs). The
/// frame's pixels go back to `buffers` for the views' next frames.
caf::behavior frame_encoder(caf::event_based_actor* self,
                            std::shared_ptr<frame_outcome> done,
                            image_output output,
                            std::shared_ptr<pixel_buffer_pool> buffers) {
  return {
    [=](encode_atom) {
      render_outcome out;
      out.http_status = done->http_status;
      out.truncated = done->truncated;
      out.script_error = done->script_error;
      out.blocked_requests = done->blocked_requests;
      std::string error;
      const bgra_image* picture = &done->frame;
      bgra_image thumbnail;
      if (!output.scaling.empty()) {
        thumbnail = scale_image(done->frame, output.scaling);
        picture = &thumbnail;
      }
      if (output.omit_background) // in place: the frame's buffer is reused
        take_off_omitted_background(picture == &thumbnail ? thumbnail
                                                          : done->frame);
      out.image.bytes =
        encode_image(*picture, output.format, output.quality, error);
      out.image.format = output.format;
      out.image.width = picture->width;
      out.image.height = picture->height;
      if (out.image.bytes.empty())
        out.error = failure{error_code::internal, "encoding failed: " + error};
      buffers->give_back(std::move(done->frame.pixels));
      self->quit();
      return out;
    },
  };
}

} // namespace

wpe_renderer_actor::behavior_type
wpe_renderer(wpe_renderer_actor::stateful_pointer<wpe_renderer_state> self,
             std::shared_ptr<wpe_host> host) {
  self->state.host = std::move(host);
  return {
    [self](render_atom, render_job& job) {
      auto promise = self->make_response_promise<render_outcome>();
      auto id = ++self->state.next_job;
      self->state.pending.emplace(
        id, pending_render{promise,
                           image_output{job.format, job.quality, job.scaling,
                                        job.page.omit_background}});
      // The engine thread must not touch promises: it sends a message back.
      auto me = caf::actor_cast<wpe_renderer_actor>(self);
      self->state.host->submit(std::move(job), [me, id](frame_outcome outcome) {
        caf::anon_send(me, render_done_atom::value, id,
                       std::make_shared<frame_outcome>(std::move(outcome)));
      });
      return promise;
    },
    [self](ready_atom) { return self->state.host->ready(); },
    [self](slots_atom) { return self->state.host->slots(); },
    [self](cancel_atom, const std::string& id) {
      self->state.host->cancel(id);
    },
    [self](render_done_atom, uint64_t id, std::shared_ptr<frame_outcome> done) {
      auto found = self->state.pending.find(id);
      if (found == self->state.pending.end())
        return;
      auto job = std::move(found->second);
      self->state.pending.erase(found);
      if (!done->error.ok()) {
        render_outcome failed;
        failed.error = done->error;
        failed.http_status = done->http_status;
        job.promise.deliver(std::move(failed));
        return;
      }
      auto encoder = self->spawn<caf::detached>(
        frame_encoder, done, job.output, self->state.host->frame_buffers());
      auto promise = job.promise;
      self->request(encoder, caf::infinite, encode_atom::value)
        .then(
          [promise](render_outcome& out) mutable {
            promise.deliver(std::move(out));
          },
          [promise](caf::error& err) mutable {
            render_outcome out;
            out.error = failure{error_code::internal,
                                "encoding stopped: " + caf::to_string(err)};
            promise.deliver(std::move(out));
          });
    },
  };
}

} // namespace pinhole::wpe
