#!/usr/bin/env python3
"""The Pinhole benchmark (run it with scripts/bench; see README "Benchmark").

Serves the committed corpus (benchmarks/corpus/) on 127.0.0.1 and, for each
concurrency level N, measures these contenders on the same pages, one after
the other:

  pinhole           `pinhole serve` driven like real clients through the HTTP
                    API (pinhole_client.mjs, N workers): submit with a
                    callbackUrl -> the webhook arrives -> download the image
                    (--poll: poll the status route every 5 ms instead)
  engine            the bare WPE renderer plugin (pinhole-bench-renderer: the
                    same views, no HTTP, queue, storage or egress proxy), to
                    show what the service adds
  chromium          Debian's Chromium kept warm by playwright-core: one
                    browser, N pages, goto(url, {waitUntil: 'load'}) +
                    page.screenshot(), the way people drive it
  chromium-slots    the same with as many pages as Pinhole has views, the
                    other workers waiting in the driver like requests in
                    Pinhole's queue (only run when N > views: below that it
                    is `chromium`)
  chromium-correct  N pages, 'load' then network quiet (Pinhole's own rule),
                    then a CDP screenshot with optimizeForSpeed: correct
                    pictures of the script-built page, encoder tuned for speed

For each page and concurrency it reports captures/s, latency p50/p95/p99
(submit to downloaded image for Pinhole), errors, the peak PSS and the CPU
time per capture of the contender's whole process tree (server + WebKit
processes; the browser's processes for Chromium; never the clients), and how
many pictures are wrong: every contender's warm-up pictures are checked for
size, and all pictures of the JS-built page for its late content. Then `wrk`
measures the status route with keep-alive. Output: a progress line per cell,
Markdown tables (stdout and results.md), results.json and plot.svg in --out;
--record also writes the JSON (small, no images; with commit, date, machine,
command and versions) to benchmarks/runs/ for committing, where
benchmarks/summarise_runs.py takes medians of several runs for RESULTS.md.

--smoke runs a small, quick version and exits non-zero when a number is not
sane (it checks that the harness works, not that anything is fast).
"""
import argparse
import http.client
import http.server
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
import bench_report  # noqa: E402
import pss  # noqa: E402
from bench_report import fmt  # noqa: E402

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

class TreeSampler:
    """While active, samples the process tree under `root` every 100 ms
    (`skip`: pids left out, e.g. the driver that plays the client): the
    peak of its PSS (MiB) and the CPU time its processes used (s).

    CPU time is each process's utime + stime at its last sample minus at the
    first, summed over every process seen, so processes that start during
    the cell count and the 100 ms before a process ends are the only part
    lost (children's cutime is left out: it would count them twice)."""

    def __init__(self, root, skip=()):
        self.root = root
        self.skip = set(skip)
        self.peak_pss_mib = 0.0
        self.first_cpu = {}
        self.last_cpu = {}
        self.stop_flag = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def sample(self):
        kib = 0
        for pid in pss.tree(self.root):
            if pid in self.skip:
                continue
            kib += pss.pss_kib(pid)
            cpu = pss.cpu_seconds(pid)
            if cpu is not None:
                self.first_cpu.setdefault(pid, cpu)
                self.last_cpu[pid] = cpu
        self.peak_pss_mib = max(self.peak_pss_mib, kib / 1024)

    def run(self):
        while not self.stop_flag.is_set():
            self.sample()
            self.stop_flag.wait(0.1)

    @property
    def cpu_s(self):
        return sum(self.last_cpu[p] - self.first_cpu[p] for p in self.last_cpu)

    def __enter__(self):
        self.sample()  # the starting point of every process already there
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop_flag.set()
        self.thread.join()
        self.sample()


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, int(round(p / 100 * len(ordered) + 0.5)) - 1))
    return ordered[rank]


def summarise(contender, page, concurrency, result, sampler, late_missing=None):
    """One cell of the report from a driver's answer and the sampler."""
    latencies = result['latencies_ms']
    seconds = result['seconds']
    return {
        'contender': contender, 'page': page['name'],
        'concurrency': concurrency, 'captures': len(latencies),
        'errors': result['errors'],
        'captures_per_s': len(latencies) / seconds if seconds > 0 else 0,
        'p50_ms': percentile(latencies, 50), 'p95_ms': percentile(latencies, 95),
        'p99_ms': percentile(latencies, 99), 'peak_pss_mib': sampler.peak_pss_mib,
        'cpu_ms_per_capture': (sampler.cpu_s * 1000 / len(latencies)
                               if latencies else None),
        'late_missing': late_missing,
    }


