// Fast tests of the supervisor and capture actors with a fake renderer
// (real renderers are tested through HTTP in tests/integration).

#define BOOST_TEST_MODULE capture_supervisor
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <unistd.h>

#include <caf/all.hpp>

#include "actors/capture_supervisor.hpp"
#include "plugins/retention/ttl/ttl_retention.hpp"
#include "plugins/store/sqlite/sqlite_store_actor.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/test_secret_box.hpp"

using namespace pinhole;
using namespace std::chrono_literals;
using pinhole::test::eventually;

namespace {

using finish_atom = caf::atom_constant<caf::atom("finish")>;

std::atomic<int> active_jobs{0};
std::atomic<int> peak_jobs{0};
/// Jobs the fake renderer has been given (killed ones included).
std::atomic<int> renders_begun{0};
/// When each URL's render began (now_ms), for ordering checks.
std::mutex started_mutex;
std::map<std::string, timestamp_ms> render_started;

/// Answers every job after `hold`: a 4x3 image, a 3000x3000 one (36 MB of
/// noise: slow to write) for URLs containing "big", or a navigation failure for
/// URLs containing "fail". For URLs containing "kill-once" it kills the
/// asking capture actor the first time, for "kill-always" every time.
caf::behavior fake_renderer(caf::event_based_actor* self,
                            std::chrono::milliseconds hold) {
  using held_job = std::pair<caf::response_promise, render_job>;
  auto held = std::make_shared<std::map<int, held_job>>();
  auto next = std::make_shared<int>(0);
  auto killed = std::make_shared<std::set<std::string>>();
  return {
    [=](render_atom, render_job& job) {
      ++renders_begun;
      // (make_response_promise takes the sender over: ask for it first)
      auto asking = caf::actor_cast<caf::actor>(self->current_sender());
      auto promise = self->make_response_promise();
      bool kill = job.url.find("kill-always") != std::string::npos ||
                  (job.url.find("kill-once") != std::string::npos &&
                   killed->insert(job.url).second);
      if (kill) {
        self->send_exit(asking, caf::exit_reason::kill);
        return promise;
      }
      int now = ++active_jobs;
      int peak = peak_jobs.load();
      while (now > peak && !peak_jobs.compare_exchange_weak(peak, now)) {
      }
      auto id = ++*next;
      {
        std::lock_guard<std::mutex> guard{started_mutex};
        render_started[job.url] = now_ms();
      }
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
      } else if (job.url.find("big") != std::string::npos) {
        out.http_status = 200;
        out.image.width = 3000;
        out.image.height = 3000;
        out.image.bytes.resize(3000 * 3000 * 4);
        uint32_t noise = 12345;
        for (auto& byte : out.image.bytes) {
          noise = noise * 1103515245u + 12345u;
          byte = static_cast<uint8_t>(noise >> 24);
        }
      } else {
        out.http_status = 200;
        out.image.width = 4;
        out.image.height = 3;
        out.image.bytes.assign(4 * 3 * 4, 0xff);
      }
      promise.deliver(out);
    },
    [](ready_atom) { return true; },
    [](slots_atom) { return int32_t{2}; },
    [](cancel_atom, const std::string&) {
      // the held job still answers; the supervisor ignores it
    },
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
                         int64_t ttl_ms = 3600000, size_t rate = 600,
                         size_t active = 64) {
    auto db = std::make_shared<sqlite::sqlite_store>(dir + "/pinhole.db",
                                                     test::test_secret_box());
    stored_state stored{db->load_captures(dir), db->load_tombstones()};
    store = sys->spawn<caf::detached>(sqlite::sqlite_store_actor, db, dir);
    supervisor_settings s;
    s.max_concurrent = concurrent;
    s.max_queued = queued;
    s.max_attempts = 3;
    s.image_dir = dir;
    s.sweep_interval = 50ms;
    s.rate_per_minute = rate;
    s.max_active_per_key = active;
    s.on_plugin_down = [this](const std::string& why) {
      std::lock_guard<std::mutex> guard{down_mutex};
      plugin_down = why;
    };
    retention =
      sys->spawn(retention::ttl_retention,
                 retention::ttl_settings{std::chrono::milliseconds{ttl_ms}});
    supervisor_plugins plugins;
    plugins.renderer = caf::actor_cast<renderer_actor>(renderer);
    plugins.store = store;
    plugins.retention = retention;
    return sys->spawn(capture_supervisor, s, plugins, std::move(stored));
  }

  store_actor store;
  retention_actor retention;
  std::mutex down_mutex;
  /// What on_plugin_down was called with ("" = not called).
  std::string plugin_down;

