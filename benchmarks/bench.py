#!/usr/bin/env python3
"""The Pinhole benchmark (run it with scripts/bench; see README "Benchmark").

Serves the committed corpus (benchmarks/corpus/) on 127.0.0.1 and, for each
concurrency level, measures three contenders on the same pages, one after
the other:

  pinhole   `pinhole serve` driven like real clients through the HTTP API
            (pinhole_client.mjs, N workers): submit with a callbackUrl ->
            the webhook arrives -> download the image (--poll: poll the
            status route every 5 ms instead)
  engine    the bare WPE renderer plugin (pinhole-bench-renderer: the same
            views, no HTTP, queue, storage or egress proxy), to show what
            the service adds
  chromium  Debian's Chromium kept warm by playwright-core: one browser,
            N pages, page.goto(url, {waitUntil: 'load'}) + page.screenshot()

For each page and concurrency it reports captures/s, latency p50/p95/p99
(submit to downloaded image for Pinhole), errors, the peak PSS of the whole
process tree (server + WebKit processes; browser processes for Chromium) and,
for the JS-built page, how many pictures miss the late content. Then `wrk`
measures the status route with keep-alive. Output: a progress line per
cell, a Markdown table (stdout and results.md), results.json and plot.svg
in --out.

--smoke runs a small, quick version and exits non-zero when a number is not
sane (it checks that the harness works, not that anything is fast).
"""
import argparse
import http.client
import http.server
import io
import json
import os
import platform
import queue
import secrets
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import pss  # noqa: E402

try:
    from PIL import Image
except ImportError:  # python3-pil (scripts/install-deps bench)
    Image = None

CORPUS = os.path.join(HERE, 'corpus')
FONTS = '/usr/share/fonts/truetype/dejavu'
# The JS page's data arrives this long after it is asked for (an API call).
DATA_DELAY_S = 0.03
# The JS page's late box: a pixel inside it and its colour.
LATE_PIXEL = (100, 80)
LATE_COLOUR = (30, 144, 255)

PAGES = [
    {'name': 'simple', 'path': '/simple.html', 'full_page': False},
    {'name': 'article', 'path': '/article.html', 'full_page': False},
    {'name': 'long', 'path': '/long.html', 'full_page': True},
    {'name': 'js', 'path': '/js.html', 'full_page': False, 'late': True},
    # Not in the default run (--pages landing): a full page whose layout
    # depends on the viewport's height, so Pinhole scrolls and stitches it.
    {'name': 'landing', 'path': '/landing.html', 'full_page': True,
     'optional': True},
]
CONTENDERS = ['pinhole', 'engine', 'chromium']


def log(message):
    print(message, file=sys.stderr, flush=True)


# -- the corpus server -------------------------------------------------------

class CorpusHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'  # keep-alive, like a real web server
    # Headers and body go out in two writes: with Nagle's algorithm on, the
    # body of every answer after the first on a connection waited for the
    # client's delayed ACK (~40 ms; the JS page's data.json, pages loaded
    # on a reused connection). Real web servers set TCP_NODELAY too.
    disable_nagle_algorithm = True

    def do_GET(self):
        path = self.path.split('?')[0]
        if path == '/data.json':
            time.sleep(DATA_DELAY_S)
            body = json.dumps({'items': ['Item %d' % i for i in range(20)]})
            return self.answer(body.encode(), 'application/json')
        if path.startswith('/fonts/'):
            file = os.path.join(FONTS, os.path.basename(path))
            kind = 'font/ttf'
        else:
            file = os.path.join(CORPUS, os.path.basename(path))
            kind = 'text/html; charset=utf-8'
        try:
            with open(file, 'rb') as f:
                return self.answer(f.read(), kind)
        except OSError:
            return self.answer(b'not found', 'text/plain', 404)

    def answer(self, body, kind, code=200):
        self.send_response(code)
        self.send_header('Content-Type', kind)
        self.send_header('Content-Length', str(len(body)))
        self.send_header('Cache-Control', 'no-store')
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def start_corpus_server():
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), CorpusHandler)
    server.daemon_threads = True
    # Engines drop connections they no longer need: not worth a traceback.
    server.handle_error = lambda request, address: None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# -- measuring -----------------------------------------------------------------

