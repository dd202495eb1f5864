#include "plugins/renderer/wpe/content_filters.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <malloc.h>
#include <sstream>

#include "config/sha256.hpp"
#include "plugins/renderer/wpe/filter_list.hpp"

namespace pinhole::wpe {

namespace {

/// Bumped whenever convert_filter_list() converts differently, so that a
/// store never serves a filter compiled by an earlier converter.
constexpr const char* converter_version = "1";

const char* name_of(filter_list_kind kind) {
  return kind == filter_list_kind::ads ? "blockAds" : "blockTrackers";
}

bool read_file(const std::string& path, std::string& text) {
  std::ifstream in{path, std::ios::binary};
  if (!in)
    return false;
  std::ostringstream out;
  out << in.rdbuf();
  text = out.str();
  return static_cast<bool>(in) || in.eof();
}

/// WebKit content-filter identifiers become file names: letters, digits,
/// '-' and '.' only.
std::string identifier_of(const std::string& path, const std::string& text) {
  std::string name = std::filesystem::path{path}.stem().string();
  for (auto& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-')
      c = '-';
  return name + "-" +
         sha256_hex(std::string{converter_version} + "\n" + text).substr(0, 16);
}

} // namespace

content_filters::content_filters(std::array<std::string, 2> list_paths,
                                 std::string store_dir,
                                 std::function<void()> on_settled)
  : on_settled_(std::move(on_settled)), calls_{
                                          call{this, filter_list_kind::ads},
                                          call{this,
                                               filter_list_kind::trackers}} {
  for (size_t i = 0; i < lists_.size(); ++i)
    lists_[i].path = std::move(list_paths[i]);
  std::error_code ignored;
  std::filesystem::create_directories(store_dir, ignored);
  store_ = webkit_user_content_filter_store_new(store_dir.c_str());
  cancellable_ = g_cancellable_new();
}

content_filters::~content_filters() {
  g_cancellable_cancel(cancellable_);
  g_object_unref(cancellable_);
  for (auto& l : lists_)
    if (l.filter)
      webkit_user_content_filter_unref(l.filter);
  g_object_unref(store_);
}

void content_filters::prepare(filter_list_kind kind) {
  auto& l = lists_[index(kind)];
  if (l.state != filter_state::not_asked)
    return;
  l.state = filter_state::looking_up;
  if (!read_file(l.path, l.text))
    return settle(kind, nullptr,
                  std::string{name_of(kind)} + " is unavailable: cannot read " +
                    l.path + " (renderer.wpe." +
                    (kind == filter_list_kind::ads ? "ad" : "tracker") +
                    "_block_list; Debian ships it in "
                    "webext-ublock-origin-chromium)");
  l.identifier = identifier_of(l.path, l.text);
  webkit_user_content_filter_store_load(store_, l.identifier.c_str(),
                                        cancellable_, on_looked_up,
                                        &calls_[index(kind)]);
}

void content_filters::on_looked_up(GObject* store, GAsyncResult* result,
                                   gpointer data) {
  GError* error = nullptr;
  auto* filter = webkit_user_content_filter_store_load_finish(
    WEBKIT_USER_CONTENT_FILTER_STORE(store), result, &error);
  if (error && g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
    g_error_free(error);
    return; // the filters went
  }
  if (error)
    g_error_free(error);
  auto* c = static_cast<call*>(data);
  if (filter)
    return c->self->settle(c->kind, filter, {});
  c->self->compile(c->kind);
}

void content_filters::compile(filter_list_kind kind) {
  auto& l = lists_[index(kind)];
  l.state = filter_state::compiling;
  std::string json;
  {
    auto converted = convert_filter_list(l.text);
    json = converted.rules.dump();
    std::cerr << "pinhole: " << name_of(kind) << ": compiling " << l.path
              << " once (" << converted.taken << " filters taken, "
              << converted.skipped
              << " skipped: regular expressions, domain-specific or extended "
                 "hiding, unsupported options)\n";
  }
  l.text.clear();
  l.text.shrink_to_fit();
  auto* bytes = g_bytes_new(json.data(), json.size());
  json.clear();
  json.shrink_to_fit();
  webkit_user_content_filter_store_save(store_, l.identifier.c_str(), bytes,
                                        cancellable_, on_compiled,
                                        &calls_[index(kind)]);
  g_bytes_unref(bytes);
}

void content_filters::on_compiled(GObject* store, GAsyncResult* result,
                                  gpointer data) {
  GError* error = nullptr;
  auto* filter = webkit_user_content_filter_store_save_finish(
    WEBKIT_USER_CONTENT_FILTER_STORE(store), result, &error);
  if (error && g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
    g_error_free(error);
    return;
  }
  auto* c = static_cast<call*>(data);
  std::string why;
  if (!filter)
    why = std::string{name_of(c->kind)} + " is unavailable: WebKit cannot " +
          "compile " + c->self->lists_[index(c->kind)].path + ": " +
          (error ? error->message : "unknown error");
  if (error)
    g_error_free(error);
  c->self->settle(c->kind, filter, std::move(why));
  // The conversion and WebKit's compiler leave ~90 MiB of freed heap in this
  // process, which glibc would keep for the service's whole life: hand it
  // back (a compile happens once per list version).
  malloc_trim(0);
}

void content_filters::settle(filter_list_kind kind,
                             WebKitUserContentFilter* filter,
                             std::string error) {
  auto& l = lists_[index(kind)];
  l.text.clear();
  l.text.shrink_to_fit();
  l.filter = filter;
  l.state = filter ? filter_state::ready : filter_state::unavailable;
  l.error = std::move(error);
  if (!filter)
    std::cerr << "pinhole: " << l.error << "\n";
  on_settled_();
}

} // namespace pinhole::wpe
