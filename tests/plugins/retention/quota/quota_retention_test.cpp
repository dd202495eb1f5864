// The quota retention actor on its own: what expires when.

#define BOOST_TEST_MODULE quota_retention
#include <boost/test/unit_test.hpp>

#include <caf/all.hpp>

#include "actors/supervisor_protocol.hpp"
#include "plugins/retention/quota/quota_retention.hpp"

using namespace pinhole;
using namespace pinhole::retention;
using namespace std::chrono_literals;

namespace {

struct fixture {
  caf::actor_system_config cfg;
  std::unique_ptr<caf::actor_system> sys;
  std::unique_ptr<caf::scoped_actor> self;
  retention_actor quota;

  explicit fixture(quota_settings settings = {}) {
    add_message_types(cfg);
    sys = std::make_unique<caf::actor_system>(cfg);
    self = std::make_unique<caf::scoped_actor>(*sys);
    quota = sys->spawn(quota_retention, settings);
  }

  ~fixture() { caf::anon_send_exit(quota, caf::exit_reason::user_shutdown); }

  /// The ids that expire when capture `id` (completed at `at`) finishes.
  std::vector<std::string> retain(const std::string& id, timestamp_ms at,
                                  int64_t bytes) {
    std::vector<std::string> expired;
    (*self)
      ->request(quota, 5s, retain_atom::value, retained_capture{id, at, bytes})
      .receive(
        [&](retention_verdict& verdict) {
          BOOST_TEST(verdict.expires_at == 0); // not known in advance
          for (auto& e : verdict.expire_now) {
            BOOST_TEST(e.forget_at > now_ms()); // a tombstone for a while
            expired.push_back(e.id);
          }
        },
        [&](caf::error& err) { BOOST_FAIL(caf::to_string(err)); });
    return expired;
  }

  std::vector<expiry> sweep() {
    std::vector<expiry> due;
    (*self)
      ->request(quota, 5s, retention_sweep_atom::value, now_ms() + 1000000000)
      .receive([&](std::vector<expiry>& d) { due = d; },
               [&](caf::error& err) { BOOST_FAIL(caf::to_string(err)); });
    return due;
  }
};

quota_settings limits(int64_t bytes, int64_t captures) {
  quota_settings s;
  s.max_bytes = bytes;
  s.max_captures = captures;
  return s;
}

using ids = std::vector<std::string>;

} // namespace

BOOST_AUTO_TEST_CASE(the_oldest_go_first_when_the_count_is_exceeded) {
  fixture f{limits(0, 2)};
  BOOST_TEST(f.retain("a", 100, 10).empty());
  BOOST_TEST(f.retain("b", 200, 10).empty());
  BOOST_TEST(f.retain("c", 300, 10) == ids{"a"});
  BOOST_TEST(f.retain("d", 400, 10) == ids{"b"});
  // Nothing ever expires by age.
  BOOST_TEST(f.sweep().empty());
}

BOOST_AUTO_TEST_CASE(as_many_go_as_the_bytes_need) {
  fixture f{limits(100, 0)};
  BOOST_TEST(f.retain("a", 100, 30).empty());
  BOOST_TEST(f.retain("b", 200, 30).empty());
  BOOST_TEST(f.retain("c", 300, 30).empty());
  BOOST_TEST(f.retain("d", 400, 70) == (ids{"a", "b"}));
  BOOST_TEST(f.retain("e", 500, 0) == ids{});
}

BOOST_AUTO_TEST_CASE(order_is_by_completion_not_by_arrival) {
  // At start-up the supervisor tells retention of every stored capture, in
  // any order.
  fixture f{limits(0, 2)};
  BOOST_TEST(f.retain("new", 300, 1).empty());
  BOOST_TEST(f.retain("old", 100, 1).empty());
  BOOST_TEST(f.retain("mid", 200, 1) == ids{"old"});
}

BOOST_AUTO_TEST_CASE(the_capture_just_finished_is_kept_even_when_too_big) {
  fixture f{limits(100, 0)};
  BOOST_TEST(f.retain("a", 100, 50).empty());
  BOOST_TEST(f.retain("huge", 200, 500) == ids{"a"});
  // The next one makes room by expiring the huge one.
  BOOST_TEST(f.retain("b", 300, 10) == ids{"huge"});
}

BOOST_AUTO_TEST_CASE(deleted_and_repeated_captures_are_counted_once) {
  fixture f{limits(0, 2)};
  BOOST_TEST(f.retain("a", 100, 1).empty());
  BOOST_TEST(f.retain("a", 100, 1).empty()); // told twice
  caf::anon_send(f.quota, release_atom::value, std::string{"a"});
  BOOST_TEST(f.retain("b", 200, 1).empty());
  BOOST_TEST(f.retain("c", 300, 1).empty()); // a was released: 2 kept
  BOOST_TEST(f.retain("d", 400, 1) == ids{"b"});
}
