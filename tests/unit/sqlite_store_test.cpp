#define BOOST_TEST_MODULE sqlite_store
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include <sqlite3.h>

#include "plugins/store/sqlite/sqlite_store.hpp"
#include "tests/support/test_secret_box.hpp"

using namespace pinhole;
using namespace pinhole::sqlite;

namespace {

std::string fresh_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("pinhole-store-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

capture_record full_record() {
  capture_record r;
  r.id = "cap_0123456789ab";
  r.owner = std::string(64, 'a');
  r.options.url = "https://example.com/a?b=c";
  r.options.viewport_width = 1024;
  r.options.viewport_height = 700;
  r.options.full_page = true;
  r.options.device_scale_factor = 2.5;
  r.options.delay_ms = 250;
  r.options.timeout_ms = 45000;
  r.options.user_agent = "Bot/1 \"quoted\"";
  r.options.callback_url = "https://hooks.example.com/x";
  r.options.format = image_format::webp;
  r.options.quality = 55;
  r.options.scaling = image_scaling{400, 210, image_fit::cover};
  r.options.page.selector = "#card > .title";
  r.options.page.clip = css_rect{1, 2, 30, 40};
  r.options.page.wait_for_selector = "[data-ready]";
  r.options.page.hide_selectors = {".ad", "#banner"};
  r.options.page.css = "body { color: \"red\" }";
  r.options.page.js = "document.title = 'x';\n";
  r.options.page.block_cookie_banners = true;
  r.options.page.block_ads = true;
  r.options.page.block_trackers = true;
  r.options.page.omit_background = true;
  r.state = capture_state::completed;
  r.created_at = 1000;
  r.started_at = 2000;
  r.completed_at = 3000;
  r.expires_at = 4000;
  r.attempts = 2;
  r.idempotency_key = "order-42";
  r.image_path = "/old/place/cap_0123456789ab.webp";
  r.file_size = 12345;
  r.width = 2560;
  r.height = 9000;
  r.http_status = 404;
  r.truncated = true;
  r.script_error = "ReferenceError: nope";
  r.blocked_requests = 7;
  r.options.cache_ttl_s = 600;
  r.cache_key = std::string(64, 'c');
  r.cached = true;
  r.error = failure{error_code::timeout, "a message"};
  r.webhook_state = "failed";
  r.webhook_attempts = 5;
  r.webhook_last_error = "HTTP 500";
  return r;
}

} // namespace

BOOST_AUTO_TEST_CASE(every_field_survives_a_reopen) {
  auto dir = fresh_dir("roundtrip");
  auto original = full_record();
  {
    sqlite_store db{dir + "/pinhole.db", test::test_secret_box()};
    BOOST_TEST(db.save(original).empty());
  }
  sqlite_store db{dir + "/pinhole.db", test::test_secret_box()};
  auto loaded = db.load_captures("/new/place");
  BOOST_REQUIRE_EQUAL(loaded.size(), 1u);
  const auto& r = loaded[0];
  BOOST_TEST(r.id == original.id);
  BOOST_TEST(r.owner == original.owner);
  BOOST_TEST(r.options.url == original.options.url);
  BOOST_TEST(r.options.viewport_width == 1024);
  BOOST_TEST(r.options.viewport_height == 700);
  BOOST_TEST(r.options.full_page);
  BOOST_TEST(r.options.device_scale_factor == 2.5);
  BOOST_TEST(r.options.delay_ms == 250);
  BOOST_TEST(r.options.timeout_ms == 45000);
  BOOST_TEST(r.options.user_agent == original.options.user_agent);
  BOOST_TEST(r.options.callback_url == original.options.callback_url);
  BOOST_TEST((r.options.format == image_format::webp));
  BOOST_TEST(r.options.quality == 55);
  BOOST_TEST(r.options.scaling.width == 400);
  BOOST_TEST(r.options.scaling.height == 210);
  BOOST_TEST((r.options.scaling.fit == image_fit::cover));
  const auto& page = r.options.page;
  BOOST_TEST(page.selector == original.options.page.selector);
  BOOST_TEST(page.clip.x == 1);
  BOOST_TEST(page.clip.y == 2);
  BOOST_TEST(page.clip.width == 30);
  BOOST_TEST(page.clip.height == 40);
  BOOST_TEST(page.wait_for_selector == "[data-ready]");
  BOOST_TEST(page.hide_selectors == original.options.page.hide_selectors,
             boost::test_tools::per_element());
  BOOST_TEST(page.css == original.options.page.css);
  BOOST_TEST(page.js == original.options.page.js);
  BOOST_TEST(page.block_cookie_banners);
  BOOST_TEST(page.block_ads);
  BOOST_TEST(page.block_trackers);
  BOOST_TEST(page.omit_background);
  BOOST_TEST(r.script_error == "ReferenceError: nope");
  BOOST_TEST(r.blocked_requests == 7);
  BOOST_TEST(r.options.cache_ttl_s == 600);
  BOOST_TEST(r.cache_key == original.cache_key);
  BOOST_TEST(r.cached);
  BOOST_TEST((r.state == capture_state::completed));
  BOOST_TEST(r.created_at == 1000);
  BOOST_TEST(r.started_at == 2000);
  BOOST_TEST(r.completed_at == 3000);
  BOOST_TEST(r.expires_at == 4000);
  BOOST_TEST(r.attempts == 2);
  BOOST_TEST(r.idempotency_key == "order-42");
  // Only the file name is stored: the storage folder may move.
  BOOST_TEST(r.image_path == "/new/place/cap_0123456789ab.webp");
  BOOST_TEST(r.file_size == 12345);
  BOOST_TEST(r.width == 2560);
  BOOST_TEST(r.height == 9000);
  BOOST_TEST(r.http_status == 404);
  BOOST_TEST(r.truncated);
  BOOST_TEST((r.error.code == error_code::timeout));
  BOOST_TEST(r.error.message == "a message");
  BOOST_TEST(r.webhook_state == "failed");
  BOOST_TEST(r.webhook_attempts == 5);
  BOOST_TEST(r.webhook_last_error == "HTTP 500");
}

BOOST_AUTO_TEST_CASE(remove_leaves_tombstones_until_forgotten) {
  auto dir = fresh_dir("tombstones");
  sqlite_store db{dir + "/pinhole.db", test::test_secret_box()};
  auto r = full_record();
  db.save(r);
  BOOST_TEST(db.remove({r}, 5000).empty());
  BOOST_TEST(db.load_captures(dir).empty());
  auto tombs = db.load_tombstones();
  BOOST_REQUIRE_EQUAL(tombs.size(), 1u);
  BOOST_TEST(tombs[0].id == r.id);
  BOOST_TEST(tombs[0].owner == r.owner);
  BOOST_TEST(tombs[0].forget_at == 5000);
  db.forget_tombstones(4999);
  BOOST_TEST(db.load_tombstones().size() == 1u);
  db.forget_tombstones(5000);
  BOOST_TEST(db.load_tombstones().empty());
}

BOOST_AUTO_TEST_CASE(corrupt_files_are_refused_naming_the_file) {
  auto dir = fresh_dir("corrupt");
  auto path = dir + "/pinhole.db";
  std::ofstream{path} << std::string(4096, 'x');
  try {
    sqlite_store db{path, test::test_secret_box()};
    BOOST_ERROR("a corrupt file was accepted");
  } catch (const std::runtime_error& e) {
    BOOST_TEST(std::string{e.what()}.find(path) != std::string::npos, e.what());
  }
}

BOOST_AUTO_TEST_CASE(a_database_of_an_earlier_version_gains_the_new_columns) {
  // The captures table as the first release made it (no script_error):
  // its rows load, and new saves work.
  auto dir = fresh_dir("upgrade");
  auto path = dir + "/pinhole.db";
  {
    sqlite3* db = nullptr;
    BOOST_REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    const char* old_schema = R"SQL(
CREATE TABLE captures (id TEXT PRIMARY KEY, owner TEXT NOT NULL,
  options TEXT NOT NULL, state INTEGER NOT NULL, created_at INTEGER NOT NULL,
  started_at INTEGER NOT NULL, completed_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL, attempts INTEGER NOT NULL,
  idempotency_key TEXT NOT NULL, image_file TEXT NOT NULL,
  file_size INTEGER NOT NULL, width INTEGER NOT NULL, height INTEGER NOT NULL,
  http_status INTEGER NOT NULL, truncated INTEGER NOT NULL,
  error_code INTEGER NOT NULL, error_message TEXT NOT NULL,
  webhook_state TEXT NOT NULL, webhook_attempts INTEGER NOT NULL,
  webhook_last_error TEXT NOT NULL);
INSERT INTO captures VALUES ('cap_00000000000a', 'owner',
  '{"url":"http://a.example/"}', 0, 1, 0, 0, 0, 0, '', '', 0, 0, 0, 0, 0, 0,
  '', '', 0, '');
)SQL";
    BOOST_REQUIRE(sqlite3_exec(db, old_schema, nullptr, nullptr, nullptr) ==
                  SQLITE_OK);
    sqlite3_close(db);
  }
  sqlite_store db{path, test::test_secret_box()};
  auto loaded = db.load_captures(dir);
  BOOST_REQUIRE_EQUAL(loaded.size(), 1u);
  BOOST_TEST(loaded[0].options.url == "http://a.example/");
  BOOST_TEST(loaded[0].script_error.empty());
  BOOST_TEST(loaded[0].blocked_requests == 0);
  BOOST_TEST(loaded[0].options.page.selector.empty());
  BOOST_TEST(db.save(full_record()).empty());
  BOOST_TEST(db.load_captures(dir).size() == 2u);
}

