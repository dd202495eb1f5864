// Scale-out with real processes on loopback: a coordinator that renders
// nothing itself (cluster.local_renderer false) and `pinhole worker`
// processes with the real WPE renderer; workers killed, frozen and
// stopped, the coordinator killed and started again.

#define BOOST_TEST_MODULE cluster
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <cstdlib>
#include <regex>
#include <sqlite3.h>

#include <caf/all.hpp>
#include <caf/io/all.hpp>

#include "actors/supervisor_protocol.hpp"
#include "cluster/cluster_protocol.hpp"
#include "tests/support/api_client.hpp"
#include "tests/support/eventually.hpp"
#include "tests/support/fixture_server.hpp"
#include "tests/support/metrics_text.hpp"
#include "tests/support/server_process.hpp"
#include "tests/support/test_server.hpp"

using namespace pinhole;
using namespace pinhole::test;
using json = nlohmann::json;

namespace {

/// Both sides: heartbeats every 200 ms, a link silent for 1.5 s is lost.
const std::vector<std::string> link_flags{
  "--cluster.heartbeat", "200ms", "--cluster.connection_timeout", "1500ms"};

std::vector<std::string> with_link(std::vector<std::string> flags) {
  flags.insert(flags.end(), link_flags.begin(), link_flags.end());
  return flags;
}

/// A coordinator on `dir` that renders nothing itself; `port` 0 picks one.
std::unique_ptr<server_process> start_coordinator(const std::string& dir,
                                                  uint16_t port = 0) {
  return serve_on(
    dir, with_link({"--cluster.listen", "127.0.0.1:" + std::to_string(port),
                    "--cluster.local_renderer", "false"}));
}

/// The port workers join on, from the coordinator's start-up line.
uint16_t cluster_port(server_process& coordinator) {
  std::smatch match;
  auto text = coordinator.output();
  std::regex line{"workers join on 127\\.0\\.0\\.1:([0-9]+)"};
  BOOST_REQUIRE(std::regex_search(text, match, line));
  return static_cast<uint16_t>(std::stoi(match[1]));
}

/// A worker with two views; returns once it joined.
std::unique_ptr<server_process> start_worker(uint16_t port) {
  return std::make_unique<server_process>(
    with_link({"worker", "--connect", "127.0.0.1:" + std::to_string(port),
               "--renderer.wpe.views", "2"}),
    "joined the coordinator at (\\S+)");
}

std::string metrics_of(server_process& coordinator) {
  return http_request("GET", coordinator.base_url() + "/metrics").body;
}

/// The worker's label in the coordinator's metrics ("HOST:PID@ADDRESS").
std::string label_of(server_process& coordinator, pid_t worker) {
  std::smatch match;
  auto text = metrics_of(coordinator);
  std::regex series{"pinhole_worker_slots\\{worker=\"([^\"]*:" +
                    std::to_string(worker) + "@[^\"]*)\"\\}"};
  return std::regex_search(text, match, series) ? std::string{match[1]} : "";
}

double worker_metric(server_process& coordinator, const std::string& name,
                     const std::string& label) {
  return metric_value(metrics_of(coordinator),
                      name + "{worker=\"" + label + "\"}");
}

std::vector<std::string> submit_slow(const api_client& client, int n) {
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) {
    auto answer = client.submit(small_capture(shared_pages().url("/slow")));
    BOOST_REQUIRE_EQUAL(answer.status, 202);
    ids.push_back(json::parse(answer.body)["data"]["captureId"]);
  }
  return ids;
}

