#pragma once

#include <array>
#include <functional>
#include <string>

#include <wpe/webkit.h>

namespace pinhole::wpe {

/// The lists blockAds and blockTrackers block with.
enum class filter_list_kind { ads, trackers };

/// Where one list's compiled WebKit content filter is.
///   not_asked -> looking_up -> (ready | compiling -> (ready | unavailable))
enum class filter_state {
  /// Nothing done yet: the first job that needs it starts the look-up.
  not_asked,
  /// Looking for the list's compiled filter in the store.
  looking_up,
  /// Not in the store: converting the list and compiling it (seconds).
  compiling,
  /// The filter can be added to a view.
  ready,
  /// The list cannot be read or compiled; error() says why.
  unavailable,
};

/// The compiled content filters of the ad and tracker lists (EasyList and
/// EasyPrivacy by default; filter_list.hpp converts them). Compiling one
/// takes seconds and hundreds of MB, so it happens once per list version:
/// the store (a folder) keeps each list's filter under an identifier made
/// of the list's name and the SHA-256 of its text, and later starts only
/// load it. Lives on the GLib thread of its host; every method is called
/// there.
class content_filters {
public:
  /// `list_paths` indexed by filter_list_kind; `store_dir` holds the
  /// compiled filters; `on_settled` is called whenever a list becomes
  /// ready or unavailable (jobs may wait for it).
  content_filters(std::array<std::string, 2> list_paths, std::string store_dir,
                  std::function<void()> on_settled);
  ~content_filters();

  content_filters(const content_filters&) = delete;
  content_filters& operator=(const content_filters&) = delete;

  /// Starts looking up (and if needed compiling) `kind`; nothing when it
  /// is under way or done.
  void prepare(filter_list_kind kind);

  /// A list is being looked up or compiled.
  bool busy() const {
    for (const auto& l : lists_)
      if (l.state == filter_state::looking_up ||
          l.state == filter_state::compiling)
        return true;
    return false;
  }

  filter_state state(filter_list_kind kind) const {
    return lists_[index(kind)].state;
  }

  /// The compiled filter while state() is ready, else null.
  WebKitUserContentFilter* filter(filter_list_kind kind) const {
    return lists_[index(kind)].filter;
  }

  /// Why state() is unavailable.
  const std::string& error(filter_list_kind kind) const {
    return lists_[index(kind)].error;
  }

private:
  struct list {
    std::string path;
    filter_state state = filter_state::not_asked;
    std::string identifier; // "<file name>-<sha256 of text and converter>"
    std::string text;       // the list, while it is being looked up/compiled
    WebKitUserContentFilter* filter = nullptr;
    std::string error;
  };
  /// A store call under way: the list it is for, alive while the store is.
  struct call {
    content_filters* self;
    filter_list_kind kind;
  };

  static size_t index(filter_list_kind kind) {
    return static_cast<size_t>(kind);
  }
  static void on_looked_up(GObject* store, GAsyncResult* result, gpointer data);
  static void on_compiled(GObject* store, GAsyncResult* result, gpointer data);
  void compile(filter_list_kind kind);
  void settle(filter_list_kind kind, WebKitUserContentFilter* filter,
              std::string error);

  std::array<list, 2> lists_;
  WebKitUserContentFilterStore* store_ = nullptr;
  std::function<void()> on_settled_;
  std::array<call, 2> calls_;
  /// Cancelled when this goes: store calls under way must not reach it.
  GCancellable* cancellable_ = nullptr;
};

} // namespace pinhole::wpe