class PeakPss:
    """Samples the PSS (MiB) of `reading()` every 100 ms while active."""

    def __init__(self, reading):
        self.reading = reading
        self.peak = 0.0
        self.stop_flag = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        while not self.stop_flag.is_set():
            try:
                self.peak = max(self.peak, self.reading())
            except Exception:  # a process that just ended
                pass
            self.stop_flag.wait(0.1)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop_flag.set()
        self.thread.join()


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[rank]


def summarise(contender, page, concurrency, latencies, errors, seconds,
              peak_pss, late_missing=None):
    return {
        'contender': contender, 'page': page['name'],
        'concurrency': concurrency, 'captures': len(latencies),
        'errors': errors,
        'captures_per_s': len(latencies) / seconds if seconds > 0 else 0,
        'p50_ms': percentile(latencies, 50), 'p95_ms': percentile(latencies, 95),
        'p99_ms': percentile(latencies, 99), 'peak_pss_mib': peak_pss,
        'late_missing': late_missing,
    }


def has_late_content(png_bytes):
    """True when the JS page's late box is in the picture."""
    image = Image.open(io.BytesIO(png_bytes)).convert('RGB')
    pixel = image.getpixel(LATE_PIXEL)
    return all(abs(a - b) <= 8 for a, b in zip(pixel, LATE_COLOUR))


# -- contender: the Pinhole service ----------------------------------------------

