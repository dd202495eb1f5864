#include "plugins/store/sqlite/sqlite_store.hpp"

#include <filesystem>
#include <memory>
#include <stdexcept>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "plugins/common/sqlite/sqlite_statement.hpp"

namespace pinhole::sqlite {

namespace {

using json = nlohmann::json;

const char* const schema = R"SQL(
CREATE TABLE IF NOT EXISTS captures (
  id TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  options TEXT NOT NULL,
  state INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  completed_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  idempotency_key TEXT NOT NULL,
  image_file TEXT NOT NULL,
  file_size INTEGER NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  http_status INTEGER NOT NULL,
  truncated INTEGER NOT NULL,
  error_code INTEGER NOT NULL,
  error_message TEXT NOT NULL,
  webhook_state TEXT NOT NULL,
  webhook_attempts INTEGER NOT NULL,
  webhook_last_error TEXT NOT NULL,
  script_error TEXT NOT NULL DEFAULT '',
  secrets BLOB NOT NULL DEFAULT x'',
  cache_key TEXT NOT NULL DEFAULT '',
  cached INTEGER NOT NULL DEFAULT 0,
  blocked_requests INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS tombstones (
  id TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  forget_at INTEGER NOT NULL
);
)SQL";

/// Columns added after the first release, for databases made before them:
/// name and definition.
const std::pair<const char*, const char*> added_columns[] = {
  {"script_error", "TEXT NOT NULL DEFAULT ''"},
  {"secrets", "BLOB NOT NULL DEFAULT x''"},
  {"cache_key", "TEXT NOT NULL DEFAULT ''"},
  {"cached", "INTEGER NOT NULL DEFAULT 0"},
  {"blocked_requests", "INTEGER NOT NULL DEFAULT 0"},
};

json rect_to_json(const css_rect& r) {
  return {{"x", r.x}, {"y", r.y}, {"width", r.width}, {"height", r.height}};
}

css_rect rect_from_json(const json& j) {
  css_rect r;
  r.x = j.value("x", 0);
  r.y = j.value("y", 0);
  r.width = j.value("width", 0);
  r.height = j.value("height", 0);
  return r;
}

json options_to_json(const capture_options& o) {
  return {{"url", o.url},
          {"viewportWidth", o.viewport_width},
          {"viewportHeight", o.viewport_height},
          {"fullPage", o.full_page},
          {"deviceScaleFactor", o.device_scale_factor},
          {"delay", o.delay_ms},
          {"timeout", o.timeout_ms},
          {"userAgent", o.user_agent},
          {"callbackUrl", o.callback_url},
          {"format", static_cast<int>(o.format)},
          {"quality", o.quality},
          {"imageWidth", o.scaling.width},
          {"imageHeight", o.scaling.height},
          {"fit", static_cast<int>(o.scaling.fit)},
          {"selector", o.page.selector},
          {"clip", rect_to_json(o.page.clip)},
          {"waitForSelector", o.page.wait_for_selector},
          {"hideSelectors", o.page.hide_selectors},
          {"css", o.page.css},
          {"js", o.page.js},
          {"blockCookieBanners", o.page.block_cookie_banners},
          {"blockAds", o.page.block_ads},
          {"blockTrackers", o.page.block_trackers},
          {"omitBackground", o.page.omit_background},
          {"cacheTtl", o.cache_ttl_s}};
}

capture_options options_from_json(const json& j) {
  capture_options o;
  o.url = j.value("url", "");
  o.viewport_width = j.value("viewportWidth", o.viewport_width);
  o.viewport_height = j.value("viewportHeight", o.viewport_height);
  o.full_page = j.value("fullPage", false);
  o.device_scale_factor = j.value("deviceScaleFactor", 1.0);
  o.delay_ms = j.value("delay", 0);
  o.timeout_ms = j.value("timeout", o.timeout_ms);
  o.user_agent = j.value("userAgent", "");
  o.callback_url = j.value("callbackUrl", "");
  o.format = static_cast<image_format>(j.value("format", 0));
  o.quality = j.value("quality", o.quality);
  o.scaling.width = j.value("imageWidth", 0);
  o.scaling.height = j.value("imageHeight", 0);
  o.scaling.fit = static_cast<image_fit>(j.value("fit", 0));
  o.page.selector = j.value("selector", "");
  if (j.contains("clip"))
    o.page.clip = rect_from_json(j["clip"]);
  o.page.wait_for_selector = j.value("waitForSelector", "");
  o.page.hide_selectors = j.value("hideSelectors", std::vector<std::string>{});
  o.page.css = j.value("css", "");
  o.page.js = j.value("js", "");
  o.page.block_cookie_banners = j.value("blockCookieBanners", false);
  o.page.block_ads = j.value("blockAds", false);
  o.page.block_trackers = j.value("blockTrackers", false);
  o.page.omit_background = j.value("omitBackground", false);
  o.cache_ttl_s = j.value("cacheTtl", 0);
  return o;
}

json secrets_to_json(const page_secrets& s) {
  auto headers = json::array();
  for (const auto& h : s.headers)
    headers.push_back({h.name, h.value});
  auto cookies = json::array();
  for (const auto& c : s.cookies)
    cookies.push_back({{"name", c.name},
                       {"value", c.value},
                       {"domain", c.domain},
                       {"path", c.path},
                       {"secure", c.secure},
                       {"httpOnly", c.http_only},
                       {"sameSite", c.same_site},
                       {"expires", c.expires}});
  return {{"headers", headers},
          {"cookies", cookies},
          {"username", s.http_auth.username},
          {"password", s.http_auth.password}};
}

page_secrets secrets_from_json(const json& j) {
  page_secrets s;
  for (const auto& h : j.at("headers"))
    s.headers.push_back(
      {h.at(0).get<std::string>(), h.at(1).get<std::string>()});
  for (const auto& c : j.at("cookies")) {
    page_cookie cookie;
    cookie.name = c.value("name", "");
    cookie.value = c.value("value", "");
    cookie.domain = c.value("domain", "");
    cookie.path = c.value("path", "/");
    cookie.secure = c.value("secure", false);
    cookie.http_only = c.value("httpOnly", false);
    cookie.same_site = c.value("sameSite", "");
    cookie.expires = c.value("expires", int64_t{0});
    s.cookies.push_back(std::move(cookie));
  }
  s.http_auth.username = j.value("username", "");
  s.http_auth.password = j.value("password", "");
  return s;
}

} // namespace

sqlite_store::sqlite_store(const std::string& path, secrets::secret_box box)
  : path_(path), box_(std::move(box)) {
  auto fail = [&](const std::string& why) {
    std::string message = "database " + path_ + ": " + why;
    if (db_) {
      sqlite3_close(db_);
      db_ = nullptr;
    }
    throw std::runtime_error(message);
  };
  if (sqlite3_open_v2(path.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                        SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK)
    fail(db_ ? sqlite3_errmsg(db_) : "cannot open");
  sqlite3_busy_timeout(db_, 5000);
  // A file that is not a database, or a damaged one, fails here: refuse to
  // start rather than serve (or overwrite) broken data.
  std::string check;
  {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, "PRAGMA quick_check", -1, &stmt, nullptr) !=
        SQLITE_OK)
      fail(std::string{sqlite3_errmsg(db_)} +
           " (the file is corrupt or not a Pinhole database; move it away "
           "to start with an empty one)");
    if (sqlite3_step(stmt) == SQLITE_ROW)
      check = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    else
      check = sqlite3_errmsg(db_);
    sqlite3_finalize(stmt);
  }
  if (check != "ok")
    fail("integrity check failed: " + check +
         " (move the file away to start with an empty one)");
  // secure_delete: erased secrets are overwritten with zeros in the file,
  // not left in a free page.
  for (auto sql : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                   "PRAGMA secure_delete=ON"})
    if (auto err = exec(sql); !err.empty())
      fail(err);
  if (auto err = exec(schema); !err.empty())
    fail(err);
  if (auto err = add_missing_columns(); !err.empty())
    fail(err);
}

