// Fast tests of the supervisor and capture actors with a fake renderer
// (real renderers are tested through HTTP in tests/integration).

#define BOOST_TEST_MODULE capture_supervisor
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <filesystem>
#include <map>
#include <set>
#include <unistd.h>

#include <caf/all.hpp>

#include "actors/capture_supervisor.hpp"
#include "plugins/store/sqlite/sqlite_store_actor.hpp"

using namespace pinhole;
using namespace std::chrono_literals;

namespace {

using finish_atom = caf::atom_constant<caf::atom("finish")>;

std::atomic<int> active_jobs{0};
std::atomic<int> peak_jobs{0};

/// Answers every job after `hold`: a solid 4x3 image, or a navigation
/// failure for URLs containing "fail".
caf::behavior fake_renderer(caf::event_based_actor* self,
                            std::chrono::milliseconds hold) {
  using held_job = std::pair<caf::response_promise, render_job>;
  auto held = std::make_shared<std::map<int, held_job>>();
  auto next = std::make_shared<int>(0);
  return {
    [=](render_atom, render_job& job) {
      auto promise = self->make_response_promise();
      int now = ++active_jobs;
      int peak = peak_jobs.load();
      while (now > peak && !peak_jobs.compare_exchange_weak(peak, now)) {
      }
      auto id = ++*next;
      held->emplace(id, held_job{promise, job});
      self->delayed_send(self, hold, finish_atom::value, id);
      return promise;
    },
    [=](finish_atom, int id) {
      auto [promise, job] = held->at(id);
      held->erase(id);
      --active_jobs;
      render_outcome out;
      if (job.url.find("fail") != std::string::npos) {
        out.error = failure{error_code::navigation_failed, "refused"};
      } else {
        out.http_status = 200;
        out.image.width = 4;
        out.image.height = 3;
        out.image.pixels.assign(4 * 3 * 4, 0xff);
      }
      promise.deliver(out);
    },
    [](ready_atom) { return true; },
  };
}

struct fixture {
  caf::actor_system_config cfg;
  std::unique_ptr<caf::actor_system> sys;
  std::string dir;

  fixture() {
    add_message_types(cfg);
    sys = std::make_unique<caf::actor_system>(cfg);
    static int counter = 0;
    dir = (std::filesystem::temp_directory_path() /
           ("pinhole-sup-" + std::to_string(::getpid()) + "-" +
            std::to_string(counter++)))
            .string();
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    active_jobs = 0;
    peak_jobs = 0;
  }

  /// A supervisor over a real SQLite store in `dir` (kept across calls, so
  /// a second start sees what the first one stored).
  supervisor_actor start(caf::actor renderer, size_t concurrent, size_t queued,
                         int64_t ttl_ms = 3600000) {
    auto db = std::make_shared<sqlite::sqlite_store>(dir + "/pinhole.db");
    supervisor_recovery recovered;
    recovered.captures = db->load_captures(dir);
    for (auto& t : db->load_tombstones())
      recovered.tombstones[t.id] = tombstone_entry{t.owner, t.forget_at};
    store = sys->spawn<caf::detached>(sqlite::sqlite_store_actor, db);
    supervisor_settings s;
    s.max_concurrent = concurrent;
    s.max_queued = queued;
    s.max_attempts = 3;
    s.image_dir = dir;
    s.ttl_ms = ttl_ms;
    return sys->spawn(capture_supervisor, s,
                      caf::actor_cast<renderer_actor>(renderer), store,
                      std::move(recovered));
  }

  store_actor store;

  capture_reply ask(const supervisor_actor& sup, caf::message msg) {
    caf::scoped_actor self{*sys};
    capture_reply out;
    self->request(caf::actor_cast<caf::actor>(sup), 5s, std::move(msg))
      .receive([&](capture_reply& r) { out = r; },
               [&](caf::error& e) { BOOST_FAIL(caf::to_string(e)); });
    return out;
  }

  capture_reply submit(const supervisor_actor& sup, const std::string& owner,
                       const std::string& url,
                       const std::string& idempotency_key = "") {
    capture_options options;
    options.url = url;
    options.timeout_ms = 2000;
    return ask(sup, caf::make_message(submit_atom::value, owner, options,
                                      idempotency_key));
  }

  capture_reply status(const supervisor_actor& sup, const std::string& owner,
                       const std::string& id) {
    return ask(sup, caf::make_message(status_atom::value, owner, id));
  }

