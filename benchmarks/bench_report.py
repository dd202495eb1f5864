"""The benchmark's report: targets, Markdown tables and the plot of one run
(bench.py) or of the medians of several committed runs (summarise_runs.py).

A report is the JSON bench.py writes: {'pages', 'concurrency', 'views',
'cells': [...], 'status_route': {...}, ...}; a cell is one contender on one
page at one concurrency (captures_per_s, p50_ms, p95_ms, p99_ms,
peak_pss_mib, cpu_ms_per_capture, errors, late_missing, picture_sizes).
"""
import statistics

CONTENDERS = ['pinhole', 'engine', 'chromium', 'chromium-slots', 'chromium-correct']
CHROMIUMS = ['chromium', 'chromium-slots', 'chromium-correct']
SHORT = {'pinhole': 'Pinhole', 'engine': 'engine', 'chromium': 'Chr. load',
         'chromium-slots': 'Chr. slots', 'chromium-correct': 'Chr. correct'}


def lookup(report, contender, page, level):
    """The cell of `contender` on `page` at `level`, or {}. Chromium at
    equal slots is plain Chromium when the level is within Pinhole's views
    (the same configuration: one page per worker), so it is not run twice."""
    if contender == 'chromium-slots' and level <= report.get('views', 2):
        contender = 'chromium'
    for c in report['cells']:
        if (c['contender'], c['page'], c['concurrency']) == (contender, page, level):
            return c
    return {}


def fmt(value, digits=0):
    if value is None:
        return '–'
    return ('%.' + str(digits) + 'f') % value


def mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def ratio(a, b):
    return a / b if a is not None and b else None


def contenders_in(report):
    present = {c['contender'] for c in report['cells']}
    if 'chromium' in present:
        present.add('chromium-slots')
    return [c for c in CONTENDERS if c in present]


# -- targets (issue #23) ----------------------------------------------------------

def targets(report):
    """The targets, each (name, goal, measured, met)."""
    levels, names = report['concurrency'], report['pages']
    present = contenders_in(report)
    out = []

    def get(contender, page, level, key):
        return lookup(report, contender, page, level).get(key)

    def corpus_mean(contender, key, level):
        return mean([get(contender, n, level, key) for n in names])

    if 'chromium-correct' in present:
        measured, met = [], True
        for n in names:
            r = ratio(mean([get('pinhole', n, l, 'cpu_ms_per_capture') for l in levels]),
                      mean([get('chromium-correct', n, l, 'cpu_ms_per_capture')
                            for l in levels]))
            measured.append('%s %s' % (n, fmt(r, 2)))
            met = met and r is not None and r <= 0.6
        out.append(('CPU per capture (whole process tree, mean over the concurrency '
                    'levels), Pinhole ÷ Chromium correct, every page', '≤ 0.60',
                    ', '.join(measured), met))
        if 4 in levels:
            r = ratio(corpus_mean('pinhole', 'captures_per_s', 4),
                      corpus_mean('chromium-correct', 'captures_per_s', 4))
            out.append(('captures/s at concurrency 4, corpus average, Pinhole ÷ '
                        'Chromium correct', '≥ 1.50', fmt(r, 2), r is not None and r >= 1.5))
    if 'chromium' in present:
        for level in [l for l in levels if l in (2, 4)]:
            pp = max([get('pinhole', n, level, 'peak_pss_mib') or 0 for n in names])
            cp = max([get('chromium-slots', n, level, 'peak_pss_mib') or 0 for n in names])
            r = ratio(pp, cp)
            out.append(('peak PSS at concurrency %d, Pinhole ÷ Chromium at equal slots '
                        '(highest page of each)' % level, '≤ 0.50',
                        '%s (%.0f / %.0f MiB)' % (fmt(r, 2), pp, cp),
                        r is not None and r <= 0.5))
    if 'engine' in present:
        for level in [l for l in levels if l >= 2]:
            r = ratio(corpus_mean('pinhole', 'captures_per_s', level),
                      corpus_mean('engine', 'captures_per_s', level))
            out.append(('service ÷ bare engine captures/s at concurrency %d' % level,
                        '≥ 0.95', fmt(r, 2), r is not None and r >= 0.95))
    if 1 in levels and 'simple' in names and 'chromium' in present:
        p = get('pinhole', 'simple', 1, 'p50_ms')
        c = get('chromium', 'simple', 1, 'p50_ms')
        out.append(('p50 latency, simple page, concurrency 1 (Pinhole vs Chromium load)',
                    'Pinhole ≤ Chromium', '%s vs %s ms' % (fmt(p), fmt(c)),
                    p is not None and c is not None and p <= c))
    status = report.get('status_route')
    if status:
        out.append(('status route with keep-alive (wrk)', '≥ 20000 req/s, p99 < 10 ms',
                     '%s req/s, p99 %s ms' % (fmt(status['requests_per_s']),
                                              fmt(status['p99_ms'], 2)),
                     (status['requests_per_s'] or 0) >= 20000 and
                     status['p99_ms'] is not None and status['p99_ms'] < 10))
    late_pages = [n for n in names if any(c.get('late_missing') is not None
                                          for c in report['cells'] if c['page'] == n)]
    for n in late_pages:
        counts = {}
        for contender in present:
            cells = [c for c in report['cells']
                     if c['contender'] == contender and c['page'] == n]
            counts[contender] = (sum(c.get('late_missing') or 0 for c in cells),
                                 sum(c['captures'] for c in cells))
        must = [c for c in ('pinhole', 'chromium-correct') if c in counts]
        out.append(('%s page: pictures missing the late content' % n,
                    ' and '.join('%s 0' % SHORT[c] for c in must),
                    '; '.join('%s %d of %d' % (SHORT[c], m, t) for c, (m, t) in counts.items()),
                    all(counts[c][0] == 0 for c in must)))
    mismatched = []
    for n in names:
        sizes = {tuple(map(tuple, c.get('picture_sizes') or [])) for c in report['cells']
                 if c['page'] == n}
        if len(sizes) != 1 or any(len(s) != 1 for s in sizes):
            mismatched.append('%s %s' % (n, sorted(sizes)))
    out.append(('every contender pictures each page at one and the same size',
                'all equal', '; '.join(mismatched) or 'equal', not mismatched))
    return out


