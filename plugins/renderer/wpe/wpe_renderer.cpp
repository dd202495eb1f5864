#include "plugins/renderer/wpe/wpe_renderer.hpp"

namespace pinhole::wpe {

wpe_renderer_actor::behavior_type
wpe_renderer(wpe_renderer_actor::stateful_pointer<wpe_renderer_state> self,
             std::shared_ptr<wpe_host> host) {
  self->state.host = std::move(host);
  return {
    [self](render_atom, render_job& job) {
      auto promise = self->make_response_promise<render_outcome>();
      auto id = ++self->state.next_job;
      self->state.pending.emplace(id, promise);
      // The engine thread must not touch promises: it sends a message back.
      auto me = caf::actor_cast<wpe_renderer_actor>(self);
      self->state.host->submit(
        std::move(job), [me, id](render_outcome outcome) {
          caf::anon_send(me, render_done_atom::value, id, std::move(outcome));
        });
      return promise;
    },
    [self](ready_atom) { return self->state.host->ready(); },
    [self](cancel_atom, const std::string& id) {
      self->state.host->cancel(id);
    },
    [self](render_done_atom, uint64_t id, render_outcome& outcome) {
      auto found = self->state.pending.find(id);
      if (found == self->state.pending.end())
        return;
      found->second.deliver(std::move(outcome));
      self->state.pending.erase(found);
    },
  };
}

} // namespace pinhole::wpe