class PinholeService:
    """`pinhole serve` on a free port with a bench configuration."""

    def __init__(self, binary, views, corpus_port, workdir, hook_port=None,
                 extra_args=(), prefix=(), wait_ready=True):
        # views = renderer.wpe.views = capture.max_concurrent; more client
        # requests than views wait in Pinhole's queue, as in production.
        # `prefix` runs the binary under another command (taskset -c 0).
        self.key = 'bench-' + secrets.token_hex(16)
        allow_hooks = ['--network.allow', '127.0.0.1:%d' % hook_port,
                       '--webhook.secret', 'bench'] if hook_port else []
        self.dir = tempfile.mkdtemp(prefix='pinhole-bench-', dir=workdir)
        self.proc = subprocess.Popen(
            list(prefix) + [binary, 'serve', '--server.listen', '127.0.0.1:0',
             '--storage.dir', self.dir, '--auth.keys', 'bench=' + self.key,
             '--network.allow', '127.0.0.1:%d' % corpus_port,
             '--renderer.wpe.views', str(views),
             '--capture.max_concurrent', str(views),
             '--capture.max_queued', '100000',
             '--limits.rate_per_minute', '10000000',
             '--limits.max_active_per_key', '100000',
             # The block lists' compiled filters outlive the run's storage
             # dir (kept in the build dir): compiled at the start of the
             # first run, only loaded by the others.
             '--renderer.wpe.content_filter_dir',
             os.path.join(os.path.dirname(os.path.dirname(binary)),
                          'content-filters')] + allow_hooks +
            list(extra_args),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.port = None
        self.output = []
        for line in self.proc.stdout:
            self.output.append(line)
            if 'listening on http://' in line:
                self.port = int(line.strip().rsplit(':', 1)[1])
                break
        if self.port is None:
            raise RuntimeError('pinhole serve did not start:\n' + ''.join(self.output))
        threading.Thread(target=self.drain, daemon=True).start()
        if wait_ready:
            self.wait_ready()

    def wait_ready(self):
        """Waits until /readyz answers 200 (all views warm, or a worker
        joined)."""
        deadline = time.time() + 60
        while time.time() < deadline:
            status, _ = self.request(self.connect(), 'GET', '/readyz')
            if status == 200:
                return
            time.sleep(0.05)
        raise RuntimeError('pinhole serve never became ready')

    def drain(self):
        for line in self.proc.stdout:
            self.output.append(line)

    def connect(self):
        return http.client.HTTPConnection('127.0.0.1', self.port, timeout=60)

    def request(self, conn, method, path, body=None):
        headers = {'X-API-KEY': self.key}
        if body is not None:
            headers['Content-Type'] = 'application/json'
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()

    def capture_id(self, url):
        """Submits one capture and waits for it (used before wrk)."""
        conn = self.connect()
        status, body = self.request(conn, 'POST', '/api/screenshot/capture',
                                    json.dumps({'url': url}))
        capture_id = json.loads(body)['data']['captureId']
        for _ in range(3000):
            status, body = self.request(conn, 'GET', '/api/screenshot/capture/' + capture_id)
            if json.loads(body)['data']['state'] in ('COMPLETED', 'FAILED'):
                break
            time.sleep(0.01)
        return capture_id

    def pss_mib(self):
        return pss.tree_pss_mib(self.proc.pid)

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


class PinholeContender:
    """The service and its clients (pinhole_client.mjs: N workers, webhook
    or polling), started together so the server allows the webhook port."""

    def __init__(self, binary, views, corpus_port, workdir, concurrency, poll,
                 extra_args=(), prefix=(), wait_ready=True):
        self.client = LineDriver(['node', 'pinhole_client.mjs', str(concurrency)] +
                                 (['--poll'] if poll else []), cwd=HERE)
        self.service = PinholeService(binary, views, corpus_port, workdir,
                                      None if poll else self.client.ready['hookPort'],
                                      extra_args, prefix, wait_ready)

    def stop(self):
        self.client.stop()
        self.service.stop()


def run_pinhole_cell(contender, page, url, concurrency, count, workdir):
    service = contender.service
    save_dir = ''
    if page.get('late'):
        save_dir = tempfile.mkdtemp(prefix='pinhole-js-', dir=workdir)
    with PeakPss(service.pss_mib) as peak:
        result = contender.client.ask(json.dumps({
            'base': 'http://127.0.0.1:%d' % service.port, 'key': service.key,
            'url': url, 'fullPage': page['full_page'], 'count': count,
            'saveDir': save_dir}))
    if result.get('error_samples'):
        log('  pinhole errors: %s' % result['error_samples'])
    late_missing = count_late_missing(result['saved'], save_dir)
    return summarise('pinhole', page, concurrency, result['latencies_ms'],
                     result['errors'], result['seconds'], peak.peak, late_missing)


def count_late_missing(files, save_dir):
    """How many saved pictures of the JS page miss its late content."""
    if not save_dir:
        return None
    missing = 0
    for file in files:
        with open(file, 'rb') as f:
            missing += 0 if has_late_content(f.read()) else 1
    shutil.rmtree(save_dir, ignore_errors=True)
    return missing


# -- contenders driven over stdin (bare engine, Chromium) -----------------------

class LineDriver:
    """A child process that takes one command line and answers one JSON
    line (pinhole-bench-renderer, chromium_peer.mjs)."""

    def __init__(self, argv, cwd=None):
        self.proc = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)
        self.lines = queue.Queue()
        threading.Thread(target=self.read, daemon=True).start()
        self.errors = []
        threading.Thread(target=self.read_errors, daemon=True).start()
        self.ready = self.answer(180)
        if not self.ready.get('ready'):
            raise RuntimeError('%s did not start' % argv[0])

    def read(self):
        for line in self.proc.stdout:
            if line.strip().startswith('{'):
                self.lines.put(json.loads(line))
        self.lines.put(None)

    def read_errors(self):
        for line in self.proc.stderr:
            self.errors.append(line)

    def answer(self, timeout):
        try:
            value = self.lines.get(timeout=timeout)
        except queue.Empty:
            value = None
        if value is None:
            raise RuntimeError('%s stopped answering:\n%s' % (
                self.proc.args[0], ''.join(self.errors[-20:])))
        return value

    def ask(self, command):
        self.proc.stdin.write(command + '\n')
        self.proc.stdin.flush()
        return self.answer(600)

    def stop(self):
        try:
            self.proc.stdin.close()
            self.proc.wait(30)
        except Exception:
            self.proc.kill()
            self.proc.wait()


