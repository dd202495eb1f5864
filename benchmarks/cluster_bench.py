#!/usr/bin/env python3
"""Scale-out benchmark (scripts/bench --cluster): one Pinhole node confined
to one core against a coordinator (cluster.local_renderer false) with two
workers each confined to one core, same corpus, same client, one run.

Reports per page: captures/s of both set-ups and their ratio (target 1.7x),
the coordinator's CPU time per capture (its whole process; with no local
renderer it only queues, stores and relays) and the bytes on the cluster
link per capture, and from them how many single-machine workers one 2-core
coordinator could feed.

On a 2-core machine the coordinator and the benchmark's client share the
two cores with the workers: the ratio is a lower bound of what separate
machines give.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402
import pss  # noqa: E402


def cpu_seconds(pid):
    """User + system CPU time of `pid` and its live descendants."""
    return sum(pss.cpu_seconds(p) or 0 for p in pss.tree(pid))


def link_bytes(port):
    """Bytes sent plus received on established TCP connections of the
    coordinator's cluster port (ss -ti: bytes_acked and bytes_received)."""
    out = subprocess.run(
        ['ss', '-tinH', 'state', 'established', '( sport = :%d )' % port],
        capture_output=True, text=True).stdout
    return sum(int(n) for n in re.findall(r'bytes_(?:acked|received):(\d+)', out))


class Worker:
    def __init__(self, binary, port, core):
        self.proc = subprocess.Popen(
            ['taskset', '-c', str(core), binary, 'worker', '--connect',
             '127.0.0.1:%d' % port, '--renderer.wpe.views', '2'],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for line in self.proc.stdout:
            if 'joined the coordinator' in line:
                break
        else:
            raise RuntimeError('a worker did not join')

    def stop(self):
        self.proc.terminate()
        self.proc.wait(30)


def measure(contender, service, page, url, concurrency, count, workdir,
            cluster_port=None):
    before_cpu = cpu_seconds(service.proc.pid)
    before_bytes = link_bytes(cluster_port) if cluster_port else 0
    cell = bench.run_pinhole_cell(contender, page, url, concurrency, count,
                                  workdir)
    cell['coordinator_cpu_ms_per_capture'] = (
        (cpu_seconds(service.proc.pid) - before_cpu) * 1000 / count)
    if cluster_port:
        cell['link_bytes_per_capture'] = (link_bytes(cluster_port) -
                                          before_bytes) / count
    return cell


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--build-dir', default=os.path.join(bench.ROOT, 'build'))
    parser.add_argument('--pages', default='simple,article,long,js')
    parser.add_argument('--captures', type=int, default=80)
    parser.add_argument('--concurrency', type=int, default=8)
    parser.add_argument('--out', default=None,
                        help='a JSON file for the results (e.g. under '
                        'benchmarks/runs/)')
    args = parser.parse_args()
    binary = os.path.join(args.build_dir, 'server', 'pinhole')
    pages = [p for p in bench.PAGES if p['name'] in args.pages.split(',')]
    corpus = bench.start_corpus_server()
    corpus_port = corpus.server_address[1]
    workdir = tempfile.mkdtemp(prefix='pinhole-cluster-bench-')
    commit = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'],
                            cwd=bench.ROOT, capture_output=True,
                            text=True).stdout.strip()
    results = {'machine': bench.machine(), 'commit': commit,
               'date': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
               'command': ' '.join(['scripts/bench', '--cluster'] + sys.argv[1:]),
               'captures': args.captures,
               'concurrency': args.concurrency, 'pages': {}}

    def url_of(page):
        return 'http://127.0.0.1:%d%s' % (corpus_port, page['path'])

    bench.log('single node on core 0')
    single = bench.PinholeContender(binary, 2, corpus_port, workdir,
                                    args.concurrency, False,
                                    prefix=['taskset', '-c', '0'])
    try:
        for page in pages:
            # Unmeasured warm-up: every view has rendered the page a few times.
            bench.run_pinhole_cell(single, page, url_of(page), 2, 8, workdir)
            cell = measure(single, single.service, page, url_of(page),
                           args.concurrency, args.captures, workdir)
            results['pages'][page['name']] = {'single': cell}
            bench.log('  %s: %.1f captures/s' % (page['name'],
                                                 cell['captures_per_s']))
    finally:
        single.stop()

    bench.log('coordinator (no local renderer) + two workers, one core each')
    cluster = bench.PinholeContender(
        binary, 2, corpus_port, workdir, args.concurrency, False,
        extra_args=['--cluster.listen', '127.0.0.1:0',
                    '--cluster.local_renderer', 'false'], wait_ready=False)
    workers = []
    try:
        joined = [l for l in cluster.service.output if 'workers join on' in l]
        port = int(joined[0].strip().split(':')[-1].split()[0])
        workers = [Worker(binary, port, core) for core in (0, 1)]
        cluster.service.wait_ready()
        for page in pages:
            bench.run_pinhole_cell(cluster, page, url_of(page), 4, 16, workdir)
            cell = measure(cluster, cluster.service, page, url_of(page),
                           args.concurrency, args.captures, workdir, port)
            row = results['pages'][page['name']]
            row['cluster'] = cell
            row['ratio'] = cell['captures_per_s'] / max(
                row['single']['captures_per_s'], 1e-9)
            per_worker = cell['captures_per_s'] / 2
            ms = cell['coordinator_cpu_ms_per_capture']
            # One 2-core coordinator has 2000 ms of CPU per second.
            row['workers_one_coordinator_feeds'] = (
                2000 / (ms * per_worker) if ms > 0 else None)
            bench.log('  %s: %.1f captures/s (%.2fx), coordinator %.2f ms '
                      'CPU/capture, %.0f link bytes/capture' % (
                          page['name'], cell['captures_per_s'], row['ratio'],
                          ms, cell['link_bytes_per_capture']))
    finally:
        for w in workers:
            w.stop()
        cluster.stop()
    text = json.dumps(results, indent=1)
    if args.out:
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out, 'w') as f:
            f.write(text + '\n')
    print(text)
    errors = sum(row[k]['errors'] for row in results['pages'].values()
                 for k in ('single', 'cluster'))
    sys.exit(1 if errors else 0)


if __name__ == '__main__':
    main()