namespace {

capture_record pending_with_secrets() {
  auto r = full_record();
  r.state = capture_state::pending;
  r.error = failure{};
  r.options.secrets.headers = {{"Authorization", "Bearer hunter2-token"}};
  page_cookie cookie;
  cookie.name = "session";
  cookie.value = "hunter2-cookie";
  cookie.domain = "example.com";
  cookie.path = "/app";
  cookie.secure = true;
  cookie.http_only = true;
  cookie.same_site = "Lax";
  cookie.expires = 2000000000;
  r.options.secrets.cookies = {cookie};
  r.options.secrets.http_auth = {"alice", "hunter2-password"};
  return r;
}

/// Every byte SQLite wrote for the database (the file and its WAL).
std::string database_bytes(const std::string& path) {
  std::string all;
  for (auto file : {path, path + "-wal"}) {
    std::ifstream in{file, std::ios::binary};
    all += std::string{std::istreambuf_iterator<char>{in}, {}};
  }
  return all;
}

} // namespace

BOOST_AUTO_TEST_CASE(secrets_wait_sealed_and_come_back_after_a_reopen) {
  auto dir = fresh_dir("secrets");
  auto path = dir + "/pinhole.db";
  {
    sqlite_store db{path, test::test_secret_box()};
    BOOST_TEST(db.save(pending_with_secrets()).empty());
  }
  BOOST_TEST(database_bytes(path).find("hunter2") == std::string::npos,
             "a secret is in the database file in the clear");
  sqlite_store db{path, test::test_secret_box()};
  auto loaded = db.load_captures(dir);
  BOOST_REQUIRE_EQUAL(loaded.size(), 1u);
  BOOST_TEST(loaded[0].error.ok());
  const auto& s = loaded[0].options.secrets;
  BOOST_REQUIRE_EQUAL(s.headers.size(), 1u);
  BOOST_TEST(s.headers[0].name == "Authorization");
  BOOST_TEST(s.headers[0].value == "Bearer hunter2-token");
  BOOST_REQUIRE_EQUAL(s.cookies.size(), 1u);
  const auto& c = s.cookies[0];
  BOOST_TEST(c.name == "session");
  BOOST_TEST(c.value == "hunter2-cookie");
  BOOST_TEST(c.domain == "example.com");
  BOOST_TEST(c.path == "/app");
  BOOST_TEST(c.secure);
  BOOST_TEST(c.http_only);
  BOOST_TEST(c.same_site == "Lax");
  BOOST_TEST(c.expires == 2000000000);
  BOOST_TEST(s.http_auth.username == "alice");
  BOOST_TEST(s.http_auth.password == "hunter2-password");
}