def has_late_content(image):
    """True when the JS page's late box is in the picture."""
    pixel = image.convert('RGB').getpixel(LATE_PIXEL)
    return all(abs(a - b) <= 8 for a, b in zip(pixel, LATE_COLOUR))


def check_pictures(files, page):
    """The sizes of the pictures in `files` and, for the JS-built page, how
    many miss its late content (None for other pages)."""
    sizes = set()
    missing = 0
    for file in files:
        with Image.open(file) as image:
            sizes.add(image.size)
            if page.get('late') and not has_late_content(image):
                missing += 1
    return sizes, (missing if page.get('late') else None)


# -- contender: the Pinhole service ----------------------------------------------


def start_serve(argv):
    """Starts `pinhole serve` (`argv`) and reads its output until it names
    its port; (process, port, output lines), the output drained on."""
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    port, output = None, []
    for line in proc.stdout:
        output.append(line)
        if 'listening on http://' in line:
            port = int(line.strip().rsplit(':', 1)[1])
            break
    if port is None:
        raise RuntimeError('pinhole serve did not start:\n' + ''.join(output))
    threading.Thread(target=drain, args=(proc, output), daemon=True).start()
    return proc, port, output


def drain(proc, output):
    """Keeps reading the service's output (a full pipe would block it)."""
    for line in proc.stdout:
        output.append(line)


def wait_ready(port, patience=60):
    """Waits until the service's /readyz answers 200 (all views warm, the
    block lists ready, or a worker joined)."""
    deadline = time.time() + patience
    while time.time() < deadline:
        connection = http.client.HTTPConnection('127.0.0.1', port, timeout=60)
        connection.request('GET', '/readyz')
        if connection.getresponse().status == 200:
            return
        time.sleep(0.05)
    raise RuntimeError('pinhole serve never became ready')


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
        self.proc, self.port, self.output = start_serve(
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
            list(extra_args))
        if wait_ready:
            self.wait_ready()

    def wait_ready(self):
        """Waits until /readyz answers 200 (all views warm, or a worker
        joined)."""
        wait_ready(self.port)

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
        self.wait_finished(conn, capture_id)
        return capture_id

    def wait_finished(self, conn, capture_id):
        """Polls the status route until the capture is COMPLETED or FAILED
        (at most 60 s)."""
        deadline = time.time() + 60
        while time.time() < deadline:
            status, body = self.request(conn, 'GET', '/api/screenshot/capture/' + capture_id)
            if json.loads(body)['data']['state'] in ('COMPLETED', 'FAILED'):
                return
            time.sleep(0.01)
        raise RuntimeError('capture %s did not finish in 60 s' % capture_id)

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


def chromium_argv(variant, concurrency, views):
    """The driver command line of a Chromium contender (chromium_peer.mjs)."""
    argv = ['node', 'chromium_peer.mjs', str(concurrency)]
    if variant == 'chromium-slots':
        argv += ['--slots', str(min(views, concurrency))]
    if variant == 'chromium-correct':
        argv += ['--wait', 'content']
    return argv


# -- one cell: a page at one concurrency ------------------------------------------

def ask_round(name, runner, page, url, count, save_dir):
    """One round of `count` captures through contender `name`'s driver;
    the driver's answer (latencies_ms, errors, seconds, saved, ...)."""
    if name == 'pinhole':
        return runner.client.ask(json.dumps({
            'base': 'http://127.0.0.1:%d' % runner.service.port,
            'key': runner.service.key, 'url': url,
            'fullPage': page['full_page'], 'count': count, 'saveDir': save_dir}))
    if name == 'engine':
        return runner.ask('%s %d %d %s' % (url, 1 if page['full_page'] else 0,
                                           count, save_dir))
    return runner.ask(json.dumps({'url': url, 'fullPage': page['full_page'],
                                  'count': count, 'saveDir': save_dir}))


def sampler_for(name, runner):
    """What a contender costs: the server's tree for Pinhole, the engine's
    process tree, the browser's processes for Chromium (the node driver
    plays the client, like pinhole_client.mjs, and is left out)."""
    if name == 'pinhole':
        return TreeSampler(runner.service.proc.pid)
    if name == 'engine':
        return TreeSampler(runner.proc.pid)
    return TreeSampler(runner.proc.pid, skip=[runner.proc.pid])


def run_round(name, runner, page, url, concurrency, count, workdir, save_all):
    """Measures one round; its pictures are saved and checked when
    `save_all` is set or the page is the JS-built one."""
    save_dir = ''
    if save_all or page.get('late'):
        save_dir = tempfile.mkdtemp(prefix=name + '-', dir=workdir)
    with sampler_for(name, runner) as sampler:
        result = ask_round(name, runner, page, url, count, save_dir)
    if result.get('error_samples'):
        log('  %s errors: %s' % (name, result['error_samples']))
    sizes, late_missing = set(), None
    if save_dir:
        sizes, late_missing = check_pictures(result['saved'], page)
        shutil.rmtree(save_dir, ignore_errors=True)
    cell = summarise(name, page, concurrency, result, sampler, late_missing)
    cell['picture_sizes'] = sorted(list(size) for size in sizes)
    return cell


