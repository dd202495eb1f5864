#include "cluster/worker_agent.hpp"

namespace pinhole::cluster {

namespace {

using self_ptr = worker_agent_actor::stateful_pointer<worker_agent_state>;

void answer_drained_if_idle(self_ptr self) {
  auto& st = self->state;
  if (st.phase != agent_phase::draining || st.running > 0)
    return;
  for (auto& promise : st.drained)
    promise.deliver(true);
  st.drained.clear();
}

} // namespace

worker_agent_actor::behavior_type
worker_agent(self_ptr self, renderer_actor renderer, std::string name) {
  self->state.renderer = std::move(renderer);
  self->state.worker_name = std::move(name);
  // Without its renderer the worker has nothing to lend: stop with it (the
  // coordinator sees this actor go down and runs the jobs elsewhere).
  self->link_to(self->state.renderer);
  return {
    [self](render_atom, render_job& job) -> caf::result<render_outcome> {
      auto& st = self->state;
      if (st.phase == agent_phase::draining) {
        render_outcome out;
        out.error = failure{error_code::renderer_lost,
                            "worker " + st.worker_name + " is shutting down"};
        return out;
      }
      auto promise = self->make_response_promise<render_outcome>();
      st.running += 1;
      self->request(st.renderer, caf::infinite, render_atom::value, job)
        .then(
          [self, promise](render_outcome& out) mutable {
            promise.deliver(std::move(out));
            self->state.running -= 1;
            answer_drained_if_idle(self);
          },
          [self, promise](caf::error& err) mutable {
            render_outcome out;
            out.error = failure{error_code::internal,
                                "renderer error: " + caf::to_string(err)};
            promise.deliver(std::move(out));
            self->state.running -= 1;
            answer_drained_if_idle(self);
          });
      return promise;
    },
    [self](ready_atom) {
      return self->delegate(self->state.renderer, ready_atom::value);
    },
    [self](slots_atom) {
      return self->delegate(self->state.renderer, slots_atom::value);
    },
    [self](cancel_atom, const std::string& id) {
      self->send(self->state.renderer, cancel_atom::value, id);
    },
    [self](leave_atom) {
      auto& st = self->state;
      st.phase = agent_phase::draining;
      auto promise = self->make_response_promise<bool>();
      st.drained.push_back(promise);
      answer_drained_if_idle(self);
      return promise;
    },
  };
}

} // namespace pinhole::cluster