/// capture id -> attempts, read from the coordinator's SQLite file
/// (attempts are not part of the API).
std::map<std::string, int> attempts_in(const std::string& dir) {
  std::map<std::string, int> attempts;
  sqlite3* db = nullptr;
  BOOST_REQUIRE(sqlite3_open_v2((dir + "/pinhole.db").c_str(), &db,
                                SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* query = nullptr;
  sqlite3_prepare_v2(db, "SELECT id, attempts FROM captures", -1, &query,
                     nullptr);
  while (sqlite3_step(query) == SQLITE_ROW)
    attempts[reinterpret_cast<const char*>(sqlite3_column_text(query, 0))] =
      sqlite3_column_int(query, 1);
  sqlite3_finalize(query);
  sqlite3_close(db);
  return attempts;
}

void require_all_completed(const api_client& client,
                           const std::vector<std::string>& ids) {
  for (const auto& id : ids) {
    auto done = client.wait_done(id);
    BOOST_TEST(done["state"] == "COMPLETED", id << ": " << done.dump());
  }
}

/// A coordinator without a local renderer on a fresh folder and `n`
/// workers, all joined.
struct cluster_of {
  std::string dir;
  std::unique_ptr<server_process> coordinator;
  uint16_t port = 0;
  std::vector<std::unique_ptr<server_process>> workers;

  cluster_of(const std::string& name, int n)
    : dir(make_temp_dir(name)), coordinator(start_coordinator(dir)),
      port(cluster_port(*coordinator)) {
    for (int i = 0; i < n; ++i)
      workers.push_back(start_worker(port));
    BOOST_REQUIRE(eventually([&] {
      return metric_value(metrics_of(*coordinator), "pinhole_workers") == n;
    }));
  }

  /// Worker `i`'s label in the coordinator's metrics.
  std::string label(size_t i) {
    auto found = label_of(*coordinator, workers.at(i)->pid());
    BOOST_REQUIRE(!found.empty());
    return found;
  }
};

} // namespace

BOOST_AUTO_TEST_CASE(a_worker_killed_mid_capture_loses_no_capture) {
  cluster_of cluster{"cluster-kill", 2};
  auto& coordinator = cluster.coordinator;
  auto& first = cluster.workers[0];
  auto dir = cluster.dir;
  auto victim = cluster.label(0);
  api_client client{coordinator->base_url(), alice_key};
  auto ids = submit_slow(client, 20);
  BOOST_REQUIRE(eventually([&] {
    return worker_metric(*coordinator, "pinhole_worker_busy_slots", victim) > 0;
  }));
  BOOST_TEST(first->stop(SIGKILL) == 128 + SIGKILL);
  require_all_completed(client, ids);
  auto lost =
    worker_metric(*coordinator, "pinhole_worker_losses_total", victim);
  BOOST_TEST(lost >= 1);
  int twice = 0;
  for (const auto& [id, attempts] : attempts_in(dir)) {
    BOOST_TEST((attempts == 1 || attempts == 2), id << ": " << attempts);
    twice += attempts == 2 ? 1 : 0;
  }
  BOOST_TEST(twice == lost);
  BOOST_TEST(coordinator->output().find("run again elsewhere") !=
             std::string::npos);
  BOOST_TEST(metric_value(metrics_of(*coordinator), "pinhole_workers") == 1);
}

BOOST_AUTO_TEST_CASE(a_frozen_worker_is_dropped_and_rejoins_when_it_thaws) {
  cluster_of cluster{"cluster-freeze", 2};
  auto& coordinator = cluster.coordinator;
  auto& frozen = cluster.workers[0];
  auto label = cluster.label(0);
  api_client client{coordinator->base_url(), alice_key};
  auto ids = submit_slow(client, 8);
  BOOST_REQUIRE(eventually([&] {
    return worker_metric(*coordinator, "pinhole_worker_busy_slots", label) > 0;
  }));
  ::kill(frozen->pid(), SIGSTOP);
  auto stopped_at = std::chrono::steady_clock::now();
  // connection_timeout is 1.5 s; the heartbeat check runs every 200 ms.
  BOOST_TEST(coordinator->wait_for_output("was lost", 1, 10000));
  BOOST_TEST(
    (std::chrono::steady_clock::now() - stopped_at < std::chrono::seconds(4)));
  require_all_completed(client, ids);
  auto dispatched =
    worker_metric(*coordinator, "pinhole_worker_dispatches_total", label);
  ::kill(frozen->pid(), SIGCONT);
  BOOST_TEST(frozen->wait_for_output("joined the coordinator", 2, 20000),
             frozen->output());
  // Enough captures that both workers get some.
  require_all_completed(client, submit_slow(client, 8));
  BOOST_TEST(worker_metric(*coordinator, "pinhole_worker_dispatches_total",
                           label) > dispatched);
}

BOOST_AUTO_TEST_CASE(workers_come_back_to_a_restarted_coordinator) {
  cluster_of cluster{"cluster-restart", 1};
  auto& coordinator = cluster.coordinator;
  auto& worker = cluster.workers[0];
  api_client client{coordinator->base_url(), alice_key};
  auto ids = submit_slow(client, 6);
  BOOST_REQUIRE(eventually([&] {
    return metric_value(metrics_of(*coordinator),
                        "pinhole_captures_rendering") > 0;
  }));
  BOOST_TEST(coordinator->stop(SIGKILL) == 128 + SIGKILL);
  BOOST_TEST(worker->wait_for_output("lost the coordinator"));
  coordinator = start_coordinator(cluster.dir, cluster.port);
  BOOST_TEST(worker->wait_for_output("joined the coordinator", 2, 30000),
             worker->output());
  api_client again{coordinator->base_url(), alice_key};
  require_all_completed(again, ids);
}

BOOST_AUTO_TEST_CASE(a_stopped_worker_finishes_what_it_renders_and_exits_0) {
  cluster_of cluster{"cluster-drain", 1};
  auto& coordinator = cluster.coordinator;
  auto& worker = cluster.workers[0];
  api_client client{coordinator->base_url(), alice_key};
  auto ids = submit_slow(client, 1);
  BOOST_REQUIRE(eventually([&] {
    return json::parse(client.status(ids[0]).body)["data"]["state"] ==
           "PROCESSING";
  }));
  BOOST_TEST(worker->stop(SIGTERM, 20000) == 0);
  require_all_completed(client, ids);
  BOOST_TEST(attempts_in(cluster.dir)[ids[0]] == 1);
  BOOST_TEST(coordinator->output().find("is leaving") != std::string::npos);
  // No worker left: not ready, and new captures wait in the queue.
  BOOST_TEST(eventually([&] {
    return http_request("GET", coordinator->base_url() + "/readyz").status ==
           503;
  }));
}

// -- mutual TLS --

namespace {

/// A CA and certificates it signed, made with the openssl command line
/// tool in `dir`: <name>.pem and <name>.key.
struct test_pki {
  std::string dir;
  explicit test_pki(std::string folder) : dir(std::move(folder)) {}
  void run(const std::string& command) {
    auto full = "cd '" + dir + "' && " + command + " >/dev/null 2>&1";
    BOOST_REQUIRE_MESSAGE(std::system(full.c_str()) == 0, full);
  }
  void make_ca(const std::string& ca) {
    run("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=" + ca +
        " -keyout " + ca + ".key -out " + ca + ".pem");
  }
  void make_node(const std::string& name, const std::string& ca) {
    run("openssl req -newkey rsa:2048 -nodes -subj /CN=" + name + " -keyout " +
        name + ".key -out " + name + ".csr");
    run("openssl x509 -req -days 2 -in " + name + ".csr -CA " + ca +
        ".pem -CAkey " + ca + ".key -CAcreateserial -out " + name + ".pem");
  }
  std::vector<std::string> flags(const std::string& name,
                                 const std::string& ca) const {
    return {"--cluster.tls.certificate", dir + "/" + name + ".pem",
            "--cluster.tls.key",         dir + "/" + name + ".key",
            "--cluster.tls.ca",          dir + "/" + ca + ".pem"};
  }
};

std::vector<std::string> joined(std::vector<std::string> a,
                                const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

} // namespace

BOOST_AUTO_TEST_CASE(with_tls_only_certificates_of_the_ca_get_in) {
  auto dir = make_temp_dir("cluster-tls");
  test_pki pki{make_temp_dir("cluster-pki")};
  pki.make_ca("ca");
  pki.make_ca("other-ca");
  pki.make_node("coordinator", "ca");
  pki.make_node("worker", "ca");
  pki.make_node("stranger", "other-ca");
  auto coordinator =
    serve_on(dir, joined(with_link({"--cluster.listen", "127.0.0.1:0",
                                    "--cluster.local_renderer", "false"}),
                         pki.flags("coordinator", "ca")));
  BOOST_TEST(coordinator->output().find("(mutual TLS)") != std::string::npos);
  BOOST_TEST(coordinator->output().find("not authenticated") ==
             std::string::npos);
  auto worker_flags =
    with_link({"worker", "--connect",
               "127.0.0.1:" + std::to_string(cluster_port(*coordinator))});
  server_process worker{joined(worker_flags, pki.flags("worker", "ca")),
                        "joined the coordinator"};
  // A certificate of another CA, and no TLS at all: both refused, again
  // and again, while the member's link stays up.
  server_process stranger{
    joined(worker_flags, pki.flags("stranger", "other-ca")),
    "cannot reach the coordinator"};
  server_process plain{worker_flags, "cannot reach the coordinator"};
  BOOST_TEST(stranger.wait_for_output("TLS handshake failed", 3, 20000),
             stranger.output());
  BOOST_TEST(plain.wait_for_output("may require TLS", 3, 20000),
             plain.output());
  BOOST_TEST(stranger.output().find("joined") == std::string::npos);
  BOOST_TEST(plain.output().find("joined") == std::string::npos);
  BOOST_TEST(metric_value(metrics_of(*coordinator), "pinhole_workers") == 1);
  BOOST_TEST(worker.output().find("lost the coordinator") == std::string::npos,
             worker.output());
  api_client client{coordinator->base_url(), alice_key};
  require_all_completed(client, submit_slow(client, 2));
}

// -- refusals at the handshake --

namespace {

/// A CAF node like a worker's, with `app_id` as its application identifier.
struct foreign_node {
  caf::actor_system_config cfg;
  std::unique_ptr<caf::actor_system> system;
  explicit foreign_node(const std::string& app_id) {
    cfg.load<caf::io::middleman>();
    add_message_types(cfg);
    cluster::add_message_types(cfg);
    cfg.set("middleman.app-identifiers", std::vector<std::string>{app_id});
    system = std::make_unique<caf::actor_system>(cfg);
  }
};

/// Runs the real `pinhole worker` against `door`, published by `node`;
/// returns its exit code and output.
std::pair<int, std::string> worker_against(foreign_node& node,
                                           const caf::actor& door) {
  auto published = node.system->middleman().publish(door, 0, "127.0.0.1");
  BOOST_REQUIRE(published);
  auto result =
    run_pinhole(with_link({"worker", "--connect",
                           "127.0.0.1:" + std::to_string(*published)}),
                30000);
  caf::anon_send_exit(door, caf::exit_reason::user_shutdown);
  return result;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_worker_of_another_protocol_version_is_refused) {
  auto dir = make_temp_dir("cluster-version");
  auto coordinator = start_coordinator(dir);
  auto port = cluster_port(*coordinator);
  {
    // Another CAF application: CAF's handshake refuses it.
    foreign_node other{"another-application"};
    auto door = other.system->middleman().remote_actor("127.0.0.1", port);
    BOOST_TEST(!door);
  }
  {
    // A Pinhole node of another protocol version reaches the hello (as a
    // worker does, dynamically typed); the door refuses it, naming both
    // versions, and says so in its log.
    foreign_node other{cluster::app_identifier()};
    auto door = other.system->middleman().remote_actor("127.0.0.1", port);
    BOOST_REQUIRE(door);
    caf::scoped_actor self{*other.system};
    cluster::worker_hello hello{cluster::protocol_version + 1, "stranger"};
    cluster::hello_answer answer;
    self
      ->request(*door, std::chrono::seconds(5), cluster::hello_atom::value,
                hello, caf::actor_cast<caf::actor>(self))
      .receive([&](cluster::hello_answer& a) { answer = a; },
               [](caf::error& err) { BOOST_FAIL(caf::to_string(err)); });
    BOOST_TEST(!answer.error.ok());
    BOOST_TEST(answer.error.message.find(
                 "protocol " + std::to_string(cluster::protocol_version + 1)) !=
               std::string::npos);
    BOOST_TEST(coordinator->wait_for_output("refused: worker stranger"));
  }
  // The real worker binary against a coordinator of another version (its
  // door refuses the hello as a newer Pinhole's would) prints the refusal
  // and exits 2 without retrying.
  {
    foreign_node other{cluster::app_identifier()};
    auto door = other.system->spawn([]() -> caf::behavior {
      return {[](cluster::hello_atom, const cluster::worker_hello& hello,
                 const caf::actor&) {
        cluster::hello_answer answer;
        answer.error =
          failure{error_code::invalid_request,
                  "worker " + hello.name + " speaks cluster protocol " +
                    std::to_string(hello.protocol) + ", this coordinator 999"};
        return answer;
      }};
    });
    auto [code, output] = worker_against(other, door);
    BOOST_TEST(code == 2, output);
    BOOST_TEST(output.find("refused this worker") != std::string::npos, output);
    BOOST_TEST(output.find("this coordinator 999") != std::string::npos,
               output);
  }
  // ... and against a CAF node that is not Pinhole at all.
  {
    foreign_node other{"another-application"};
    auto door = other.system->spawn(
      []() -> caf::behavior { return {[](cluster::hello_atom) {}}; });
    auto [code, output] = worker_against(other, door);
    BOOST_TEST(code == 2, output);
    BOOST_TEST(output.find("is not a Pinhole coordinator") != std::string::npos,
               output);
  }
}
