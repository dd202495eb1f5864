// The cluster's parts in one process: what crosses the wire survives CAF's
// serialization, who may join, and how the renderer pool dispatches and
// handles a lost node (fake renderers; the real processes are in
// tests/integration/cluster_test.cpp).

#define BOOST_TEST_MODULE cluster units
#include <boost/test/unit_test.hpp>

#include <caf/all.hpp>
#include <caf/binary_deserializer.hpp>
#include <caf/binary_serializer.hpp>

#include "actors/supervisor_protocol.hpp"
#include "cluster/cluster_protocol.hpp"
#include "cluster/peer_allowlist.hpp"
#include "cluster/renderer_pool.hpp"
#include "config/config_error.hpp"

using namespace pinhole;
using namespace std::chrono_literals;

namespace {

struct wire_system {
  caf::actor_system_config cfg;
  std::unique_ptr<caf::actor_system> system;
  wire_system() {
    add_message_types(cfg);
    cluster::add_message_types(cfg);
    system = std::make_unique<caf::actor_system>(cfg);
  }
};

/// `x` written with CAF's binary serializer (what BASP puts on the wire)
/// and read back as a fresh value.
template<class T>
T round_trip(caf::actor_system& system, T x) {
  std::vector<char> buffer;
  caf::binary_serializer out{system, buffer};
  BOOST_REQUIRE(!out(x));
  T back;
  caf::binary_deserializer in{system, buffer};
  BOOST_REQUIRE(!in(back));
  return back;
}

} // namespace

