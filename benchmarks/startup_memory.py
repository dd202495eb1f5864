#!/usr/bin/env python3
"""The memory of a `pinhole serve` that has just become ready, before any
capture: first on an empty storage dir (the block lists' content filters are
compiled at start-up), then started again on the same dir (they are only
loaded). PSS of the service process and of its whole tree (WebProcesses and
network processes of the warm views), in MiB.

  /usr/bin/python3 benchmarks/startup_memory.py [--build-dir build]

Run it on an otherwise idle machine: PSS splits shared pages between the
processes that map them.
"""
import argparse
import os
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402
import pss  # noqa: E402

# Once ready, the service is left this long before it is measured: the
# views' WebProcesses finish their warm-up loads meanwhile.
SETTLE_SECONDS = 3


def measure(binary, storage_dir):
    proc, port, _ = bench.start_serve(
        [binary, 'serve', '--server.listen', '127.0.0.1:0', '--storage.dir', storage_dir,
         '--auth.keys', 'bench=bench-' + 'k' * 32])
    try:
        started = time.time()
        bench.wait_ready(port, patience=120)
        ready_after = time.time() - started
        time.sleep(SETTLE_SECONDS)
        return ready_after, pss.pss_kib(proc.pid) / 1024, pss.tree_pss_mib(proc.pid)
    finally:
        proc.terminate()
        proc.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--build-dir', default=os.path.join(os.path.dirname(HERE), 'build'))
    args = parser.parse_args()
    binary = os.path.join(args.build_dir, 'server', 'pinhole')
    workdir = tempfile.mkdtemp(prefix='pinhole-startup-')
    try:
        storage = os.path.join(workdir, 'storage')
        print('commit %s, %s' % (bench.commit(), bench.machine()))
        for label in ('first start (block lists compiled)', 'second start (compiled store)'):
            ready, service_mib, tree_mib = measure(binary, storage)
            print('%-36s ready after %4.1f s  service PSS %6.1f MiB  tree %6.1f MiB' % (
                label, ready, service_mib, tree_mib))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == '__main__':
    main()
