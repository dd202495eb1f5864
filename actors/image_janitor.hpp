#pragma once

#include <string>
#include <vector>

#include <caf/all.hpp>

namespace pinhole {

using remove_files_atom = caf::atom_constant<caf::atom("rmfiles")>;
using remove_orphans_atom = caf::atom_constant<caf::atom("rmorphans")>;

using image_janitor_actor = caf::typed_actor<
  caf::reacts_to<remove_files_atom, std::vector<std::string>>,
  caf::reacts_to<remove_orphans_atom, std::vector<std::string>>>;

/// Removes image files: (remove_files_atom, paths) deletes those files;
/// (remove_orphans_atom, ids of every capture still known) deletes every
/// capture file (cap_*) in `image_dir` that belongs to none of them (an orphan:
/// a crash between writing and recording, or a capture deleted mid-render); a
/// temporary file is left alone for a few minutes (its write may still be
/// running). Spawn it `detached`: it does file I/O.
image_janitor_actor::behavior_type
image_janitor(image_janitor_actor::pointer self, std::string image_dir);

} // namespace pinhole
