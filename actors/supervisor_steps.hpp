#pragma once

// The supervisor's steps shared by its source files (capture_supervisor.cpp:
// admission, dispatch, lookups; supervisor_retention.cpp: expiry). Only the
// supervisor's own files include this.

#include "actors/capture_supervisor.hpp"

namespace pinhole::supervisor {

using self_ptr = supervisor_internal::stateful_pointer<supervisor_state>;

bool unfinished(const capture_record& record);

/// Writes a changed record behind the scenes; a failure is logged (the
/// in-memory state stays authoritative until the next start).
void persist(self_ptr self, const capture_record& record);

/// Drops a record from memory (and from the per-key counts).
void forget_record(supervisor_state& st, const capture_record& record);

/// Tells retention that `record` finished (sets its expiresAt when
/// retention knows it, expires what retention says must go to make room),
/// then stores it and hands it to the webhook plugin.
void retain_finished(self_ptr self, const capture_record& record);

/// Tells retention about a finished capture the store held at start;
/// updates its expiresAt when retention decides another one.
void rejoin_retention(self_ptr self, const capture_record& record);

/// Carries out retention's decisions: each finished capture named expires
/// (tombstone until its forget_at, record and image removed); unknown or
/// unfinished ones are left alone. Tombstones due by `now` are dropped.
void apply_expiries(self_ptr self, const std::vector<expiry>& expiries,
                    timestamp_ms now);

/// One retention sweep: asks retention what expires by now, applies it and
/// removes orphan image files.
void sweep(self_ptr self);

} // namespace pinhole::supervisor
