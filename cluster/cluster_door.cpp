#include "cluster/cluster_door.hpp"

#include <functional>
#include <iostream>

#include <caf/io/middleman.hpp>
#include <caf/io/middleman_actor.hpp>

namespace pinhole::cluster {

namespace {

/// Calls `done` with the name the worker that owns `peer` goes by
/// ("NAME@ADDRESS") and an empty failure, or with why it may not join.
void check_peer(door_actor::pointer self, const door_settings& settings,
                const worker_hello& hello, const caf::actor& peer,
                std::function<void(std::string, failure)> done) {
  if (hello.protocol != protocol_version) {
    auto why = "worker " + hello.name + " speaks cluster protocol " +
               std::to_string(hello.protocol) + ", this coordinator " +
               std::to_string(protocol_version) +
               ": run the same Pinhole version on both";
    std::cerr << "pinhole: cluster: refused: " << why << std::endl;
    done(hello.name, failure{error_code::invalid_request, why});
    return;
  }
  // CAF 0.17 does not show a remote sender to this handler: the worker
  // names an actor of its own, and its node is the peer whose address is
  // checked. A handle of this process (the door's own, say) is refused.
  if (!peer || peer.node() == self->node()) {
    done(hello.name, failure{error_code::unauthorized,
                             "a worker must name an actor of its own node"});
    return;
  }
  auto middleman = self->home_system().middleman().actor_handle();
  auto allowlist = settings.allowlist;
  bool tls = settings.tls;
  self->request(middleman, caf::infinite, caf::get_atom::value, peer.node())
    .then(
      [done, allowlist, tls, hello](const caf::node_id&,
                                    const std::string& address, uint16_t) {
        auto name = hello.name + "@" + address;
        if (tls || allowlist->allows(address)) {
          done(name, {});
          return;
        }
        auto why = "worker " + name +
                   " may not join: the cluster link has no TLS and " + address +
                   " is neither loopback nor in cluster.allow";
        std::cerr << "pinhole: cluster: refused: " << why << std::endl;
        done(name, failure{error_code::unauthorized, why});
      },
      [done, hello](caf::error& err) {
        done(hello.name, failure{error_code::internal,
                                 "cannot tell the worker's address: " +
                                   caf::to_string(err)});
      });
}

} // namespace

door_actor::behavior_type cluster_door(door_actor::pointer self,
                                       renderer_pool_actor pool,
                                       door_settings settings) {
  return {
    [self, settings](hello_atom, const worker_hello& hello,
                     const caf::actor& peer) {
      auto promise = self->make_response_promise<hello_answer>();
      check_peer(self, settings, hello, peer,
                 [promise, settings](std::string, failure refused) mutable {
                   hello_answer answer;
                   answer.error = std::move(refused);
                   if (answer.error.ok())
                     answer.policy = settings.policy;
                   promise.deliver(std::move(answer));
                 });
      return promise;
    },
    [self, settings, pool](join_atom, const worker_hello& hello,
                           caf::actor renderer, int32_t slots) {
      auto promise = self->make_response_promise<failure>();
      check_peer(
        self, settings, hello, renderer,
        [self, promise, pool, renderer, slots](std::string name,
                                               failure refused) mutable {
          if (!refused.ok()) {
            promise.deliver(std::move(refused));
            return;
          }
          self
            ->request(pool, caf::infinite, add_node_atom::value, name, renderer,
                      slots)
            .then(
              [promise](failure& f) mutable { promise.deliver(std::move(f)); },
              [promise](caf::error& err) mutable {
                promise.deliver(
                  failure{error_code::internal, caf::to_string(err)});
              });
        });
      return promise;
    },
    [self, pool](leave_atom, caf::actor renderer) {
      self->send(pool, leave_atom::value, std::move(renderer));
    },
  };
}

} // namespace pinhole::cluster