def run_engine_cell(engine, page, url, concurrency, count):
    with PeakPss(lambda: pss.tree_pss_mib(engine.proc.pid)) as peak:
        result = engine.ask('%s %d %d' % (url, 1 if page['full_page'] else 0, count))
    return summarise('engine', page, concurrency, result['latencies_ms'],
                     result['errors'], result['seconds'], peak.peak)


def chromium_pss_mib(node_pid):
    """The browser's processes: the node driver's tree without node itself
    (the driver plays the client, like the Python threads for Pinhole)."""
    return pss.tree_pss_mib(node_pid) - pss.pss_kib(node_pid) / 1024


def run_chromium_cell(peer, page, url, concurrency, count, workdir):
    save_dir = ''
    if page.get('late'):
        save_dir = tempfile.mkdtemp(prefix='chromium-js-', dir=workdir)
    with PeakPss(lambda: chromium_pss_mib(peer.proc.pid)) as peak:
        result = peer.ask(json.dumps({'url': url, 'fullPage': page['full_page'],
                                      'count': count, 'saveDir': save_dir}))
    if result.get('error_samples'):
        log('  chromium errors: %s' % result['error_samples'])
    late_missing = count_late_missing(result['saved'], save_dir)
    return summarise('chromium', page, concurrency, result['latencies_ms'],
                     result['errors'], result['seconds'], peak.peak, late_missing)


# -- the status route ----------------------------------------------------------

def run_wrk(service, corpus_url, seconds):
    """wrk with keep-alive against GET /api/screenshot/capture/{id}."""
    capture_id = service.capture_id(corpus_url + '/simple.html')
    url = 'http://127.0.0.1:%d/api/screenshot/capture/%s' % (service.port, capture_id)
    out = subprocess.run(
        ['wrk', '-t2', '-c32', '-d%ds' % seconds, '--latency',
         '-H', 'X-API-KEY: ' + service.key, url],
        capture_output=True, text=True, check=True).stdout
    result = {'connections': 32, 'threads': 2, 'seconds': seconds,
              'requests_per_s': None, 'p99_ms': None, 'non_2xx': 0}
    for line in out.splitlines():
        words = line.split()
        if line.startswith('Requests/sec:'):
            result['requests_per_s'] = float(words[1])
        elif words[:1] == ['99%']:
            result['p99_ms'] = wrk_ms(words[1])
        elif line.strip().startswith('Non-2xx'):
            result['non_2xx'] = int(words[-1])
    return result


def wrk_ms(text):
    for unit, factor in (('us', 0.001), ('ms', 1), ('s', 1000)):
        if text.endswith(unit):
            return float(text[:-len(unit)]) * factor
    return float(text)


# -- reporting -----------------------------------------------------------------

def cell(cells, contender, page, concurrency):
    for c in cells:
        if (c['contender'], c['page'], c['concurrency']) == (contender, page, concurrency):
            return c
    return None


def fmt(value, digits=0):
    if value is None:
        return '–'
    return ('%.' + str(digits) + 'f') % value


def mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def ratio(a, b):
    return a / b if a is not None and b else None