BOOST_AUTO_TEST_CASE(secrets_are_erased_when_the_capture_finishes) {
  auto dir = fresh_dir("secrets-erased");
  auto path = dir + "/pinhole.db";
  sqlite_store db{path, test::test_secret_box()};
  auto r = pending_with_secrets();
  BOOST_TEST(db.save(r).empty());
  r.state = capture_state::completed;
  BOOST_TEST(db.save(r).empty());
  auto loaded = db.load_captures(dir);
  BOOST_REQUIRE_EQUAL(loaded.size(), 1u);
  BOOST_TEST(loaded[0].options.secrets.empty());
  sqlite3* raw = nullptr;
  BOOST_REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  sqlite3_prepare_v2(raw, "SELECT length(secrets) FROM captures", -1, &q,
                     nullptr);
  BOOST_REQUIRE(sqlite3_step(q) == SQLITE_ROW);
  BOOST_TEST(sqlite3_column_int(q, 0) == 0);
  sqlite3_finalize(q);
  sqlite3_close(raw);
}

BOOST_AUTO_TEST_CASE(secrets_under_another_key_fail_the_capture_in_words) {
  auto dir = fresh_dir("secrets-other-key");
  auto path = dir + "/pinhole.db";
  {
    sqlite_store db{path, test::test_secret_box(7)};
    BOOST_TEST(db.save(pending_with_secrets()).empty());
  }
  sqlite_store db{path, test::test_secret_box(8)};
  auto loaded = db.load_captures(dir);
  BOOST_REQUIRE_EQUAL(loaded.size(), 1u);
  BOOST_TEST((loaded[0].error.code == error_code::internal));
  BOOST_TEST(loaded[0].error.message.find("storage.secrets_key_file") !=
               std::string::npos,
             loaded[0].error.message);
  BOOST_TEST(loaded[0].options.secrets.empty());
}