# -- Markdown -----------------------------------------------------------------------

METRICS = [
    ('captures/s', 'captures_per_s', 2, True),
    ('latency p50 ms', 'p50_ms', 0, True),
    ('latency p99 ms', 'p99_ms', 0, True),
    ('peak PSS MiB', 'peak_pss_mib', 0, True),
    ('CPU ms per capture', 'cpu_ms_per_capture', 0, True),
    ('errors / pictures missing the late content', None, 0, False),
]


def metric_table(report, title, key, digits, with_ratios):
    present = contenders_in(report)
    chromiums = [c for c in CHROMIUMS if c in present] if with_ratios else []
    head = ['page', 'conc.'] + [SHORT[c] for c in present] + \
        ['Pinhole ÷ %s' % SHORT[c] for c in chromiums]
    lines = ['**%s**' % title, '', '| ' + ' | '.join(head) + ' |',
             '|---|' + '---:|' * (len(head) - 1)]
    for page in report['pages']:
        for level in report['concurrency']:
            row = [page, str(level)]
            for c in present:
                cell = lookup(report, c, page, level)
                if key:
                    row.append(fmt(cell.get(key), digits))
                elif cell:
                    late = cell.get('late_missing')
                    row.append('%d / %s' % (cell['errors'], '–' if late is None else late))
                else:
                    row.append('–')
            mine = lookup(report, 'pinhole', page, level).get(key) if key else None
            for c in chromiums:
                row.append(fmt(ratio(mine, lookup(report, c, page, level).get(key)), 2))
            lines.append('| ' + ' | '.join(row) + ' |')
    return lines + ['']