def targets(cells, status, levels, pages):
    """The issue's targets, each with its measured value and verdict."""
    out = []
    names = [p['name'] for p in pages]

    def avg(contender, key, level):
        return mean([(cell(cells, contender, n, level) or {}).get(key) for n in names])

    if 4 in levels:
        r = ratio(avg('pinhole', 'captures_per_s', 4), avg('chromium', 'captures_per_s', 4))
        per_page = mean([ratio((cell(cells, 'pinhole', n, 4) or {}).get('captures_per_s'),
                               (cell(cells, 'chromium', n, 4) or {}).get('captures_per_s'))
                         for n in names])
        out.append(('throughput at concurrency 4, corpus average, Pinhole ÷ Chromium '
                    '(ratio of the average captures/s; mean of the per-page ratios)',
                    '≥ 2.00', '%s; %s' % (fmt(r, 2), fmt(per_page, 2)),
                    r is not None and r >= 2))
        pp = max([(cell(cells, 'pinhole', n, 4) or {}).get('peak_pss_mib') or 0 for n in names])
        cp = max([(cell(cells, 'chromium', n, 4) or {}).get('peak_pss_mib') or 0 for n in names])
        r = ratio(pp, cp)
        out.append(('peak PSS at concurrency 4, Pinhole ÷ Chromium',
                    '≤ 0.50', '%s (%.0f / %.0f MiB)' % (fmt(r, 2), pp, cp),
                    r is not None and r <= 0.5))
    for level in levels:
        r = ratio(avg('pinhole', 'captures_per_s', level), avg('engine', 'captures_per_s', level))
        out.append(('service ÷ bare engine captures/s at concurrency %d' % level,
                    '≥ 0.90', fmt(r, 2), r is not None and r >= 0.9))
    if 1 in levels and 'simple' in names:
        p = (cell(cells, 'pinhole', 'simple', 1) or {}).get('p50_ms')
        c = (cell(cells, 'chromium', 'simple', 1) or {}).get('p50_ms')
        out.append(('p50 latency, simple page, concurrency 1 (Pinhole vs Chromium)',
                    'Pinhole ≤ Chromium', '%s vs %s ms' % (fmt(p), fmt(c)),
                    p is not None and c is not None and p <= c))
    if status:
        out.append(('status route with keep-alive (wrk)', '≥ 20000 req/s, p99 < 10 ms',
                    '%s req/s, p99 %s ms' % (fmt(status['requests_per_s']),
                                             fmt(status['p99_ms'], 2)),
                    (status['requests_per_s'] or 0) >= 20000 and
                    status['p99_ms'] is not None and status['p99_ms'] < 10))
    if 'js' in names:
        missing = sum((c.get('late_missing') or 0) for c in cells
                      if c['contender'] == 'pinhole' and c['page'] == 'js')
        total = sum(c['captures'] for c in cells
                    if c['contender'] == 'pinhole' and c['page'] == 'js')
        cmiss = sum((c.get('late_missing') or 0) for c in cells
                    if c['contender'] == 'chromium' and c['page'] == 'js')
        ctotal = sum(c['captures'] for c in cells
                     if c['contender'] == 'chromium' and c['page'] == 'js')
        out.append(('JS page captures missing the late content',
                    'Pinhole 0', 'Pinhole %d of %d; Chromium %d of %d' % (
                        missing, total, cmiss, ctotal), missing == 0))
    return out


