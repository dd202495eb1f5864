#include "actors/capture_actor.hpp"

#include <chrono>
#include <memory>

#include "actors/image_files.hpp"
#include "actors/metrics.hpp"

namespace pinhole {

namespace {

capture_result failed(error_code code, std::string message) {
  capture_result result;
  result.error = failure{code, std::move(message)};
  return result;
}

capture_result store_image(const capture_job& job, const render_outcome& out) {
  std::string error;
  auto path = job.image_dir + "/" + job.id + "." + to_string(out.image.format);
  if (!write_file_atomically(path, out.image.bytes, error))
    return failed(error_code::internal, error);
  capture_result result;
  result.image_path = path;
  result.file_size = static_cast<int64_t>(out.image.bytes.size());
  result.width = out.image.width;
  result.height = out.image.height;
  result.http_status = out.http_status;
  result.truncated = out.truncated;
  result.script_error = out.script_error;
  result.blocked_requests = out.blocked_requests;
  return result;
}

} // namespace

void capture_actor(caf::event_based_actor* self, capture_job job) {
  auto shared_job = std::make_shared<capture_job>(std::move(job));
  auto finish = [self, shared_job](capture_result result) {
    self->send(shared_job->supervisor, capture_done_atom::value, shared_job->id,
               std::move(result));
    self->quit();
  };
  // CAF 0.17 drops the promises of a dead actor silently: without this
  // monitor a crashed renderer would only show up as our own timeout.
  self->monitor(shared_job->renderer);
  self->set_down_handler([finish](caf::down_msg& msg) {
    finish(failed(error_code::render_crashed,
                  "renderer stopped: " + caf::to_string(msg.reason)));
  });
  auto budget = std::chrono::milliseconds(shared_job->options.timeout_ms +
                                          renderer_grace_ms);
  auto asked_at = std::chrono::steady_clock::now();
  auto observe = [asked_at, metrics = shared_job->metrics] {
    metrics->observe_render_seconds(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - asked_at)
        .count());
  };
  self
    ->request(shared_job->renderer, budget, render_atom::value,
              make_render_job(shared_job->id, shared_job->options,
                              shared_job->max_page_height))
    .then(
      [self, finish, shared_job, observe](render_outcome& out) {
        observe();
        // The renderer is free for the next capture while this one writes
        // its file.
        self->send(shared_job->supervisor, rendered_atom::value,
                   shared_job->id);
        if (!out.error.ok()) {
          capture_result failed;
          failed.error = out.error;
          failed.http_status = out.http_status;
          finish(std::move(failed));
        } else
          finish(store_image(*shared_job, out));
      },
      [finish, shared_job, observe](caf::error& err) {
        observe();
        if (err == caf::sec::request_timeout)
          finish(failed(error_code::timeout,
                        "the renderer did not answer within the timeout of " +
                          std::to_string(shared_job->options.timeout_ms) +
                          " ms"));
        else
          finish(failed(error_code::internal,
                        "renderer error: " + caf::to_string(err)));
      });
}

} // namespace pinhole
