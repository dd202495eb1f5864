#include "plugins/renderer/wpe/view_phase.hpp"

namespace pinhole::wpe {

const char* to_string(view_phase phase) {
  switch (phase) {
    case view_phase::hiding:
      return "hiding";
    case view_phase::blanking:
      return "blanking";
    case view_phase::blank_committed:
      return "blank_committed";
    case view_phase::clearing:
      return "clearing";
    case view_phase::idle:
      return "idle";
    case view_phase::setting_cookies:
      return "setting_cookies";
    case view_phase::loading:
      return "loading";
    case view_phase::page_loading:
      return "page_loading";
    case view_phase::awaiting_data:
      return "awaiting_data";
    case view_phase::delaying:
      return "delaying";
    case view_phase::stepping:
      return "stepping";
    case view_phase::awaiting_selector:
      return "awaiting_selector";
  }
  return "?";
}

} // namespace pinhole::wpe