def markdown(report):
    cells = report['cells']
    lines = ['| page | conc. | Pinhole cap/s | p50 | p95 | p99 | err | PSS MiB | '
             'engine cap/s | Chromium cap/s | p50 | p95 | p99 | err | PSS MiB | '
             'Pinhole ÷ Chromium cap/s |',
             '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|']
    for page in report['pages']:
        for level in report['concurrency']:
            p = cell(cells, 'pinhole', page, level) or {}
            e = cell(cells, 'engine', page, level) or {}
            c = cell(cells, 'chromium', page, level) or {}
            lines.append('| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |' % (
                page, level, fmt(p.get('captures_per_s'), 2), fmt(p.get('p50_ms')),
                fmt(p.get('p95_ms')), fmt(p.get('p99_ms')), fmt(p.get('errors')),
                fmt(p.get('peak_pss_mib')), fmt(e.get('captures_per_s'), 2),
                fmt(c.get('captures_per_s'), 2), fmt(c.get('p50_ms')), fmt(c.get('p95_ms')),
                fmt(c.get('p99_ms')), fmt(c.get('errors')), fmt(c.get('peak_pss_mib')),
                fmt(ratio(p.get('captures_per_s'), c.get('captures_per_s')), 2)))
    lines += ['', 'Latency in ms, submit → downloaded image for Pinhole; '
              'goto + screenshot for Chromium. PSS: peak of the whole process tree.', '']
    status = report.get('status_route')
    if status:
        lines.append('Status route (wrk, %d connections, keep-alive, %d s): **%s req/s**, '
                     'p99 %s ms, non-2xx %d.' % (status['connections'], status['seconds'],
                                                 fmt(status['requests_per_s']),
                                                 fmt(status['p99_ms'], 2), status['non_2xx']))
        lines.append('')
    lines += ['| target | goal | measured | met |', '|---|---|---|---|']
    for name, goal, measured, met in report['targets']:
        lines.append('| %s | %s | %s | %s |' % (name, goal, measured, 'yes' if met else '**no**'))
    return '\n'.join(lines) + '\n'


def svg_plot(report):
    """Throughput and p95 against concurrency (corpus averages), one panel
    each, one line per contender."""
    levels = report['concurrency']
    names = report['pages']
    colours = {'pinhole': '#1f77b4', 'engine': '#2ca02c', 'chromium': '#d62728'}
    panels = [('captures/s (corpus average)', 'captures_per_s'),
              ('p95 latency ms (corpus average)', 'p95_ms')]
    width, height, pad = 420, 300, 50
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
             'font-family="sans-serif" font-size="12">' % (width * 2, height + 30),
             '<rect width="100%" height="100%" fill="#fff"/>']
    for index, (title, key) in enumerate(panels):
        x0 = index * width
        series = {}
        for contender in CONTENDERS:
            series[contender] = [mean([(cell(report['cells'], contender, n, l) or {}).get(key)
                                       for n in names]) for l in levels]
        top = max([v for s in series.values() for v in s if v is not None] or [1]) * 1.1

        def px(i):
            return x0 + pad + (width - 2 * pad) * (i / max(1, len(levels) - 1))

        def py(v):
            return height - pad + 10 - (height - 2 * pad) * (v / top)
        parts.append('<text x="%d" y="20" font-weight="bold">%s</text>' % (x0 + pad, title))
        parts.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#000"/>' % (
            x0 + pad, py(0), x0 + width - pad, py(0)))
        parts.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#000"/>' % (
            x0 + pad, py(0), x0 + pad, py(top)))
        for i, level in enumerate(levels):
            parts.append('<text x="%.0f" y="%.0f" text-anchor="middle">%d</text>' % (
                px(i), py(0) + 16, level))
        parts.append('<text x="%d" y="%.0f" text-anchor="middle">concurrency</text>' % (
            x0 + width / 2, py(0) + 32))
        for f in (0.25, 0.5, 0.75, 1.0):
            v = top / 1.1 * f
            parts.append('<text x="%d" y="%.0f" text-anchor="end">%s</text>' % (
                x0 + pad - 4, py(v) + 4, fmt(v, 1 if top < 20 else 0)))
        for n, contender in enumerate(CONTENDERS):
            points = ['%.1f,%.1f' % (px(i), py(v)) for i, v in enumerate(series[contender])
                      if v is not None]
            if points:
                parts.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>' % (
                    colours[contender], ' '.join(points)))
            parts.append('<text x="%d" y="%d" fill="%s">%s</text>' % (
                x0 + width - pad - 70, 40 + 16 * n, colours[contender], contender))
    parts.append('</svg>')
    return '\n'.join(parts) + '\n'


