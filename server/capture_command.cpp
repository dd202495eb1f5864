#include <chrono>
#include <iostream>

#include <boost/program_options.hpp>
#include <caf/all.hpp>

#include "actors/image_encoder.hpp"
#include "actors/image_files.hpp"
#include "actors/supervisor_protocol.hpp"
#include "config/config_loader.hpp"
#include "plugins/renderer/wpe/wpe_plugin.hpp"
#include "server/commands.hpp"
#include "server/request_parser.hpp"

namespace po = boost::program_options;

namespace pinhole {

namespace {

po::options_description capture_flags() {
  po::options_description desc{
    "Usage: pinhole capture URL -o out.png [options]"};
  desc.add_options()("help,h", "this help")(
    "output,o", po::value<std::string>(), "where to write the image")(
    "width", po::value<int>()->default_value(1280), "viewport width, CSS px")(
    "height", po::value<int>()->default_value(800), "viewport height, CSS px")(
    "scale", po::value<double>()->default_value(1.0),
    "device scale factor 1..3")("delay", po::value<int>()->default_value(0),
                                "ms to wait after load before the picture")(
    "timeout", po::value<int>()->default_value(30000),
    "whole render budget in ms")("user-agent",
                                 po::value<std::string>()->default_value(""),
                                 "User-Agent header and navigator.userAgent")(
    "format", po::value<std::string>()->default_value("png"),
    "png, jpeg or webp")("quality", po::value<int>()->default_value(80),
                         "1..100 for jpeg/webp")(
    "full-page",
    "the whole scrollable page laid out for the viewport, not just its "
    "first screen")("max-page-height", po::value<int>()->default_value(32768),
                    "full pages are cut at this many CSS px")(
    "url", po::value<std::string>(), "the page (also the first positional)");
  return desc;
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
  capture_options options;
  options.url = vm["url"].as<std::string>();
  options.viewport_width = vm["width"].as<int>();
  options.viewport_height = vm["height"].as<int>();
  options.device_scale_factor = vm["scale"].as<double>();
  options.delay_ms = vm["delay"].as<int>();
  options.timeout_ms = vm["timeout"].as<int>();
  options.user_agent = vm["user-agent"].as<std::string>();
  if (auto why = check_http_url("URL", options.url); !why.empty()) {
    std::cerr << "pinhole capture: " << why << "\n";
    return 2;
  }
  options.full_page = vm.count("full-page") > 0;
  options.quality = vm["quality"].as<int>();
  if (!parse_image_format(vm["format"].as<std::string>(), options.format)) {
    std::cerr << "pinhole capture: --format must be png, jpeg or webp\n";
    return 2;
  }
  auto max_page_height = vm["max-page-height"].as<int>();
  if (options.viewport_width < 1 || options.viewport_height < 1 ||
      options.device_scale_factor < 1 || options.device_scale_factor > 3 ||
      options.delay_ms < 0 || options.timeout_ms < 1000) {
    std::cerr << "pinhole capture: --width/--height must be >= 1, --scale "
                 "1..3, --delay >= 0, --timeout >= 1000, --quality 1..100\n";
    return 2;
  }
  auto started = std::chrono::steady_clock::now();
  caf::actor_system_config cfg;
  configure_actor_system(cfg);
  caf::actor_system system{cfg};
  renderer_actor renderer;
  try {
    wpe::wpe_settings engine;
    engine.views = 1; // one capture, one WebProcess
    // The operator's own tool, like curl: no network policy, no proxy.
    renderer = wpe::spawn_renderer(system, engine);
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
        auto bytes =
          encode_image(out.image, options.format, options.quality, error);
        auto path = vm["output"].as<std::string>();
        if (bytes.empty() || !write_file_atomically(path, bytes, error)) {
          std::cerr << "pinhole capture: " << error << "\n";
          return;
        }
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - started)
                    .count();
        std::cout << "saved " << path << " (" << out.image.width << "x"
                  << out.image.height << ", " << bytes.size() << " bytes, HTTP "
                  << out.http_status << ") in " << ms << " ms\n";
        exit_code = 0;
      },
      [&](caf::error& err) {
        std::cerr << "pinhole capture: " << caf::to_string(err) << "\n";
      });
  self->send_exit(renderer, caf::exit_reason::user_shutdown);
  return exit_code;
}

} // namespace pinhole