  /// Stops `actor` and waits until it has (its state, e.g. a database
  /// connection, is gone).
  template<class Handle>
  void stop(const Handle& actor) {
    caf::scoped_actor self{*sys};
    self->monitor(actor);
    caf::anon_send_exit(actor, caf::exit_reason::user_shutdown);
    self->receive([](const caf::down_msg&) {});
  }

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
    return submit(sup, owner, options_for(url), idempotency_key);
  }

  capture_reply submit(const supervisor_actor& sup, const std::string& owner,
                       const capture_options& options,
                       const std::string& idempotency_key = "") {
    return ask(sup, caf::make_message(submit_atom::value, owner, options,
                                      idempotency_key));
  }

  static capture_options options_for(const std::string& url) {
    capture_options options;
    options.url = url;
    options.timeout_ms = 2000;
    return options;
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

BOOST_FIXTURE_TEST_CASE(the_next_capture_renders_while_a_picture_is_stored,
                        fixture) {
  // One render slot: the second capture's render must not wait until the
  // first picture (36 MB) is written.
  auto sup = start(sys->spawn(fake_renderer, 10ms), 1, 10);
  auto big = submit(sup, "alice", "http://big.example/");
  auto small = submit(sup, "alice", "http://small.example/");
  auto big_done = wait_done(sup, "alice", big.record.id);
  auto small_done = wait_done(sup, "alice", small.record.id);
  BOOST_TEST((big_done.state == capture_state::completed));
  BOOST_TEST((small_done.state == capture_state::completed));
  std::lock_guard<std::mutex> guard{started_mutex};
  BOOST_TEST(render_started.at("http://small.example/") <
             big_done.completed_at);
  BOOST_TEST(peak_jobs.load() == 1); // never more than the one slot
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
  int before = renders_begun.load();
  auto reply = submit(sup, "alice", "http://a.example/");
  BOOST_REQUIRE(eventually([&] { return renders_begun.load() > before; }));
  auto killed_at = std::chrono::steady_clock::now();
  caf::anon_send_exit(renderer, caf::exit_reason::kill);
  auto done = wait_done(sup, "alice", reply.record.id);
  BOOST_TEST((done.state == capture_state::failed));
  BOOST_TEST((done.error.code == error_code::render_crashed));
  // Through the monitor, not through the 2 s + grace request timeout.
  BOOST_TEST((std::chrono::steady_clock::now() - killed_at < 1s));
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
}

BOOST_FIXTURE_TEST_CASE(idempotency_keys_return_the_first_capture, fixture) {
  auto sup = start(sys->spawn(fake_renderer, 10ms), 2, 10);
  auto first = submit(sup, "alice", "http://a.example/", "key-1");
  auto again = submit(sup, "alice", "http://b.example/", "key-1");
  BOOST_REQUIRE(first.error.ok());
  BOOST_TEST(again.record.id == first.record.id);
  BOOST_TEST((again.record.state == capture_state::pending));
  BOOST_TEST(again.record.created_at == first.record.created_at);
  // Another key's identical Idempotency-Key is a different capture.
  auto other = submit(sup, "bob", "http://a.example/", "key-1");
  BOOST_TEST(other.record.id != first.record.id);
  auto different = submit(sup, "alice", "http://a.example/", "key-2");
  BOOST_TEST(different.record.id != first.record.id);
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
}

BOOST_FIXTURE_TEST_CASE(delete_cancels_queued_and_running_work, fixture) {
  auto sup = start(sys->spawn(fake_renderer, 300ms), 1, 10);
  auto running = submit(sup, "alice", "http://a.example/1");
  auto queued = submit(sup, "alice", "http://a.example/2");
  BOOST_TEST((status(sup, "bob", running.record.id).error.code ==
              error_code::not_found));
  auto del = [&](const std::string& owner, const std::string& id) {
    return ask(sup, caf::make_message(delete_atom::value, owner, id));
  };
  BOOST_TEST(
    (del("bob", queued.record.id).error.code == error_code::not_found));
  BOOST_TEST(del("alice", queued.record.id).error.ok());
  BOOST_TEST(del("alice", running.record.id).error.ok());
  for (auto& id : {running.record.id, queued.record.id})
    BOOST_TEST((status(sup, "alice", id).error.code == error_code::not_found));
  // The slot is free again at once.
  auto next = submit(sup, "alice", "http://a.example/3");
  BOOST_TEST((wait_done(sup, "alice", next.record.id).state ==
              capture_state::completed));
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
}

BOOST_FIXTURE_TEST_CASE(expired_captures_answer_expired_then_vanish, fixture) {
  // ttl retention: 1 s, then a tombstone for 1 s more.
  auto sup = start(sys->spawn(fake_renderer, 10ms), 2, 10, 1000);
  auto reply = submit(sup, "alice", "http://a.example/");
  auto done = wait_done(sup, "alice", reply.record.id);
  BOOST_TEST(done.expires_at == done.completed_at + 1000);
  BOOST_TEST(std::filesystem::exists(done.image_path));
  auto answer = [&](const std::string& owner) {
    return status(sup, owner, reply.record.id).error.code;
  };
  BOOST_REQUIRE(
    eventually([&] { return answer("alice") == error_code::capture_expired; }));
  BOOST_TEST(now_ms() >= done.expires_at);
  BOOST_TEST((answer("bob") == error_code::not_found));
  BOOST_TEST(
    eventually([&] { return !std::filesystem::exists(done.image_path); }));
  // The tombstone lasts another ttl, then the id is simply unknown.
  BOOST_REQUIRE(
    eventually([&] { return answer("alice") == error_code::not_found; }));
  BOOST_TEST(now_ms() >= done.expires_at + 1000);
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
}

BOOST_FIXTURE_TEST_CASE(a_capture_actor_that_dies_frees_its_slot_and_retries,
                        fixture) {
  auto sup = start(sys->spawn(fake_renderer, 10ms), 1, 10);
  auto reply = submit(sup, "alice", "http://kill-once.example/");
  auto done = wait_done(sup, "alice", reply.record.id);
  BOOST_TEST((done.state == capture_state::completed));
  BOOST_TEST(done.attempts == 2);
  // The one slot is free: the next capture runs.
  auto next = submit(sup, "alice", "http://a.example/");
  BOOST_TEST((wait_done(sup, "alice", next.record.id).state ==
              capture_state::completed));
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
}

BOOST_FIXTURE_TEST_CASE(a_capture_actor_dying_every_time_fails_with_the_reason,
                        fixture) {
  auto sup = start(sys->spawn(fake_renderer, 10ms), 1, 10);
  auto reply = submit(sup, "alice", "http://kill-always.example/");
  auto done = wait_done(sup, "alice", reply.record.id);
  BOOST_TEST((done.state == capture_state::failed));
  BOOST_TEST((done.error.code == error_code::internal));
  BOOST_TEST(done.attempts == 3);
  BOOST_TEST(done.error.message.find("actor stopped") != std::string::npos,
             done.error.message);
  BOOST_TEST(done.error.message.find("capture.max_attempts") !=
               std::string::npos,
             done.error.message);
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
}

BOOST_FIXTURE_TEST_CASE(a_plugin_actor_that_dies_is_reported, fixture) {
  auto sup = start(sys->spawn(fake_renderer, 10ms), 1, 10);
  caf::anon_send_exit(retention, caf::exit_reason::kill);
  BOOST_REQUIRE(eventually([&] {
    std::lock_guard<std::mutex> guard{down_mutex};
    return !plugin_down.empty();
  }));
  BOOST_TEST(plugin_down.find("retention plugin") != std::string::npos,
             plugin_down);
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
}

BOOST_FIXTURE_TEST_CASE(a_restart_recovers_unfinished_captures, fixture) {
  // First life: the renderer never answers, so captures stay unfinished.
  auto stuck = sys->spawn(fake_renderer, 1h);
  auto sup = start(stuck, 1, 10);
  auto running = submit(sup, "alice", "http://a.example/1", "idem");
  auto queued = submit(sup, "alice", "http://a.example/2");
  BOOST_TEST((status(sup, "alice", running.record.id).record.state ==
              capture_state::processing));
  caf::anon_send_exit(sup, caf::exit_reason::kill);
  caf::anon_send_exit(stuck, caf::exit_reason::kill);
  stop(store); // committed and closed
  // Second life on the same database: both finish.
  auto sup2 = start(sys->spawn(fake_renderer, 10ms), 1, 10);
  auto first = wait_done(sup2, "alice", running.record.id);
  BOOST_TEST((first.state == capture_state::completed));
  BOOST_TEST(first.attempts == 2); // the interrupted run counted
  BOOST_TEST((wait_done(sup2, "alice", queued.record.id).state ==
              capture_state::completed));
  // The Idempotency-Key survived too.
  BOOST_TEST(submit(sup2, "alice", "http://x.example/", "idem").record.id ==
             running.record.id);
  caf::anon_send_exit(sup2, caf::exit_reason::user_shutdown);
}

BOOST_FIXTURE_TEST_CASE(interrupted_too_often_fails_with_a_reason, fixture) {
  for (int life = 0; life < 3; ++life) {
    auto stuck = sys->spawn(fake_renderer, 1h);
    auto sup = start(stuck, 1, 10);
    int before = renders_begun.load();
    if (life == 0)
      submit(sup, "alice", "http://a.example/");
    // dispatched (so stored as PROCESSING, the attempt counted)
    BOOST_REQUIRE(eventually([&] { return renders_begun.load() > before; }));
    caf::anon_send_exit(sup, caf::exit_reason::kill);
    caf::anon_send_exit(stuck, caf::exit_reason::kill);
    stop(store);
  }
  auto db = sqlite::sqlite_store{dir + "/pinhole.db", test::test_secret_box()};
  auto records = db.load_captures(dir);
  BOOST_REQUIRE_EQUAL(records.size(), 1u);
  BOOST_TEST(records[0].attempts == 3);
  auto sup = start(sys->spawn(fake_renderer, 10ms), 1, 10);
  auto done = wait_done(sup, "alice", records[0].id);
  BOOST_TEST((done.state == capture_state::failed));
  BOOST_TEST((done.error.code == error_code::internal));
  BOOST_TEST(done.error.message.find("capture.max_attempts") !=
             std::string::npos);
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
}

BOOST_FIXTURE_TEST_CASE(draining_refuses_new_work_and_waits, fixture) {
  auto sup = start(sys->spawn(fake_renderer, 300ms), 1, 10);
  auto running = submit(sup, "alice", "http://a.example/1");
  auto queued = submit(sup, "alice", "http://a.example/2");
  caf::scoped_actor self{*sys};
  bool all_done = false;
  auto started = std::chrono::steady_clock::now();
  self->request(sup, 10s, drain_atom::value, int64_t{5000})
    .receive([&](bool done) { all_done = done; },
             [&](caf::error& e) { BOOST_FAIL(caf::to_string(e)); });
  BOOST_TEST(all_done);
  BOOST_TEST((std::chrono::steady_clock::now() - started < 2s));
  BOOST_TEST((status(sup, "alice", running.record.id).record.state ==
              capture_state::completed));
  // Queued work is left for the next start, new work is refused.
  BOOST_TEST((status(sup, "alice", queued.record.id).record.state ==
              capture_state::pending));
  BOOST_TEST((submit(sup, "alice", "http://a.example/3").error.code ==
              error_code::shutting_down));
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
}

BOOST_FIXTURE_TEST_CASE(draining_gives_up_after_the_grace, fixture) {
  auto stuck = sys->spawn(fake_renderer, 1h);
  auto sup = start(stuck, 1, 10);
  submit(sup, "alice", "http://a.example/1");
  caf::scoped_actor self{*sys};
  bool all_done = true;
  self->request(sup, 10s, drain_atom::value, int64_t{200})
    .receive([&](bool done) { all_done = done; },
             [&](caf::error& e) { BOOST_FAIL(caf::to_string(e)); });
  BOOST_TEST(!all_done);
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(stuck, caf::exit_reason::kill);
}

BOOST_FIXTURE_TEST_CASE(per_key_rate_limit, fixture) {
  auto sup = start(sys->spawn(fake_renderer, 10ms), 2, 100, 3600000, 3, 64);
  for (int i = 0; i < 3; ++i)
    BOOST_TEST(submit(sup, "alice", "http://a.example/").error.ok());
  auto limited = submit(sup, "alice", "http://a.example/");
  BOOST_TEST((limited.error.code == error_code::rate_limited));
  BOOST_TEST(limited.error.retry_after_s >= 1);
  BOOST_TEST(limited.error.retry_after_s <= 60);
  BOOST_TEST(limited.error.message.find("limits.rate_per_minute") !=
             std::string::npos);
  // Other keys have their own budget.
  BOOST_TEST(submit(sup, "bob", "http://a.example/").error.ok());
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
}

BOOST_FIXTURE_TEST_CASE(per_key_active_limit, fixture) {
  auto sup = start(sys->spawn(fake_renderer, 200ms), 1, 100, 3600000, 600, 2);
  auto first = submit(sup, "alice", "http://a.example/1");
  auto second = submit(sup, "alice", "http://a.example/2");
  auto third = submit(sup, "alice", "http://a.example/3");
  BOOST_TEST((third.error.code == error_code::too_many_active));
  BOOST_TEST(third.error.message.find("limits.max_active_per_key") !=
             std::string::npos);
  BOOST_TEST(submit(sup, "bob", "http://a.example/").error.ok());
  wait_done(sup, "alice", first.record.id);
  wait_done(sup, "alice", second.record.id);
  BOOST_TEST(submit(sup, "alice", "http://a.example/4").error.ok());
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
}

BOOST_FIXTURE_TEST_CASE(an_unwritable_image_folder_fails_with_a_reason,
                        fixture) {
  auto sup = start(sys->spawn(fake_renderer, 10ms), 1, 10);
  // The folder vanishes under the running server (disk unmounted, or a
  // full disk: the same write error path).
  std::filesystem::remove_all(dir);
  auto reply = submit(sup, "alice", "http://a.example/");
  auto done = wait_done(sup, "alice", reply.record.id);
  BOOST_TEST((done.state == capture_state::failed));
  BOOST_TEST((done.error.code == error_code::internal));
  BOOST_TEST(done.error.message.find(dir) != std::string::npos,
             done.error.message);
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
}

BOOST_FIXTURE_TEST_CASE(an_equal_recent_capture_answers_from_the_cache,
                        fixture) {
  auto sup = start(sys->spawn(fake_renderer, 10ms), 2, 10);
  auto first = submit(sup, "alice", "http://a.example/");
  auto done = wait_done(sup, "alice", first.record.id);
  BOOST_REQUIRE((done.state == capture_state::completed));
  int renders = renders_begun.load();
  auto options = options_for("http://a.example/");
  options.cache_ttl_s = 60;
  options.timeout_ms = 9000;                     // does not shape the picture
  options.callback_url = "http://hook.example/"; // neither
  auto hit = submit(sup, "alice", options);
  BOOST_REQUIRE(hit.error.ok());
  BOOST_TEST((hit.record.state == capture_state::completed));
  BOOST_TEST(hit.record.cached);
  BOOST_TEST(hit.record.id != first.record.id);
  BOOST_TEST(hit.record.width == 4);
  BOOST_TEST(renders_begun.load() == renders); // nothing rendered
  BOOST_TEST(hit.record.image_path != done.image_path);
  // Deleting the first leaves the second's picture whole.
  BOOST_REQUIRE(
    ask(sup, caf::make_message(delete_atom::value, std::string{"alice"},
                               first.record.id))
      .error.ok());
  BOOST_TEST(
    eventually([&] { return !std::filesystem::exists(done.image_path); }));
  BOOST_TEST(std::filesystem::file_size(hit.record.image_path) ==
             static_cast<uintmax_t>(done.file_size));
  // The hit is itself a source for the next one.
  auto again = submit(sup, "alice", options);
  BOOST_TEST(again.record.cached);
  BOOST_TEST(renders_begun.load() == renders);
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
}

BOOST_FIXTURE_TEST_CASE(the_cache_answers_only_equal_requests_of_the_same_key,
                        fixture) {
  auto sup = start(sys->spawn(fake_renderer, 10ms), 2, 10);
  auto options = options_for("http://a.example/");
  options.secrets.headers = {{"Authorization", "Bearer one"}};
  wait_done(sup, "alice", submit(sup, "alice", options).record.id);
  int renders = renders_begun.load();
  options.cache_ttl_s = 60;
  auto misses = std::vector<std::pair<std::string, capture_options>>{};
  misses.push_back({"bob", options}); // another API key
  auto wider = options;
  wider.viewport_width = 1000;
  misses.push_back({"alice", wider});
  auto other_login = options;
  other_login.secrets.headers = {{"Authorization", "Bearer two"}};
  misses.push_back({"alice", other_login});
  for (const auto& [owner, miss] : misses) {
    auto reply = submit(sup, owner, miss);
    BOOST_TEST(!reply.record.cached);
    BOOST_TEST((wait_done(sup, owner, reply.record.id).state ==
                capture_state::completed));
  }
  BOOST_TEST(renders_begun.load() == renders + 3);
  // The same login, asked for explicitly: a hit.
  BOOST_TEST(submit(sup, "alice", options).record.cached);
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
}

BOOST_FIXTURE_TEST_CASE(a_capture_older_than_the_cache_ttl_is_rendered_again,
                        fixture) {
  auto sup = start(sys->spawn(fake_renderer, 10ms), 2, 10);
  wait_done(sup, "alice", submit(sup, "alice", "http://a.example/").record.id);
  auto options = options_for("http://a.example/");
  options.cache_ttl_s = 1;
  // Wait until the first one is more than a second old, then ask.
  std::this_thread::sleep_for(1100ms);
  auto reply = submit(sup, "alice", options);
  BOOST_TEST(!reply.record.cached);
  BOOST_TEST((reply.record.state == capture_state::pending));
  caf::anon_send_exit(sup, caf::exit_reason::user_shutdown);
}