BOOST_FIXTURE_TEST_CASE(every_message_that_crosses_the_wire_survives_it,
                        wire_system) {
  render_job job;
  job.id = "cap_0123456789ab";
  job.url = "http://example.test/a?b=c";
  job.viewport_width = 321;
  job.viewport_height = 123;
  job.full_page = true;
  job.device_scale_factor = 2.5;
  job.delay_ms = 40;
  job.timeout_ms = 7000;
  job.user_agent = "PinholeUA/1";
  job.max_page_height = 999;
  job.format = image_format::webp;
  job.quality = 55;
  job.scaling = image_scaling{400, 210, image_fit::fill};
  job.page.selector = "#card";
  job.page.clip = css_rect{1, 2, 3, 4};
  job.page.wait_for_selector = ".ready";
  job.page.hide_selectors = {".ad", ".banner"};
  job.page.css = "body { color: red }";
  job.page.js = "document.title = 'x'";
  job.page.block_ads = true;
  job.page.block_trackers = true;
  job.secrets.headers = {{"Authorization", "Bearer t"}};
  page_cookie cookie;
  cookie.name = "s";
  cookie.value = "v";
  cookie.http_only = true;
  cookie.expires = 2000000000;
  job.secrets.cookies = {cookie};
  job.secrets.http_auth = {"alice", "pw"};
  auto job_back = round_trip(*system, job);
  BOOST_TEST(job_back.id == job.id);
  BOOST_TEST(job_back.url == job.url);
  BOOST_TEST(job_back.viewport_width == 321);
  BOOST_TEST(job_back.viewport_height == 123);
  BOOST_TEST(job_back.full_page);
  BOOST_TEST(job_back.device_scale_factor == 2.5);
  BOOST_TEST(job_back.delay_ms == 40);
  BOOST_TEST(job_back.timeout_ms == 7000);
  BOOST_TEST(job_back.user_agent == "PinholeUA/1");
  BOOST_TEST(job_back.max_page_height == 999);
  BOOST_TEST((job_back.format == image_format::webp));
  BOOST_TEST(job_back.quality == 55);
  BOOST_TEST(job_back.scaling.width == 400);
  BOOST_TEST(job_back.scaling.height == 210);
  BOOST_TEST((job_back.scaling.fit == image_fit::fill));
  BOOST_TEST(job_back.page.selector == "#card");
  BOOST_TEST(job_back.page.clip.x == 1);
  BOOST_TEST(job_back.page.clip.height == 4);
  BOOST_TEST(job_back.page.wait_for_selector == ".ready");
  BOOST_TEST(job_back.page.hide_selectors == job.page.hide_selectors,
             boost::test_tools::per_element());
  BOOST_TEST(job_back.page.css == job.page.css);
  BOOST_TEST(job_back.page.js == job.page.js);
  BOOST_TEST(job_back.page.block_ads);
  BOOST_TEST(job_back.page.block_trackers);
  BOOST_REQUIRE_EQUAL(job_back.secrets.headers.size(), 1u);
  BOOST_TEST(job_back.secrets.headers[0].value == "Bearer t");
  BOOST_REQUIRE_EQUAL(job_back.secrets.cookies.size(), 1u);
  BOOST_TEST(job_back.secrets.cookies[0].http_only);
  BOOST_TEST(job_back.secrets.cookies[0].expires == 2000000000);
  BOOST_TEST(job_back.secrets.http_auth.password == "pw");

  render_outcome outcome;
  outcome.image.format = image_format::jpeg;
  outcome.image.width = 640;
  outcome.image.height = 480;
  for (int i = 0; i < 70000; ++i)
    outcome.image.bytes.push_back(static_cast<uint8_t>(i * 7));
  outcome.http_status = 404;
  outcome.truncated = true;
  outcome.script_error = "ReferenceError: nope";
  outcome.blocked_requests = 3;
  auto outcome_back = round_trip(*system, outcome);
  BOOST_TEST((outcome_back.image.format == image_format::jpeg));
  BOOST_TEST(outcome_back.image.width == 640);
  BOOST_TEST(outcome_back.image.height == 480);
  BOOST_TEST((outcome_back.image.bytes == outcome.image.bytes));
  BOOST_TEST(outcome_back.http_status == 404);
  BOOST_TEST(outcome_back.truncated);
  BOOST_TEST(outcome_back.script_error == "ReferenceError: nope");
  BOOST_TEST(outcome_back.blocked_requests == 3);

  render_outcome failed;
  failed.error = failure{error_code::renderer_lost, "worker w was lost", 3};
  auto failed_back = round_trip(*system, failed);
  BOOST_TEST((failed_back.error.code == error_code::renderer_lost));
  BOOST_TEST(failed_back.error.message == "worker w was lost");
  BOOST_TEST(failed_back.error.retry_after_s == 3);

  cluster::worker_hello hello{7, "host:42"};
  auto hello_back = round_trip(*system, hello);
  BOOST_TEST(hello_back.protocol == 7);
  BOOST_TEST(hello_back.name == "host:42");

  cluster::hello_answer answer;
  answer.error = failure{error_code::unauthorized, "no"};
  answer.policy.allow_private = true;
  answer.policy.allow = {"10.0.0.0/8", "127.0.0.1:8000"};
  auto answer_back = round_trip(*system, answer);
  BOOST_TEST((answer_back.error.code == error_code::unauthorized));
  BOOST_TEST(answer_back.error.message == "no");
  BOOST_TEST(answer_back.policy.allow_private);
  BOOST_TEST((answer_back.policy.allow == answer.policy.allow));
}

BOOST_AUTO_TEST_CASE(loopback_and_the_listed_cidrs_may_join_nothing_else) {
  cluster::peer_allowlist none{{}};
  BOOST_TEST(none.allows("127.0.0.1"));
  BOOST_TEST(none.allows("127.4.5.6"));
  BOOST_TEST(none.allows("::1"));
  BOOST_TEST(!none.allows("10.1.2.3"));
  BOOST_TEST(!none.allows("8.8.8.8"));
  BOOST_TEST(!none.allows("::ffff:10.1.2.3"));
  BOOST_TEST(!none.allows("not an address"));
  cluster::peer_allowlist some{{"10.1.0.0/16", "fd00::/8", "192.0.2.7"}};
  BOOST_TEST(some.allows("10.1.200.3"));
  BOOST_TEST(!some.allows("10.2.0.1"));
  BOOST_TEST(some.allows("fd12::1"));
  BOOST_TEST(!some.allows("fe80::1"));
  BOOST_TEST(some.allows("192.0.2.7"));
  BOOST_TEST(!some.allows("192.0.2.8"));
  BOOST_CHECK_THROW(cluster::peer_allowlist({"10.0.0.0/33"}), config_error);
  BOOST_CHECK_THROW(cluster::peer_allowlist({"intranet"}), config_error);
  BOOST_CHECK_THROW(cluster::peer_allowlist({"10.0.0.0/"}), config_error);
}