std::string sqlite_store::add_missing_columns() {
  for (const auto& [name, definition] : added_columns) {
    statement q{db_, "SELECT 1 FROM pragma_table_info('captures') "
                     "WHERE name = ?1"};
    q.text(1, name);
    if (sqlite3_step(q.handle) == SQLITE_ROW)
      continue;
    auto sql =
      std::string{"ALTER TABLE captures ADD COLUMN "} + name + " " + definition;
    if (auto err = exec(sql.c_str()); !err.empty())
      return err;
  }
  return {};
}

sqlite_store::~sqlite_store() {
  if (db_)
    sqlite3_close(db_);
}

std::string sqlite_store::exec(const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) == SQLITE_OK)
    return {};
  std::string message = error ? error : "unknown SQLite error";
  sqlite3_free(error);
  return message;
}

std::vector<capture_record>
sqlite_store::load_captures(const std::string& image_dir) {
  statement q{db_,
              "SELECT id, owner, options, state, created_at, started_at, "
              "completed_at, attempts, idempotency_key, image_file, "
              "file_size, width, height, http_status, truncated, error_code, "
              "error_message, expires_at, webhook_state, webhook_attempts, "
              "webhook_last_error, script_error, secrets, cache_key, cached, "
              "blocked_requests FROM captures "
              "ORDER BY created_at, rowid"};
  std::vector<capture_record> out;
  while (sqlite3_step(q.handle) == SQLITE_ROW) {
    capture_record r;
    r.id = q.column_text(0);
    r.owner = q.column_text(1);
    try {
      r.options = options_from_json(json::parse(q.column_text(2)));
    } catch (const json::exception& e) {
      throw std::runtime_error("database " + path_ + ": capture " + r.id +
                               " has unreadable options: " + e.what());
    }
    r.state = static_cast<capture_state>(q.column_int(3));
    r.created_at = q.column_int(4);
    r.started_at = q.column_int(5);
    r.completed_at = q.column_int(6);
    r.attempts = static_cast<int32_t>(q.column_int(7));
    r.idempotency_key = q.column_text(8);
    auto file = q.column_text(9);
    r.image_path = file.empty() ? "" : image_dir + "/" + file;
    r.file_size = q.column_int(10);
    r.width = static_cast<int32_t>(q.column_int(11));
    r.height = static_cast<int32_t>(q.column_int(12));
    r.http_status = static_cast<int32_t>(q.column_int(13));
    r.truncated = q.column_int(14) != 0;
    r.error.code = static_cast<error_code>(q.column_int(15));
    r.error.message = q.column_text(16);
    r.expires_at = q.column_int(17);
    r.webhook_state = q.column_text(18);
    r.webhook_attempts = static_cast<int32_t>(q.column_int(19));
    r.webhook_last_error = q.column_text(20);
    r.script_error = q.column_text(21);
    r.cache_key = q.column_text(23);
    r.cached = q.column_int(24) != 0;
    r.blocked_requests = static_cast<int32_t>(q.column_int(25));
    auto sealed = q.column_blob(22);
    if (!sealed.empty() && is_unfinished(r.state)) {
      try {
        r.options.secrets =
          secrets_from_json(json::parse(box_.open(sealed, r.id)));
      } catch (const std::exception& e) {
        // Running it without its headers, cookies or login would take a
        // picture of another page than the one asked for.
        r.error = failure{error_code::internal,
                          "its headers, cookies or httpAuth could not be "
                          "decrypted after the restart (was "
                          "storage.secrets_key_file changed?): " +
                            std::string{e.what()}};
      }
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<tombstone_record> sqlite_store::load_tombstones() {
  statement q{db_, "SELECT id, owner, forget_at FROM tombstones"};
  std::vector<tombstone_record> out;
  while (sqlite3_step(q.handle) == SQLITE_ROW)
    out.push_back({q.column_text(0), q.column_text(1), q.column_int(2)});
  return out;
}

std::string sqlite_store::save(const capture_record& r) {
  try {
    statement q{
      db_, "INSERT OR REPLACE INTO captures (id, owner, options, state, "
           "created_at, started_at, completed_at, attempts, "
           "idempotency_key, image_file, file_size, width, height, "
           "http_status, truncated, error_code, error_message, "
           "expires_at, webhook_state, webhook_attempts, "
           "webhook_last_error, script_error, secrets, cache_key, cached, "
           "blocked_requests) "
           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
           "?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)"};
    q.text(1, r.id);
    q.text(2, r.owner);
    q.text(3, options_to_json(r.options).dump());
    q.integer(4, static_cast<int64_t>(r.state));
    q.integer(5, r.created_at);
    q.integer(6, r.started_at);
    q.integer(7, r.completed_at);
    q.integer(8, r.attempts);
    q.text(9, r.idempotency_key);
    q.text(10, r.image_path.empty()
                 ? ""
                 : std::filesystem::path{r.image_path}.filename().string());
    q.integer(11, r.file_size);
    q.integer(12, r.width);
    q.integer(13, r.height);
    q.integer(14, r.http_status);
    q.integer(15, r.truncated ? 1 : 0);
    q.integer(16, static_cast<int64_t>(r.error.code));
    q.text(17, r.error.message);
    q.integer(18, r.expires_at);
    q.text(19, r.webhook_state);
    q.integer(20, r.webhook_attempts);
    q.text(21, r.webhook_last_error);
    q.text(22, r.script_error);
    // Kept (sealed) only while the capture may still run.
    if (is_unfinished(r.state) && !r.options.secrets.empty())
      q.blob(23, box_.seal(secrets_to_json(r.options.secrets).dump(), r.id));
    else
      q.blob(23, {});
    q.text(24, r.cache_key);
    q.integer(25, r.cached ? 1 : 0);
    q.integer(26, r.blocked_requests);
    if (sqlite3_step(q.handle) != SQLITE_DONE)
      return std::string{"cannot save capture "} + r.id + ": " +
             sqlite3_errmsg(db_);
    return {};
  } catch (const std::exception& e) {
    return e.what();
  }
}

std::string sqlite_store::remove(const std::vector<capture_record>& records,
                                 timestamp_ms forget_at) {
  try {
    if (auto err = exec("BEGIN"); !err.empty())
      return err;
    statement del{db_, "DELETE FROM captures WHERE id = ?1"};
    statement tomb{db_, "INSERT OR REPLACE INTO tombstones (id, owner, "
                        "forget_at) VALUES (?1, ?2, ?3)"};
    for (const auto& r : records) {
      del.text(1, r.id);
      sqlite3_step(del.handle);
      sqlite3_reset(del.handle);
      if (forget_at > 0) {
        tomb.text(1, r.id);
        tomb.text(2, r.owner);
        tomb.integer(3, forget_at);
        sqlite3_step(tomb.handle);
        sqlite3_reset(tomb.handle);
      }
    }
    return exec("COMMIT");
  } catch (const std::exception& e) {
    exec("ROLLBACK");
    return e.what();
  }
}

std::string sqlite_store::forget_tombstones(timestamp_ms now) {
  statement q{db_, "DELETE FROM tombstones WHERE forget_at <= ?1"};
  q.integer(1, now);
  if (sqlite3_step(q.handle) != SQLITE_DONE)
    return sqlite3_errmsg(db_);
  return {};
}

} // namespace pinhole::sqlite