def run_pinhole_cell(contender, page, url, concurrency, count, workdir):
    """A measured round of the Pinhole service (also cluster_bench.py's)."""
    return run_round('pinhole', contender, page, url, concurrency, count,
                     workdir, save_all=False)


def run_cell(name, runner, page, url, concurrency, count, workdir):
    """Warm-up (every worker once, pictures checked for size) and the
    measured round; the warm-up's picture sizes go into the cell."""
    warm = run_round(name, runner, page, url, concurrency, concurrency,
                     workdir, save_all=True)
    cell = run_round(name, runner, page, url, concurrency, count, workdir,
                     save_all=False)
    cell['picture_sizes'] = warm['picture_sizes']
    cell['errors'] += warm['errors']
    return cell


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


def versions(build_dir):
    """What the numbers depend on besides the code: engine, browser,
    driver and compiler versions."""
    def run(argv):
        try:
            return subprocess.run(argv, capture_output=True, text=True,
                                  timeout=30).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return None

    def package(name):
        return run(['dpkg-query', '-W', '-f=${Version}', name])
    playwright = None
    try:
        with open(os.path.join(HERE, 'node_modules', 'playwright-core',
                               'package.json')) as f:
            playwright = json.load(f)['version']
    except OSError:
        pass
    compiler = None
    try:
        with open(os.path.join(build_dir, 'CMakeCache.txt')) as f:
            for line in f:
                if line.startswith('CMAKE_CXX_COMPILER:'):
                    compiler = run([line.split('=', 1)[1].strip(), '--version'])
                    compiler = compiler.splitlines()[0] if compiler else None
    except OSError:
        pass
    return {'wpewebkit': package('libwpewebkit-1.1-0'),
            'chromium': run(['/usr/bin/chromium', '--version']),
            'playwright_core': playwright, 'node': run(['node', '--version']),
            'mesa': package('libgl1-mesa-dri'), 'compiler': compiler}