# -- main --------------------------------------------------------------------

def machine():
    cpus = os.cpu_count()
    with open('/proc/meminfo') as f:
        mem_kib = int(f.readline().split()[1])
    model = ''
    with open('/proc/cpuinfo') as f:
        for line in f:
            if line.startswith('model name'):
                model = line.split(':', 1)[1].strip()
                break
    return '%s, %d cores, %.0f GiB, %s' % (model, cpus, mem_kib / 1024 / 1024,
                                            platform.platform())


def sanity_problems(report):
    """Smoke mode: numbers that show the harness is broken."""
    problems = []
    for c in report['cells']:
        label = '%s/%s/c%d' % (c['contender'], c['page'], c['concurrency'])
        if c['contender'] in ('pinhole', 'engine') and c['errors']:
            problems.append('%s: %d errors' % (label, c['errors']))
        if c['captures'] == 0 or not c['captures_per_s'] > 0:
            problems.append('%s: no captures' % label)
        if c['p50_ms'] is not None and not 1 < c['p50_ms'] < 60000:
            problems.append('%s: p50 %s ms' % (label, c['p50_ms']))
        if not 10 < (c['peak_pss_mib'] or 0) < 16384:
            problems.append('%s: peak PSS %s MiB' % (label, c['peak_pss_mib']))
        if c['contender'] == 'pinhole' and c['late_missing']:
            problems.append('%s: %d pictures miss the late content' % (label, c['late_missing']))
    status = report.get('status_route')
    if status and not (status['requests_per_s'] or 0) > 0:
        problems.append('status route: no requests/s')
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--build-dir', default=os.path.join(ROOT, 'build'))
    parser.add_argument('--out', default=None, help='where results go '
                        '(default benchmarks/out/DATE)')
    parser.add_argument('--concurrency', default='1,2,4,8')
    parser.add_argument('--captures', type=int, default=40,
                        help='measured captures per page, concurrency and contender')
    parser.add_argument('--pages', default=','.join(
        p['name'] for p in PAGES if not p.get('optional')),
        help='pages to take, of: ' + ', '.join(p['name'] for p in PAGES))
    parser.add_argument('--wrk-seconds', type=int, default=10)
    parser.add_argument('--views', type=int, default=2,
                        help='renderer.wpe.views for Pinhole and the bare engine '
                        '(default 2, the shipped default: one per core)')
    parser.add_argument('--poll', action='store_true',
                        help='Pinhole clients poll the status route every 5 ms '
                        'instead of waiting for the webhook')
    parser.add_argument('--no-chromium', action='store_true')
    parser.add_argument('--serve-args', default='',
                        help='more flags for pinhole serve, e.g. '
                        '"--renderer.wpe.max_frame_rows 4096" (the bare engine '
                        'keeps its defaults)')
    parser.add_argument('--smoke', action='store_true',
                        help='small and quick; fails when a number is not sane')
    args = parser.parse_args()
    if args.smoke:
        args.concurrency, args.captures, args.wrk_seconds = '1,2', 4, 1
        args.pages = 'simple,js'
    if Image is None:
        sys.exit('bench: python3-pil is missing (scripts/install-deps bench)')
    levels = [int(x) for x in args.concurrency.split(',')]
    pages = [p for p in PAGES if p['name'] in args.pages.split(',')]
    out_dir = args.out or os.path.join(HERE, 'out', time.strftime('%Y-%m-%d-%H%M%S'))
    os.makedirs(out_dir, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix='pinhole-bench-')
    pinhole_bin = os.path.join(args.build_dir, 'server', 'pinhole')
    engine_bin = os.path.join(args.build_dir, 'benchmarks', 'pinhole-bench-renderer')
    use_chromium = not args.no_chromium
    if use_chromium and not (os.path.exists('/usr/bin/chromium') and
                             os.path.isdir(os.path.join(HERE, 'node_modules', 'playwright-core'))):
        sys.exit('bench: Chromium or playwright-core is missing (scripts/bench installs them)')

    corpus = start_corpus_server()
    corpus_url = 'http://127.0.0.1:%d' % corpus.server_address[1]
    report = {'date': time.strftime('%Y-%m-%d %H:%M:%S %Z'), 'machine': machine(),
              'command': ' '.join(['scripts/bench'] + sys.argv[1:]),
              'captures_per_cell': args.captures, 'concurrency': levels,
              'views': args.views,
              'pinhole_client': 'poll every 5 ms' if args.poll else 'webhook',
              'pages': [p['name'] for p in pages], 'cells': []}
    log('bench: corpus on %s, %d captures per cell, concurrency %s' % (
        corpus_url, args.captures, levels))
    started = time.time()
    for level in levels:
        contenders = [('pinhole', lambda: PinholeContender(
                          pinhole_bin, args.views, corpus.server_address[1], workdir,
                          level, args.poll, shlex.split(args.serve_args))),
                      ('engine', lambda: LineDriver([engine_bin, str(args.views), str(level)]))]
        if use_chromium:
            contenders.append(('chromium', lambda: LineDriver(
                ['node', 'chromium_peer.mjs', str(level)], cwd=HERE)))
        for name, start in contenders:
            runner = start()
            try:
                for page in pages:
                    url = corpus_url + page['path']
                    # Warm-up: every worker renders the page once, unmeasured.
                    if name == 'pinhole':
                        run_pinhole_cell(runner, page, url, level, level, workdir)
                        result = run_pinhole_cell(runner, page, url, level, args.captures, workdir)
                    elif name == 'engine':
                        run_engine_cell(runner, page, url, level, level)
                        result = run_engine_cell(runner, page, url, level, args.captures)
                    else:
                        run_chromium_cell(runner, page, url, level, level, workdir)
                        result = run_chromium_cell(runner, page, url, level, args.captures, workdir)
                    report['cells'].append(result)
                    log('[%4.0fs] %-8s c=%d %-8s %6.2f cap/s  p50 %6s  p95 %6s  err %d  PSS %5.0f MiB%s' % (
                        time.time() - started, name, level, page['name'],
                        result['captures_per_s'], fmt(result['p50_ms']),
                        fmt(result['p95_ms']), result['errors'], result['peak_pss_mib'],
                        '' if result['late_missing'] is None else
                        '  late content missing %d' % result['late_missing']))
                if name == 'pinhole' and level == levels[0]:
                    report['status_route'] = run_wrk(runner.service, corpus_url,
                                                     args.wrk_seconds)
                    log('[%4.0fs] status route: %s req/s, p99 %s ms' % (
                        time.time() - started, fmt(report['status_route']['requests_per_s']),
                        fmt(report['status_route']['p99_ms'], 2)))
            finally:
                runner.stop()
    report['targets'] = targets(report['cells'], report.get('status_route'), levels, pages)
    table = markdown(report)
    with open(os.path.join(out_dir, 'results.json'), 'w') as f:
        json.dump(report, f, indent=1)
    with open(os.path.join(out_dir, 'results.md'), 'w') as f:
        f.write('# Pinhole benchmark\n\n%s — %s\n\n`%s`\n\n%s' % (
            report['date'], report['machine'], report['command'], table))
    with open(os.path.join(out_dir, 'plot.svg'), 'w') as f:
        f.write(svg_plot(report))
    print(table)
    log('bench: results in %s (results.md, results.json, plot.svg)' % out_dir)
    shutil.rmtree(workdir, ignore_errors=True)
    if args.smoke:
        problems = sanity_problems(report)
        for p in problems:
            log('bench smoke: ' + p)
        sys.exit(1 if problems else 0)


if __name__ == '__main__':
    main()
