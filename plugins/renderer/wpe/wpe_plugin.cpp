#include "plugins/renderer/wpe/wpe_plugin.hpp"

#include <memory>
#include <stdexcept>

#include "config/config_error.hpp"
#include "config/config_loader.hpp"
#include "plugins/renderer/wpe/wpe_host.hpp"
#include "plugins/renderer/wpe/wpe_renderer.hpp"

namespace po = boost::program_options;

namespace pinhole::wpe {

namespace {

full_page_strategy method_named(const po::variables_map& vm) {
  const char* key = "renderer.wpe.full_page_method";
  auto name = vm[key].as<std::string>();
  if (auto strategy = full_page_strategy_named(name))
    return *strategy;
  std::string names;
  for (const char* known : full_page_method_names)
    names += (names.empty() ? "" : ", ") + std::string{known};
  throw config_error(std::string{key} + " must be one of " + names + ", not '" +
                     name + "'");
}

void declare_options(po::options_description& desc) {
  // The defaults are wpe_settings' own, so the renderer started from code
  // (tests, the benchmark's bare engine) and from the configuration agree.
  const wpe_settings defaults;
  desc.add_options()("renderer.wpe.views",
                     po::value<int>()->default_value(defaults.views),
                     "warm WPE web views (one WebProcess each)")(
    "renderer.wpe.recycle_after",
    po::value<int>()->default_value(defaults.recycle_after),
    "replace a view with a fresh one after this many captures")(
    "renderer.wpe.asset_wait_ms",
    po::value<int>()->default_value(defaults.asset_wait_ms),
    "longest wait for web fonts, visible images, the page's fetch/XHR and "
    "CSS animations that end in time before the picture")(
    "renderer.wpe.network_quiet_ms",
    po::value<int>()->default_value(defaults.network_quiet_ms),
    "a page's fetch/XHR data counts as complete once no call has been in "
    "flight for this long; a follow-up call started later is missed")(
    "renderer.wpe.max_frame_rows",
    po::value<int>()->default_value(defaults.max_frame_rows),
    "full pages taller than this (device px) are taken "
    "in segments and stitched: lower saves memory")(
    "renderer.wpe.full_page_budget_mpx",
    po::value<int>()->default_value(defaults.full_page_budget_mpx),
    "device megapixels that views grown for full pages may hold at once "
    "(a 1280x6000 page is 7.7); a full page that does not fit waits, one "
    "may always grow; 100000 = no limit")(
    "renderer.wpe.full_page_method",
    po::value<std::string>()->default_value(
      full_page_method_names[static_cast<int>(defaults.full_page_method)]),
    "how full pages are taken: auto (grow the view to the page when its "
    "layout does not depend on the view's height, else scroll and stitch at "
    "the requested viewport), grow (always, unchecked: wrong for pages "
    "sized from the viewport) or scroll (always scroll and stitch)")(
    "renderer.wpe.reset_timeout_ms",
    po::value<int>()->default_value(defaults.reset_timeout_ms),
    "a view whose clean-up between captures takes longer is replaced")(
    "renderer.wpe.memory_limit_mb",
    po::value<int>()->default_value(defaults.memory_limit_mb),
    "a WebProcess over 40 % of this many MB drops its caches, over 60 % it "
    "also collects garbage and gives free memory back; 0 = the engine's "
    "default (3 GB)")(
    "renderer.wpe.ad_block_list",
    po::value<std::string>()->default_value(defaults.ad_block_list),
    "the filter list (Adblock Plus syntax) of blockAds")(
    "renderer.wpe.tracker_block_list",
    po::value<std::string>()->default_value(defaults.tracker_block_list),
    "the filter list (Adblock Plus syntax) of blockTrackers")(
    "renderer.wpe.content_filter_dir",
    po::value<std::string>()->default_value(defaults.content_filter_dir),
    "where the block lists' compiled content filters are kept, compiled at "
    "start-up when missing (empty: <storage.dir>/content-filters; without a "
    "storage.dir, as pinhole capture and workers run, a temp folder filled "
    "when a capture first blocks)");
}

wpe_settings parse_settings(const po::variables_map& vm) {
  wpe_settings settings;
  settings.views = int_in_range(vm, "renderer.wpe.views", 1, 64);
  settings.recycle_after =
    int_in_range(vm, "renderer.wpe.recycle_after", 1, 1000000);
  settings.asset_wait_ms =
    int_in_range(vm, "renderer.wpe.asset_wait_ms", 0, 600000);
  settings.network_quiet_ms =
    int_in_range(vm, "renderer.wpe.network_quiet_ms", 0, 60000);
  settings.max_frame_rows =
    int_in_range(vm, "renderer.wpe.max_frame_rows", 512, 16384);
  settings.full_page_budget_mpx =
    int_in_range(vm, "renderer.wpe.full_page_budget_mpx", 1, 100000);
  settings.full_page_method = method_named(vm);
  settings.reset_timeout_ms =
    int_in_range(vm, "renderer.wpe.reset_timeout_ms", 100, 600000);
  settings.memory_limit_mb =
    int_in_range(vm, "renderer.wpe.memory_limit_mb", 0, 1048576);
  settings.ad_block_list = vm["renderer.wpe.ad_block_list"].as<std::string>();
  settings.tracker_block_list =
    vm["renderer.wpe.tracker_block_list"].as<std::string>();
  settings.content_filter_dir =
    vm["renderer.wpe.content_filter_dir"].as<std::string>();
  return settings;
}

void validate(const po::variables_map& vm) {
  parse_settings(vm);
}

renderer_actor spawn_from_config(caf::actor_system& system,
                                 const po::variables_map& vm,
                                 const plugin_environment& environment) {
  auto settings = parse_settings(vm);
  if (settings.content_filter_dir.empty() && !environment.storage_dir.empty())
    settings.content_filter_dir = environment.storage_dir + "/content-filters";
  return spawn_renderer(system, settings, environment);
}

} // namespace

renderer_plugin descriptor() {
  return {"wpe", declare_options, validate, spawn_from_config};
}

renderer_actor spawn_renderer(caf::actor_system& system, wpe_settings settings,
                              const plugin_environment& environment) {
  auto host = std::make_shared<wpe_host>(settings, environment.egress,
                                         environment.metrics);
  std::string error;
  if (!host->start(error))
    throw std::runtime_error("WPE renderer cannot start: " + error);
  return system.spawn(wpe_renderer, std::move(host));
}

} // namespace pinhole::wpe