// -- the renderer pool with fake renderers --

namespace {

using hold_atom = caf::atom_constant<caf::atom("hold")>;
using release_atom = caf::atom_constant<caf::atom("releaseall")>;

/// A renderer that holds every job until told to release them all; each
/// answer's http_status is `tag`, so a test sees which node rendered.
struct held_state {
  std::vector<caf::typed_response_promise<render_outcome>> held;
  static inline const char* name = "held_renderer";
};

caf::behavior held_renderer(caf::stateful_actor<held_state>* self, int32_t tag,
                            int32_t slots) {
  return {
    [self](render_atom, render_job&) {
      auto promise = self->make_response_promise<render_outcome>();
      self->state.held.push_back(promise);
      return promise;
    },
    [](ready_atom) { return true; },
    [slots](slots_atom) { return slots; },
    [](cancel_atom, const std::string&) {},
    [self](hold_atom) { return static_cast<int32_t>(self->state.held.size()); },
    [self, tag](release_atom) {
      for (auto& promise : self->state.held) {
        render_outcome out;
        out.http_status = tag;
        promise.deliver(out);
      }
      self->state.held.clear();
    },
  };
}

/// Records every slot total the pool announces.
struct watcher_state {
  std::vector<int32_t> totals;
  static inline const char* name = "slot_watcher";
};

caf::behavior slot_watcher(caf::stateful_actor<watcher_state>* self) {
  return {
    [self](slots_atom, int32_t total) { self->state.totals.push_back(total); },
    [self](hold_atom) {
      return self->state.totals.empty() ? int32_t{-1}
                                        : self->state.totals.back();
    },
  };
}

struct pool_fixture {
  caf::actor_system_config cfg;
  std::unique_ptr<caf::actor_system> system;
  std::unique_ptr<caf::scoped_actor> self;
  pool_fixture() {
    add_message_types(cfg);
    cluster::add_message_types(cfg);
    system = std::make_unique<caf::actor_system>(cfg);
    self = std::make_unique<caf::scoped_actor>(*system);
  }
  ~pool_fixture() {
    for (auto& actor : started)
      caf::anon_send_exit(actor, caf::exit_reason::user_shutdown);
  }
  std::vector<caf::actor> started;

  caf::actor held(int32_t tag, int32_t slots) {
    auto actor = system->spawn(held_renderer, tag, slots);
    started.push_back(actor);
    return actor;
  }

  template<class T, class Handle, class... Ts>
  T ask(const Handle& whom, Ts&&... xs) {
    T result{};
    (*self)
      ->request(whom, 5s, std::forward<Ts>(xs)...)
      .receive([&](T& x) { result = std::move(x); },
               [](caf::error& err) {
                 BOOST_FAIL("request failed: " << caf::to_string(err));
               });
    return result;
  }

  /// Asks `pool` to render `job` without waiting: the answer arrives later
  /// in the test's own mailbox as a plain render_outcome message.
  void render_later(const cluster::renderer_pool_actor& pool,
                    const render_job& job) {
    auto sink = caf::actor_cast<caf::actor>(*self);
    system->spawn([pool, job, sink](caf::event_based_actor* asker) {
      asker->request(pool, caf::infinite, render_atom::value, job)
        .then([asker, sink](render_outcome& out) {
          asker->send(sink, std::move(out));
        });
    });
  }

