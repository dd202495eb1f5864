#include "config/cluster_options.hpp"

#include "config/config_error.hpp"
#include "config/config_loader.hpp"

namespace po = boost::program_options;

namespace pinhole {

void add_cluster_options(po::options_description& desc) {
  const cluster_settings d;
  auto add = desc.add_options();
  add("cluster.listen", po::value<std::string>()->default_value(""),
      "HOST:PORT where workers join (\"\" = no cluster)");
  add("cluster.local_renderer",
      po::value<bool>()->default_value(d.local_renderer),
      "the coordinator renders too (false: only workers do)");
  add("cluster.heartbeat",
      po::value<std::string>()->default_value(format_duration(d.heartbeat)),
      "heartbeat interval of the cluster link (both sides)");
  add("cluster.connection_timeout",
      po::value<std::string>()->default_value(
        format_duration(d.connection_timeout)),
      "a cluster link silent this long is dropped (both sides)");
  add("cluster.allow", po::value<std::vector<std::string>>()->composing(),
      "CIDR of workers that may join without TLS (repeatable; loopback "
      "always may)");
  add("cluster.tls.certificate",
      po::value<std::string>()->default_value(d.tls.certificate),
      "this node's certificate (PEM) for mutual TLS");
  add("cluster.tls.key", po::value<std::string>()->default_value(d.tls.key),
      "this node's private key (PEM)");
  add("cluster.tls.ca", po::value<std::string>()->default_value(d.tls.ca),
      "CA certificate (PEM) both sides' certificates must come from");
}

cluster_settings cluster_from(const po::variables_map& vm) {
  cluster_settings s;
  auto listen = vm["cluster.listen"].as<std::string>();
  if (!listen.empty())
    parse_host_port("cluster.listen", listen, s.listen_host, s.listen_port);
  s.local_renderer = vm["cluster.local_renderer"].as<bool>();
  s.heartbeat =
    duration_in_range(vm, "cluster.heartbeat", std::chrono::milliseconds{100});
  s.connection_timeout = duration_in_range(vm, "cluster.connection_timeout",
                                           std::chrono::milliseconds{200});
  if (s.connection_timeout < 2 * s.heartbeat)
    throw config_error("cluster.connection_timeout must be at least twice "
                       "cluster.heartbeat (a link would be dropped between "
                       "two heartbeats)");
  if (vm.count("cluster.allow"))
    s.allow = vm["cluster.allow"].as<std::vector<std::string>>();
  s.tls.certificate = vm["cluster.tls.certificate"].as<std::string>();
  s.tls.key = vm["cluster.tls.key"].as<std::string>();
  s.tls.ca = vm["cluster.tls.ca"].as<std::string>();
  if (s.tls.enabled() &&
      (s.tls.certificate.empty() || s.tls.key.empty() || s.tls.ca.empty()))
    throw config_error("cluster.tls.certificate, cluster.tls.key and "
                       "cluster.tls.ca must be set together (mutual TLS)");
  if (!s.listening() && !s.local_renderer)
    throw config_error("cluster.local_renderer: false needs cluster.listen "
                       "(without workers nothing would render)");
  return s;
}

} // namespace pinhole
