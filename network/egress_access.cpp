#include "network/egress_access.hpp"

#include "network/address_policy.hpp"
#include "network/proxy_request.hpp"
#include "network/refusal_log.hpp"

namespace pinhole::network {

egress_access::egress_access(std::string proxy_url,
                             std::shared_ptr<const refusal_log> log)
  : proxy_url_{std::move(proxy_url)}, refusals_{std::move(log)} {
  // nop
}

egress_refusal egress_access::classify(
  const std::string& uri, int status,
  const std::function<const char*(const char* name)>& header) const {
  if (proxy_url_.empty())
    return {};
  if (const char* why = header(blocked_header))
    return {egress_refusal::kind::blocked, why};
  if (const char* why = header(proxy_failure_header))
    return {egress_refusal::kind::failed, why};
  std::string host;
  int port = 0;
  if (status == 403 && refusals_ && url_host_port(uri, host, port))
    if (auto why = refusals_->recent(host, port); !why.empty())
      return {egress_refusal::kind::blocked, why};
  return {};
}

} // namespace pinhole::network
