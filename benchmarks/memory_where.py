#!/usr/bin/env python3
"""Where the memory of each contender goes at equal slots (issue #23):
Pinhole with 2 views and Chromium with 2 pages each take the same 6 full-page
captures of the corpus's long page, two at a time; then `pss.py --where`
prints the PSS of each process tree by process, kind of mapping and largest
library. Steady state after the captures, not the peak: the peak adds the
frame and picture buffers of the captures in flight.

  /usr/bin/python3 benchmarks/memory_where.py [--build-dir build]

Chromium's own code is one executable (/usr/lib/chromium/chromium), so it
shows under 'other files', not 'libraries'. The node driver (the client)
is listed under Chromium's tree but is not part of its cost.
"""
import argparse
import json
import os
import sys
import tempfile
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402
import pss  # noqa: E402

CAPTURES, SLOTS = 6, 2


def pinhole_tree(binary, corpus_port, url):
    service = bench.PinholeService(binary, SLOTS, corpus_port, tempfile.gettempdir())
    try:
        def take():
            conn = service.connect()
            _, body = service.request(conn, 'POST', '/api/screenshot/capture',
                                      json.dumps({'url': url, 'fullPage': True}))
            service.wait_finished(conn, json.loads(body)['data']['captureId'])
        for _ in range(CAPTURES // SLOTS):
            workers = [threading.Thread(target=take) for _ in range(SLOTS)]
            for w in workers:
                w.start()
            for w in workers:
                w.join()
        print('== Pinhole, %d views, after %d full-page captures of %s' % (
            SLOTS, CAPTURES, url))
        pss.print_where(service.proc.pid)
    finally:
        service.stop()


def chromium_tree(url):
    driver = bench.LineDriver(['node', 'chromium_peer.mjs', str(SLOTS)], cwd=HERE)
    try:
        driver.ask(json.dumps({'url': url, 'fullPage': True, 'count': CAPTURES,
                               'saveDir': ''}))
        print('== Chromium, %d pages, after %d full-page captures of %s '
              '(the node driver heads the list)' % (SLOTS, CAPTURES, url))
        pss.print_where(driver.proc.pid)
    finally:
        driver.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--build-dir', default=os.path.join(bench.ROOT, 'build'))
    args = parser.parse_args()
    corpus = bench.start_corpus_server()
    url = 'http://127.0.0.1:%d/long.html' % corpus.server_address[1]
    print('commit %s, %s' % (bench.commit(), bench.machine()))
    pinhole_tree(os.path.join(args.build_dir, 'server', 'pinhole'),
                 corpus.server_address[1], url)
    chromium_tree(url)


if __name__ == '__main__':
    main()
