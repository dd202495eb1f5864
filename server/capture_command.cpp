#include <chrono>
#include <iostream>
#include <sstream>

#include <boost/program_options.hpp>
#include <caf/all.hpp>
#include <nlohmann/json.hpp>

#include "actors/image_files.hpp"
#include "actors/supervisor_protocol.hpp"
#include "config/config_error.hpp"
#include "config/config_loader.hpp"
#include "plugins/plugin.hpp"
#include "server/commands.hpp"
#include "server/request_parser.hpp"

namespace po = boost::program_options;

namespace pinhole {

namespace {

/// A flag and the API field (SPEC §1.1) it sets: the flags are validated
/// by the API's own request parser, so both accept the same values.
struct field_flag {
  const char* flag;
  const char* field;
  const char* help;
};

const field_flag int_flags[] = {
  {"width", "viewportWidth", "viewport width, CSS px (API: viewportWidth)"},
  {"height", "viewportHeight", "viewport height, CSS px (API: viewportHeight)"},
  {"delay", "delay", "ms to wait after load before the picture (API: delay)"},
  {"timeout", "timeout", "whole render budget in ms (API: timeout)"},
  {"quality", "quality", "1..100 for jpeg/webp (API: quality)"},
  {"image-width", "imageWidth",
   "scale the picture to this width, px (API: imageWidth)"},
  {"image-height", "imageHeight",
   "scale the picture to this height, px (API: imageHeight)"},
};
const field_flag text_flags[] = {
  {"user-agent", "userAgent",
   "User-Agent header and navigator.userAgent (API: userAgent)"},
  {"format", "format", "png, jpeg or webp (API: format)"},
  {"fit", "fit",
   "contain, cover or fill, with both --image-width and --image-height "
   "(API: fit)"},
  {"selector", "selector",
   "the picture is the first matching element's box (API: selector)"},
  {"wait-for-selector", "waitForSelector",
   "wait until a visible element matches (API: waitForSelector)"},
  {"css", "css", "a style sheet added to the page (API: css)"},
  {"js", "js", "a script run after the load (API: js)"},
};

po::options_description capture_flags() {
  po::options_description desc{
    "Usage: pinhole capture URL -o out.png [options]\n\n"
    "Unset options take the API's defaults; values are checked like the "
    "API's fields"};
  auto add = desc.add_options();
  add("help,h", "this help");
  add("output,o", po::value<std::string>(), "where to write the image");
  add("url", po::value<std::string>(), "the page (also the first positional)");
  for (const auto& f : int_flags)
    add(f.flag, po::value<int64_t>(), f.help);
  add("scale", po::value<double>(),
      "device scale factor (API: "
      "deviceScaleFactor)");
  for (const auto& f : text_flags)
    add(f.flag, po::value<std::string>(), f.help);
  add("hide", po::value<std::vector<std::string>>()->composing(),
      "hide the elements matching this selector; repeat for more (API: "
      "hideSelectors)");
  add("header,H", po::value<std::vector<std::string>>()->composing(),
      "'Name: value', sent with the page's requests to its own origin; "
      "repeat for more (API: headers)");
  add("cookie", po::value<std::vector<std::string>>()->composing(),
      "'name=value', a cookie of the page's host set before the load; "
      "repeat for more (API: cookies)");
  add("user,u", po::value<std::string>(),
      "'username:password' for the page's HTTP authentication (API: "
      "httpAuth)");
  add("clip", po::value<std::string>(),
      "X,Y,WIDTH,HEIGHT in CSS px: only that rectangle of the viewport (of "
      "the page with --full-page) (API: clip)");
  add("block-cookie-banners",
      "hide the consent dialogs of the common consent platforms (API: "
      "blockCookieBanners)");
  add("omit-background",
      "no white base under the page: what it leaves unpainted is "
      "transparent (png, webp) (API: omitBackground)");
  add("block-ads",
      "block the requests EasyList lists and hide its generic ad containers "
      "(API: blockAds)");
  add("block-trackers",
      "block the requests EasyPrivacy lists (API: blockTrackers)");
  add("full-page",
      "the whole scrollable page laid out for the viewport, not just its "
      "first screen (API: fullPage)");
  add("max-page-height",
      po::value<int>()->default_value(capture_settings{}.max_page_height),
      "full pages are cut at this many CSS px (capture.max_page_height)");
  add("renderer.plugin",
      po::value<std::string>()->default_value(plugin_names{}.renderer),
      "renderer plugin");
  for (const auto& plugin : builtin_plugins().renderers)
    plugin.declare_options(desc);
  return desc;
}

/// "1,2,3" as {1, 2, 3}; empty when any item is not a whole number.
std::vector<int64_t> whole_numbers(const std::string& list) {
  std::vector<int64_t> numbers;
  std::stringstream text{list};
  std::string item;
  while (std::getline(text, item, ',')) {
    size_t used = 0;
    try {
      numbers.push_back(std::stoll(item, &used));
    } catch (const std::exception&) {
      return {};
    }
    if (used != item.size())
      return {};
  }
  return numbers;
}

/// --header, --cookie and --user as the API's headers, cookies and
/// httpAuth (the parser checks them further). Returns "" or why a flag is
/// not of its form.
std::string add_secret_flags(const po::variables_map& vm,
                             nlohmann::json& body) {
  if (vm.count("header"))
    for (const auto& line : vm["header"].as<std::vector<std::string>>()) {
      auto colon = line.find(':');
      if (colon == std::string::npos)
        return "--header must be 'Name: value'";
      auto value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(" \t"));
      body["headers"][line.substr(0, colon)] = value;
    }
  if (vm.count("cookie"))
    for (const auto& pair : vm["cookie"].as<std::vector<std::string>>()) {
      auto equals = pair.find('=');
      if (equals == std::string::npos || equals == 0)
        return "--cookie must be 'name=value'";
      body["cookies"].push_back(
        {{"name", pair.substr(0, equals)}, {"value", pair.substr(equals + 1)}});
    }
  if (vm.count("user")) {
    auto user = vm["user"].as<std::string>();
    auto colon = user.find(':');
    if (colon == std::string::npos)
      return "--user must be 'username:password'";
    body["httpAuth"] = {{"username", user.substr(0, colon)},
                        {"password", user.substr(colon + 1)}};
  }
  return {};
}

/// The flags as a request body, checked by the API's parser. An empty
/// `error` means `options` holds the capture.
parsed_request options_from(const po::variables_map& vm,
                            const capture_settings& limits) {
  nlohmann::json body{{"url", vm["url"].as<std::string>()}};
  for (const auto& f : int_flags)
    if (vm.count(f.flag))
      body[f.field] = vm[f.flag].as<int64_t>();
  for (const auto& f : text_flags)
    if (vm.count(f.flag))
      body[f.field] = vm[f.flag].as<std::string>();
  if (vm.count("scale"))
    body["deviceScaleFactor"] = vm["scale"].as<double>();
  if (vm.count("full-page"))
    body["fullPage"] = true;
  if (vm.count("block-cookie-banners"))
    body["blockCookieBanners"] = true;
  if (vm.count("omit-background"))
    body["omitBackground"] = true;
  if (vm.count("block-ads"))
    body["blockAds"] = true;
  if (vm.count("block-trackers"))
    body["blockTrackers"] = true;
  if (vm.count("hide"))
    body["hideSelectors"] = vm["hide"].as<std::vector<std::string>>();
  if (auto refused = add_secret_flags(vm, body); !refused.empty()) {
    parsed_request out;
    out.error = failure{error_code::invalid_request, refused};
    return out;
  }
  if (vm.count("clip")) {
    // "X,Y,W,H" -> the API's object; the parser checks the numbers.
    auto numbers = whole_numbers(vm["clip"].as<std::string>());
    if (numbers.size() != 4) {
      parsed_request refused;
      refused.error = failure{error_code::invalid_request,
                              "--clip must be X,Y,WIDTH,HEIGHT (four whole "
                              "numbers, CSS px)"};
      return refused;
    }
    body["clip"] = {{"x", numbers[0]},
                    {"y", numbers[1]},
                    {"width", numbers[2]},
                    {"height", numbers[3]}};
  }
  return parse_capture_request(body.dump(), limits);
}

int render_to_file(const renderer_plugin& plugin, const po::variables_map& vm,
                   const capture_options& options, int32_t max_page_height) {
  auto started = std::chrono::steady_clock::now();
  caf::actor_system_config cfg;
  configure_actor_system(cfg);
  caf::actor_system system{cfg};
  renderer_actor renderer;
  try {
    // The operator's own tool, like curl: direct access, no network policy.
    renderer = plugin.spawn(system, vm, plugin_environment{});
  } catch (const std::exception& e) {
    std::cerr << "pinhole capture: " << e.what() << "\n";
    return 1;
  }
  int exit_code = 1;
  caf::scoped_actor self{system};
  self
    ->request(renderer, std::chrono::milliseconds(options.timeout_ms + 5000),
              render_atom::value,
              make_render_job("cli", options, max_page_height))
    .receive(
      [&](render_outcome& out) {
        if (!out.error.ok()) {
          std::cerr << "pinhole capture: " << to_string(out.error.code) << ": "
                    << out.error.message << "\n";
          return;
        }
        std::string error;
        const auto& bytes = out.image.bytes;
        auto path = vm["output"].as<std::string>();
        if (!write_file_atomically(path, bytes, error)) {
          std::cerr << "pinhole capture: " << error << "\n";
          return;
        }
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - started)
                    .count();
        std::cout << "saved " << path << " (" << out.image.width << "x"
                  << out.image.height << ", " << bytes.size() << " bytes, HTTP "
                  << out.http_status << ") in " << ms << " ms\n";
        if (!out.script_error.empty())
          std::cout << "the page's --js threw: " << out.script_error << "\n";
        if (options.page.block_ads || options.page.block_trackers)
          std::cout << "blocked " << out.blocked_requests << " requests\n";
        exit_code = 0;
      },
      [&](caf::error& err) {
        std::cerr << "pinhole capture: " << caf::to_string(err) << "\n";
      });
  self->send_exit(renderer, caf::exit_reason::user_shutdown);
  return exit_code;
}

} // namespace

int run_capture(const std::vector<std::string>& args) {
  auto desc = capture_flags();
  po::positional_options_description positional;
  positional.add("url", 1);
  po::variables_map vm;
  try {
    po::store(
      po::command_line_parser(args).options(desc).positional(positional).run(),
      vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "pinhole capture: " << describe_option_error(e) << "\n";
    return 2;
  }
  if (vm.count("help")) {
    std::cout << desc << std::endl;
    return 0;
  }
  if (!vm.count("url") || !vm.count("output")) {
    std::cerr << "pinhole capture: give a URL and -o FILE\n" << desc;
    return 2;
  }
  capture_settings limits;
  const renderer_plugin* plugin = nullptr;
  try {
    limits.max_page_height = int_in_range(vm, "max-page-height", 1, 1000000);
    plugin = &choose_renderer(vm);
  } catch (const config_error& e) {
    std::cerr << "pinhole capture: " << e.what() << "\n";
    return 2;
  }
  auto parsed = options_from(vm, limits);
  if (!parsed.error.ok()) {
    std::cerr << "pinhole capture: " << parsed.error.message << "\n";
    return 2;
  }
  return render_to_file(*plugin, vm, parsed.options, limits.max_page_height);
}

} // namespace pinhole
