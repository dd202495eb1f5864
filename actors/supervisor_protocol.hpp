#pragma once

#include <cstdint>
#include <string>

#include <caf/all.hpp>

#include "actors/capture_types.hpp"
#include "actors/renderer_protocol.hpp"

namespace pinhole {

/// Answer to submit and status requests: a failure, or the record.
struct capture_reply {
  failure error;
  capture_record record;
};

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, capture_reply& x) {
  return f(x.error, x.record);
}

/// What a capture actor reports when it is done with one attempt.
struct capture_result {
  failure error;
  std::string image_path;
  int64_t file_size = 0;
  int32_t width = 0;
  int32_t height = 0;
  int32_t http_status = 0;
  bool truncated = false;
};

template<class Inspector>
typename Inspector::result_type inspect(Inspector& f, capture_result& x) {
  return f(x.error, x.image_path, x.file_size, x.width, x.height, x.http_status,
           x.truncated);
}

using submit_atom = caf::atom_constant<caf::atom("submit")>;
using status_atom = caf::atom_constant<caf::atom("status")>;
using capture_done_atom = caf::atom_constant<caf::atom("capdone")>;

/// The supervisor as the HTTP layer sees it. `owner` is the SHA-256 of the
/// caller's API key: every lookup is scoped to it (per-key isolation).
using supervisor_actor = caf::typed_actor<
  caf::replies_to<submit_atom, std::string,
                  capture_options>::with<capture_reply>,
  caf::replies_to<status_atom, std::string, std::string>::with<capture_reply>,
  caf::replies_to<ready_atom>::with<bool>,
  caf::reacts_to<capture_done_atom, std::string, capture_result>>;

/// Registers every message type that crosses actors (needed by CAF 0.17 for
/// type-erased messages and for remote nodes; names must match everywhere).
void add_message_types(caf::actor_system_config& cfg);

} // namespace pinhole
