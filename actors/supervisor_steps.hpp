#pragma once

// The supervisor's steps shared by its source files (capture_supervisor.cpp:
// admission, dispatch, lookups; supervisor_retention.cpp: expiry;
// supervisor_monitoring.cpp: actors that stop; supervisor_cache.cpp:
// cacheTtl). Only the supervisor's own
// files include this.

#include "actors/capture_supervisor.hpp"

namespace pinhole::supervisor {

using self_ptr = supervisor_internal::stateful_pointer<supervisor_state>;

bool unfinished(const capture_record& record);

/// Writes a changed record behind the scenes; a failure is logged (the
/// in-memory state stays authoritative until the next start).
void persist(self_ptr self, const capture_record& record);

/// cacheTtl: when an equal capture of the same owner completed recently
/// enough, `record` becomes a COMPLETED copy of it with its own name for
/// the image (deleting either never breaks the other). False: render it.
bool answer_from_cache(supervisor_state& st, capture_record& record,
                       timestamp_ms now);

/// Drops a record from memory (and from the per-key counts).
void forget_record(supervisor_state& st, const capture_record& record);

/// How a finished capture reaches retention.
enum class retention_news {
  /// It finished now: stored and handed to the webhook plugin once
  /// retention answered, with its expiresAt.
  just_finished,
  /// The store held it at start (stored and announced already): stored
  /// again only when retention gives it another expiresAt.
  known_at_start,
};

/// Tells retention about a finished capture (retention's own state is not
/// durable: at start it learns of every one again) and expires what
/// retention says must go to make room.
void retain(self_ptr self, const capture_record& record, retention_news news);

/// Carries out retention's decisions: each finished capture named expires
/// (tombstone until its forget_at, record and image removed); unknown or
/// unfinished ones are left alone. Tombstones due by `now` are dropped.
void apply_expiries(self_ptr self, const std::vector<expiry>& expiries,
                    timestamp_ms now);

/// Starts queued captures while there is room.
void dispatch(self_ptr self);

/// Answers the drain request once no capture runs any more.
void finish_drain_if_idle(self_ptr self);

/// Adds `delta` to the unfinished captures counted for `owner`.
void count_active(supervisor_state& st, const std::string& owner, int delta);

/// The running attempt of `id` is over (its slot is free); false when
/// `worker` is not that attempt's actor (deleted meanwhile, or a stale one).
bool end_attempt(supervisor_state& st, const std::string& id,
                 const caf::actor_addr& worker);

/// An attempt of `record` ended without an answer of its own (its capture
/// actor died, or the cluster node rendering it was lost): the capture is
/// queued again at the front, or fails (INTERNAL, `why` and the count) once
/// it used up capture.max_attempts. The caller ended the attempt first.
void run_again_or_fail(self_ptr self, capture_record& record,
                       const std::string& why);

/// A monitored actor stopped: a capture actor's attempt runs again (or
/// fails), a plugin's stop is reported through settings.on_plugin_down.
void on_down(self_ptr self, caf::down_msg& msg);

/// One retention sweep: asks retention what expires by now, applies it and
/// removes orphan image files.
void sweep(self_ptr self);

} // namespace pinhole::supervisor