  /// Waits until `actor` holds `n` jobs.
  bool holds(const caf::actor& actor, int32_t n) {
    for (int i = 0; i < 500; ++i) {
      if (ask<int32_t>(actor, hold_atom::value) == n)
        return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }
};

} // namespace

BOOST_FIXTURE_TEST_CASE(a_lost_node_answers_its_jobs_renderer_lost_at_once,
                        pool_fixture) {
  auto local = held(1, 1);
  auto pool = cluster::spawn_renderer_pool(
    *system, caf::actor_cast<renderer_actor>(local), 1,
    std::make_shared<metrics::registry>());
  started.push_back(caf::actor_cast<caf::actor>(pool));
  auto watcher = system->spawn(slot_watcher);
  started.push_back(watcher);
  caf::anon_send(pool, cluster::watch_atom::value, watcher);
  auto worker = held(2, 2);
  BOOST_TEST(ask<failure>(pool, cluster::add_node_atom::value, std::string{"w"},
                          worker, int32_t{2})
               .ok());
  BOOST_TEST(ask<int32_t>(pool, slots_atom::value) == 3);
  // Four jobs, three slots: the worker (most free slots) gets two, the
  // local renderer one, one waits.
  std::vector<render_outcome> answers;
  for (int i = 0; i < 4; ++i) {
    render_job job;
    job.id = "cap_" + std::to_string(i);
    job.timeout_ms = 60000;
    render_later(pool, job);
  }
  BOOST_TEST(holds(worker, 2));
  BOOST_TEST(holds(local, 1));
  // The worker dies with two jobs: both answer RENDERER_LOST at once, and
  // the waiting job goes to the free... local slot once it frees.
  caf::anon_send_exit(worker, caf::exit_reason::kill);
  for (int i = 0; i < 2; ++i)
    (*self)->receive([&](render_outcome& out) { answers.push_back(out); },
                     caf::after(5s) >>
                       [] { BOOST_FAIL("no answer for a lost job"); });
  for (auto& out : answers)
    BOOST_TEST((out.error.code == error_code::renderer_lost));
  BOOST_TEST(ask<int32_t>(pool, slots_atom::value) == 1);
  BOOST_TEST(ask<int32_t>(watcher, hold_atom::value) == 1);
  caf::anon_send(local, release_atom::value);
  BOOST_TEST(holds(local, 1)); // the waiting job
  caf::anon_send(local, release_atom::value);
  int completed = 0;
  for (int i = 0; i < 2; ++i)
    (*self)->receive(
      [&](render_outcome& out) {
        BOOST_TEST(out.error.ok());
        BOOST_TEST(out.http_status == 1);
        ++completed;
      },
      caf::after(5s) >> [] { BOOST_FAIL("no answer from the local node"); });
  BOOST_TEST(completed == 2);
}

BOOST_FIXTURE_TEST_CASE(a_leaving_node_gets_no_new_job_and_finishes_its_own,
                        pool_fixture) {
  auto pool = cluster::spawn_renderer_pool(
    *system, renderer_actor{}, 0, std::make_shared<metrics::registry>());
  started.push_back(caf::actor_cast<caf::actor>(pool));
  BOOST_TEST(!ask<bool>(pool, ready_atom::value)); // no node at all
  auto a = held(1, 1);
  auto b = held(2, 1);
  ask<failure>(pool, cluster::add_node_atom::value, std::string{"a"}, a,
               int32_t{1});
  BOOST_TEST(ask<bool>(pool, ready_atom::value));
  render_job job;
  job.timeout_ms = 60000;
  render_later(pool, job);
  BOOST_TEST(holds(a, 1));
  caf::anon_send(pool, cluster::leave_atom::value, a);
  ask<failure>(pool, cluster::add_node_atom::value, std::string{"b"}, b,
               int32_t{1});
  BOOST_TEST(ask<int32_t>(pool, slots_atom::value) == 1);
  render_later(pool, job);
  BOOST_TEST(holds(b, 1));
  BOOST_TEST(ask<int32_t>(a, hold_atom::value) == 1);
  caf::anon_send(a, release_atom::value);
  (*self)->receive(
    [&](render_outcome& out) {
      BOOST_TEST(out.error.ok());
      BOOST_TEST(out.http_status == 1);
    },
    caf::after(5s) >> [] { BOOST_FAIL("the leaving node's job got lost"); });
}