def commit():
    """The commit measured, with '-dirty' when the tree has changes."""
    head = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=ROOT,
                          capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(['git', 'status', '--porcelain', '--untracked-files=no'],
                           cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return (head or 'unknown') + ('-dirty' if dirty else '')


def sanity_problems(report):
    """Smoke mode: numbers that show the harness is broken."""
    problems = []
    for c in report['cells']:
        label = '%s/%s/c%d' % (c['contender'], c['page'], c['concurrency'])
        if c['errors']:
            problems.append('%s: %d errors' % (label, c['errors']))
        if c['captures'] == 0 or not c['captures_per_s'] > 0:
            problems.append('%s: no captures' % label)
        if c['p50_ms'] is not None and not 1 < c['p50_ms'] < 60000:
            problems.append('%s: p50 %s ms' % (label, c['p50_ms']))
        if not 10 < (c['peak_pss_mib'] or 0) < 16384:
            problems.append('%s: peak PSS %s MiB' % (label, c['peak_pss_mib']))
        if not (c['cpu_ms_per_capture'] or 0) > 0:
            problems.append('%s: no CPU time measured' % label)
        if not c['picture_sizes']:
            problems.append('%s: no picture checked' % label)
        if c['contender'] in ('pinhole', 'engine', 'chromium-correct') and c['late_missing']:
            problems.append('%s: %d pictures miss the late content' % (label, c['late_missing']))
    for name, goal, measured, met in bench_report.targets(report):
        if name.startswith('every contender pictures') and not met:
            problems.append('picture sizes differ: ' + measured)
    ran = {c['contender'] for c in report['cells']}
    for contender in bench_report.CONTENDERS:
        if contender not in ran:
            problems.append('%s did not run' % contender)
    status = report.get('status_route')
    if status and not (status['requests_per_s'] or 0) > 0:
        problems.append('status route: no requests/s')
    return problems


def contenders_at(level, args, corpus_port, workdir):
    """(name, start) of each contender to run at concurrency `level`."""
    pinhole_bin = os.path.join(args.build_dir, 'server', 'pinhole')
    engine_bin = os.path.join(args.build_dir, 'benchmarks', 'pinhole-bench-renderer')
    out = [('pinhole', lambda: PinholeContender(
               pinhole_bin, args.views, corpus_port, workdir, level, args.poll,
               shlex.split(args.serve_args))),
           ('engine', lambda: LineDriver([engine_bin, str(args.views), str(level)]))]
    if args.no_chromium:
        return out
    variants = ['chromium'] + (['chromium-slots'] if level > args.views else []) + \
        ['chromium-correct']
    for variant in variants:
        out.append((variant, lambda v=variant: LineDriver(
            chromium_argv(v, level, args.views), cwd=HERE)))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--build-dir', default=os.path.join(ROOT, 'build'))
    parser.add_argument('--out', default=None, help='where results go '
                        '(default benchmarks/out/DATE)')
    parser.add_argument('--record', action='store_true',
                        help='also write the results JSON to benchmarks/runs/ '
                        '(commit it to quote the run in RESULTS.md)')
    parser.add_argument('--concurrency', default='1,2,4,8')
    parser.add_argument('--captures', type=int, default=40,
                        help='measured captures per page, concurrency and contender')
    parser.add_argument('--pages', default=','.join(
        p['name'] for p in PAGES if not p.get('optional')),
        help='pages to take, of: ' + ', '.join(p['name'] for p in PAGES))
    parser.add_argument('--wrk-seconds', type=int, default=10)
    parser.add_argument('--views', type=int, default=2,
                        help='renderer.wpe.views for Pinhole and the bare engine '
                        '(default 2, the shipped default: one per core); also '
                        'the pages of Chromium at equal slots')
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
        # One view, so that concurrency 2 runs Chromium at equal slots too.
        args.concurrency, args.captures, args.wrk_seconds = '1,2', 4, 1
        args.pages, args.views = 'simple,js', 1
    if Image is None:
        sys.exit('bench: python3-pil is missing (scripts/install-deps bench)')
    levels = [int(x) for x in args.concurrency.split(',')]
    pages = [p for p in PAGES if p['name'] in args.pages.split(',')]
    stamp = time.strftime('%Y-%m-%d-%H%M%S')
    out_dir = args.out or os.path.join(HERE, 'out', stamp)
    os.makedirs(out_dir, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix='pinhole-bench-')
    if not args.no_chromium and not (
            os.path.exists('/usr/bin/chromium') and
            os.path.isdir(os.path.join(HERE, 'node_modules', 'playwright-core'))):
        sys.exit('bench: Chromium or playwright-core is missing (scripts/bench installs them)')

    corpus = start_corpus_server()
    corpus_port = corpus.server_address[1]
    corpus_url = 'http://127.0.0.1:%d' % corpus_port
    report = {'date': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
              'commit': commit(), 'machine': machine(),
              'versions': versions(args.build_dir),
              'command': ' '.join(['scripts/bench'] + sys.argv[1:]),
              'captures_per_cell': args.captures, 'concurrency': levels,
              'views': args.views,
              'pinhole_client': 'poll every 5 ms' if args.poll else 'webhook',
              'pages': [p['name'] for p in pages], 'cells': []}
    log('bench: corpus on %s, %d captures per cell, concurrency %s' % (
        corpus_url, args.captures, levels))
    started = time.time()
    for level in levels:
        for name, start in contenders_at(level, args, corpus_port, workdir):
            runner = start()
            try:
                for page in pages:
                    result = run_cell(name, runner, page, corpus_url + page['path'],
                                      level, args.captures, workdir)
                    report['cells'].append(result)
                    log('[%4.0fs] %-16s c=%d %-8s %6.2f cap/s  p50 %6s  p95 %6s  err %d  '
                        'PSS %5.0f MiB  CPU %4s ms/cap  size %s%s' % (
                            time.time() - started, name, level, page['name'],
                            result['captures_per_s'], fmt(result['p50_ms']),
                            fmt(result['p95_ms']), result['errors'],
                            result['peak_pss_mib'], fmt(result['cpu_ms_per_capture']),
                            result['picture_sizes'],
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
    report['targets'] = bench_report.targets(report)
    table = bench_report.markdown(report)
    with open(os.path.join(out_dir, 'results.json'), 'w') as f:
        json.dump(report, f, indent=1)
    if args.record:
        record = os.path.join(HERE, 'runs', 'bench-%s.json' % stamp)
        with open(record, 'w') as f:
            json.dump(report, f, indent=1)
        log('bench: recorded as %s (commit it to quote it)' % os.path.relpath(record, ROOT))
    with open(os.path.join(out_dir, 'results.md'), 'w') as f:
        f.write('# Pinhole benchmark\n\n%s — %s — commit %s\n\n`%s`\n\n%s' % (
            report['date'], report['machine'], report['commit'], report['command'], table))
    with open(os.path.join(out_dir, 'plot.svg'), 'w') as f:
        f.write(bench_report.svg_plot(report))
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
