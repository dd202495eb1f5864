#include "cluster/renderer_pool.hpp"

#include <iostream>

#include "actors/capture_actor.hpp"

namespace pinhole::cluster {

namespace {

using self_ptr = renderer_pool_actor::stateful_pointer<renderer_pool_state>;

int32_t total_slots(const renderer_pool_state& st) {
  int32_t total = 0;
  for (const auto& [addr, node] : st.nodes)
    if (!node.leaving)
      total += node.slots;
  return total;
}

/// Tells the watcher the slot count when it changed, and the metrics what
/// each node has now. Called once after every change of the nodes or of
/// their busy slots.
void publish(self_ptr self) {
  auto& st = self->state;
  auto total = total_slots(st);
  if (st.watcher && total != st.announced_slots) {
    caf::anon_send(st.watcher, slots_atom::value, total);
    st.announced_slots = total;
  }
  auto gauges = st.history;
  for (auto& [name, gauge] : gauges)
    gauge.joined = false;
  for (const auto& [addr, node] : st.nodes) {
    auto& gauge = gauges[node.name];
    gauge.joined = !node.leaving;
    gauge.slots = node.slots;
    gauge.busy = node.busy;
  }
  st.metrics->set_cluster_nodes(std::move(gauges));
}

/// The node with the most free slots that takes new jobs, or nullptr.
pool_node* freest_node(renderer_pool_state& st) {
  pool_node* best = nullptr;
  for (auto& [addr, node] : st.nodes) {
    if (node.leaving || node.busy >= node.slots)
      continue;
    if (!best || node.slots - node.busy > best->slots - best->busy)
      best = &node;
  }
  return best;
}

void settle(self_ptr self, uint64_t run, const caf::actor_addr& node,
            render_outcome outcome);

/// Hands waiting jobs to nodes with free slots (the caller publishes).
void pump(self_ptr self) {
  auto& st = self->state;
  while (!st.waiting.empty()) {
    auto* node = freest_node(st);
    if (!node)
      break;
    auto run = st.waiting.front();
    st.waiting.pop_front();
    auto found = st.jobs.find(run);
    if (found == st.jobs.end())
      continue; // cancelled while it waited
    auto& job = found->second;
    job.node = node->renderer.address();
    node->busy += 1;
    st.history[node->name].dispatches += 1;
    auto addr = job.node;
    // The capture actor waits timeout + grace; a node that neither answers
    // nor is lost frees its slot a little after that.
    auto budget =
      std::chrono::milliseconds(job.job.timeout_ms + 2 * renderer_grace_ms);
    self->request(node->renderer, budget, render_atom::value, job.job)
      .then([self, run, addr](
              render_outcome& out) { settle(self, run, addr, std::move(out)); },
            [self, run, addr](caf::error& err) {
              render_outcome out;
              out.error = failure{error_code::internal,
                                  "renderer error: " + caf::to_string(err)};
              settle(self, run, addr, std::move(out));
            });
  }
}

/// The answer of run `run` on `node`: delivered, unless the run is over
/// already (its node was lost and the capture went back to the queue).
void settle(self_ptr self, uint64_t run, const caf::actor_addr& node,
            render_outcome outcome) {
  auto& st = self->state;
  auto found = st.jobs.find(run);
  if (found == st.jobs.end() || found->second.node != node)
    return; // a late answer of a lost node
  found->second.promise.deliver(std::move(outcome));
  st.jobs.erase(found);
  auto owner = st.nodes.find(node);
  if (owner != st.nodes.end())
    owner->second.busy -= 1;
  pump(self);
  publish(self);
}

void on_node_down(self_ptr self, const caf::down_msg& msg) {
  auto& st = self->state;
  auto found = st.nodes.find(msg.source);
  if (found == st.nodes.end())
    return;
  if (found->second.local) {
    // The service cannot render without it: the supervisor sees the pool
    // stop and stops the server, as without a cluster.
    self->quit(msg.reason);
    return;
  }
  auto name = found->second.name;
  bool left = found->second.leaving;
  st.nodes.erase(found);
  int lost = 0;
  for (auto i = st.jobs.begin(); i != st.jobs.end();) {
    if (i->second.node != msg.source) {
      ++i;
      continue;
    }
    render_outcome out;
    out.error =
      failure{error_code::renderer_lost, "worker " + name + " was lost (" +
                                           caf::to_string(msg.reason) + ")"};
    i->second.promise.deliver(std::move(out));
    i = st.jobs.erase(i);
    ++lost;
  }
  st.history[name].losses += static_cast<uint64_t>(lost);
  std::cerr << "pinhole: cluster: worker " << name
            << (left ? " left" : " was lost") << " ("
            << caf::to_string(msg.reason) << ")";
  if (lost > 0)
    std::cerr << "; " << lost << " of its captures run again elsewhere";
  std::cerr << std::endl;
  pump(self);
  publish(self);
}

renderer_pool_actor::behavior_type
renderer_pool(self_ptr self, renderer_actor local, int32_t local_slots,
              std::shared_ptr<metrics::registry> metrics) {
  auto& st = self->state;
  st.metrics = std::move(metrics);
  if (local) {
    self->monitor(local);
    st.nodes.emplace(local.address(),
                     pool_node{"local", local, local_slots, 0, true, false});
  }
  self->set_down_handler(
    [self](caf::down_msg& msg) { on_node_down(self, msg); });
  publish(self);
  return {
    [self](render_atom, render_job& job) {
      auto& st = self->state;
      auto promise = self->make_response_promise<render_outcome>();
      auto run = ++st.next_run;
      st.jobs.emplace(run, pool_job{std::move(job), promise, {}, run});
      st.waiting.push_back(run);
      pump(self);
      publish(self);
      return promise;
    },
    [self](ready_atom) -> caf::result<bool> {
      // Any worker takes jobs at once (it joins only when warm); the
      // local renderer says for itself.
      renderer_actor local;
      for (const auto& [addr, node] : self->state.nodes) {
        if (!node.leaving && !node.local)
          return true;
        if (node.local)
          local = node.renderer;
      }
      if (!local)
        return false;
      return self->delegate(local, ready_atom::value);
    },
    [self](slots_atom) { return total_slots(self->state); },
    [self](cancel_atom, const std::string& id) {
      auto& st = self->state;
      for (auto i = st.jobs.begin(); i != st.jobs.end(); ++i) {
        if (i->second.job.id != id)
          continue;
        auto node = st.nodes.find(i->second.node);
        if (node != st.nodes.end()) {
          // Its renderer answers the cancelled job; that frees the slot.
          self->send(node->second.renderer, cancel_atom::value, id);
          return;
        }
        render_outcome out;
        out.error = failure{error_code::internal, "cancelled"};
        i->second.promise.deliver(std::move(out));
        st.jobs.erase(i);
        return;
      }
    },
    [self](add_node_atom, const std::string& name, caf::actor renderer,
           int32_t slots) -> failure {
      auto& st = self->state;
      if (!renderer || slots < 1)
        return failure{error_code::invalid_request,
                       "a node joins with a renderer and at least one slot"};
      auto typed = caf::actor_cast<renderer_actor>(renderer);
      if (st.nodes.count(typed.address()))
        return {};
      self->monitor(typed);
      st.nodes.emplace(typed.address(),
                       pool_node{name, typed, slots, 0, false, false});
      std::cout << "pinhole: cluster: worker " << name << " joined with "
                << slots << " slots" << std::endl;
      pump(self);
      publish(self);
      return {};
    },
    [self](leave_atom, caf::actor renderer) {
      auto& st = self->state;
      auto found = st.nodes.find(renderer.address());
      if (found == st.nodes.end() || found->second.local)
        return;
      found->second.leaving = true;
      std::cout << "pinhole: cluster: worker " << found->second.name
                << " is leaving (" << found->second.busy
                << " captures still running there)" << std::endl;
      publish(self);
    },
    [self](watch_atom, caf::actor watcher) {
      self->state.watcher = std::move(watcher);
      self->state.announced_slots = -1; // a new watcher is told at once
      publish(self);
    },
  };
}

} // namespace

renderer_pool_actor
spawn_renderer_pool(caf::actor_system& system, renderer_actor local,
                    int32_t local_slots,
                    std::shared_ptr<metrics::registry> metrics) {
  return system.spawn(renderer_pool, std::move(local), local_slots,
                      std::move(metrics));
}

} // namespace pinhole::cluster