def markdown(report):
    lines = []
    for title, key, digits, with_ratios in METRICS:
        lines += metric_table(report, title, key, digits, with_ratios)
    lines += ['Latency: submit → downloaded image for Pinhole; goto + wait + screenshot '
              'for Chromium, including the wait for a free page at equal slots. PSS: '
              'peak of the process tree; CPU: user + system time of that tree per '
              'capture (clients and drivers left out). Chr. slots at a concurrency '
              'within Pinhole\'s %d views is Chr. load (same configuration).'
              % report.get('views', 2), '']
    status = report.get('status_route')
    if status:
        lines.append('Status route (wrk, %d connections, keep-alive, %d s): **%s req/s**, '
                     'p99 %s ms, non-2xx %d.' % (status['connections'], status['seconds'],
                                                 fmt(status['requests_per_s']),
                                                 fmt(status['p99_ms'], 2), status['non_2xx']))
        lines.append('')
    lines += ['| target | goal | measured | met |', '|---|---|---|---|']
    for name, goal, measured, met in targets(report):
        lines.append('| %s | %s | %s | %s |' % (name, goal, measured, 'yes' if met else '**no**'))
    return '\n'.join(lines) + '\n'


# -- medians of several runs ---------------------------------------------------------

MEDIAN_KEYS = ['captures_per_s', 'p50_ms', 'p95_ms', 'p99_ms', 'peak_pss_mib',
               'cpu_ms_per_capture']
SUM_KEYS = ['captures', 'errors', 'late_missing']


def median_report(reports):
    """One report whose cells are the medians of the runs' cells (errors,
    missed pictures and captures are summed: one wrong picture in any run
    counts)."""
    first = reports[0]
    out = {'pages': first['pages'], 'concurrency': first['concurrency'],
           'views': first.get('views', 2), 'cells': [], 'runs': len(reports)}
    keys = []
    for r in reports:
        for c in r['cells']:
            k = (c['contender'], c['page'], c['concurrency'])
            if k not in keys:
                keys.append(k)
    for contender, page, level in keys:
        cells = [c for r in reports for c in r['cells']
                 if (c['contender'], c['page'], c['concurrency']) == (contender, page, level)]
        merged = {'contender': contender, 'page': page, 'concurrency': level}
        for key in MEDIAN_KEYS:
            values = [c.get(key) for c in cells if c.get(key) is not None]
            merged[key] = statistics.median(values) if values else None
        for key in SUM_KEYS:
            values = [c.get(key) for c in cells if c.get(key) is not None]
            merged[key] = sum(values) if values else None
        sizes = []
        for c in cells:
            for size in c.get('picture_sizes') or []:
                if size not in sizes:
                    sizes.append(size)
        merged['picture_sizes'] = sorted(sizes)
        out['cells'].append(merged)
    statuses = [r['status_route'] for r in reports if r.get('status_route')]
    if statuses:
        out['status_route'] = dict(statuses[0])
        for key in ('requests_per_s', 'p99_ms'):
            out['status_route'][key] = statistics.median(s[key] for s in statuses)
    return out


# -- the plot --------------------------------------------------------------------------

def svg_plot(report):
    """Throughput and p95 against concurrency (corpus averages), one panel
    each, one line per contender."""
    levels = report['concurrency']
    names = report['pages']
    present = contenders_in(report)
    colours = {'pinhole': '#1f77b4', 'engine': '#2ca02c', 'chromium': '#d62728',
               'chromium-slots': '#ff7f0e', 'chromium-correct': '#9467bd'}
    panels = [('captures/s (corpus average)', 'captures_per_s'),
              ('p95 latency ms (corpus average)', 'p95_ms')]
    width, height, pad = 420, 300, 50
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
             'font-family="sans-serif" font-size="12">' % (width * 2, height + 30),
             '<rect width="100%" height="100%" fill="#fff"/>']
    for index, (title, key) in enumerate(panels):
        x0 = index * width
        series = {c: [mean([lookup(report, c, n, l).get(key) for n in names])
                      for l in levels] for c in present}
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
        for n, contender in enumerate(present):
            points = ['%.1f,%.1f' % (px(i), py(v)) for i, v in enumerate(series[contender])
                      if v is not None]
            if points:
                parts.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>' % (
                    colours[contender], ' '.join(points)))
            parts.append('<text x="%d" y="%d" fill="%s">%s</text>' % (
                x0 + width - pad - 90, 40 + 16 * n, colours[contender], SHORT[contender]))
    parts.append('</svg>')
    return '\n'.join(parts) + '\n'