  capture_record wait_done(const supervisor_actor& sup,
                           const std::string& owner, const std::string& id) {
    for (int i = 0; i < 500; ++i) {
      auto r = status(sup, owner, id);
      if (r.record.state == capture_state::completed ||
          r.record.state == capture_state::failed)
        return r.record;
      std::this_thread::sleep_for(10ms);
    }
    BOOST_FAIL("capture did not finish");
    return {};
  }
};

} // namespace

BOOST_FIXTURE_TEST_CASE(accepted_captures_complete_with_an_image, fixture) {
  auto sup = start(sys->spawn(fake_renderer, 10ms), 2, 10);
  auto reply = submit(sup, "alice", "http://a.example/");
  BOOST_REQUIRE(reply.error.ok());
  BOOST_TEST((reply.record.state == capture_state::pending));
  auto done = wait_done(sup, "alice", reply.record.id);
  BOOST_TEST((done.state == capture_state::completed));
  BOOST_TEST(done.width == 4);
  BOOST_TEST(done.height == 3);
  BOOST_TEST(done.http_status == 200);
  BOOST_TEST(done.attempts == 1);
  BOOST_TEST(std::filesystem::file_size(done.image_path) ==
             static_cast<uintmax_t>(done.file_size));
  BOOST_TEST(done.started_at >= done.created_at);
  BOOST_TEST(done.completed_at >= done.started_at);
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
}

BOOST_FIXTURE_TEST_CASE(renderer_failures_become_failed_captures, fixture) {
  auto sup = start(sys->spawn(fake_renderer, 10ms), 2, 10);
  auto reply = submit(sup, "alice", "http://fail.example/");
  auto done = wait_done(sup, "alice", reply.record.id);
  BOOST_TEST((done.state == capture_state::failed));
  BOOST_TEST((done.error.code == error_code::navigation_failed));
  BOOST_TEST(done.error.message == "refused");
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
}

BOOST_FIXTURE_TEST_CASE(other_keys_see_not_found, fixture) {
  auto sup = start(sys->spawn(fake_renderer, 10ms), 2, 10);
  auto reply = submit(sup, "alice", "http://a.example/");
  BOOST_TEST(
    (status(sup, "bob", reply.record.id).error.code == error_code::not_found));
  BOOST_TEST(status(sup, "alice", reply.record.id).error.ok());
  BOOST_TEST((status(sup, "alice", "cap_000000000000").error.code ==
              error_code::not_found));
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
}

BOOST_FIXTURE_TEST_CASE(concurrency_and_queue_are_bounded, fixture) {
  auto sup = start(sys->spawn(fake_renderer, 100ms), 2, 3);
  std::vector<std::string> ids;
  // 2 start at once, 3 wait, the 6th is refused.
  for (int i = 0; i < 5; ++i) {
    auto reply = submit(sup, "alice", "http://a.example/" + std::to_string(i));
    BOOST_REQUIRE_MESSAGE(reply.error.ok(), reply.error.message);
    ids.push_back(reply.record.id);
  }
  auto refused = submit(sup, "alice", "http://a.example/6");
  BOOST_TEST((refused.error.code == error_code::queue_full));
  BOOST_TEST(refused.error.message.find("capture.max_queued") !=
             std::string::npos);
  std::set<std::string> unique(ids.begin(), ids.end());
  BOOST_TEST(unique.size() == ids.size());
  for (auto& id : ids)
    BOOST_TEST((wait_done(sup, "alice", id).state == capture_state::completed));
  BOOST_TEST(peak_jobs.load() == 2);
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
}

BOOST_FIXTURE_TEST_CASE(a_dead_renderer_fails_the_capture_at_once, fixture) {
  auto renderer = sys->spawn(fake_renderer, 10s);
  auto sup = start(renderer, 1, 10);
  auto reply = submit(sup, "alice", "http://a.example/");
  std::this_thread::sleep_for(50ms); // let the capture reach the renderer
  auto killed_at = std::chrono::steady_clock::now();
  caf::anon_send_exit(renderer, caf::exit_reason::kill);
  auto done = wait_done(sup, "alice", reply.record.id);
  BOOST_TEST((done.state == capture_state::failed));
  BOOST_TEST((done.error.code == error_code::render_crashed));
  // Through the monitor, not through the 2 s + grace request timeout.
  BOOST_TEST((std::chrono::steady_clock::now() - killed_at < 1s));
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
}
