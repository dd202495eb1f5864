#!/usr/bin/env python3
"""The headline of RESULTS.md from committed runs: the medians of several
full runs of bench.py (benchmarks/runs/bench-*.json, written with --record),
the targets judged on those medians, and a history table naming the runs.

  benchmarks/summarise_runs.py RUN.json...           print the Markdown
  benchmarks/summarise_runs.py --write RUN.json...   also replace the part of
      benchmarks/RESULTS.md between the summary markers and redraw
      benchmarks/RESULTS-plot.svg

The runs must be comparable: same pages, concurrency levels, views and
captures per cell (it refuses otherwise).
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench_report  # noqa: E402
from bench_report import fmt, lookup, mean, ratio  # noqa: E402

BEGIN = '<!-- summary:begin (benchmarks/summarise_runs.py --write) -->'
END = '<!-- summary:end -->'
SHAPE = ['pages', 'concurrency', 'views', 'captures_per_cell']


def history(runs):
    """One row per run: where it came from and its headline numbers."""
    lines = ['| run | commit | date (UTC) | Pinhole cap/s at c=4 | Chr. correct cap/s '
             'at c=4 | Pinhole ÷ Chr. slots peak PSS at c=2 |',
             '|---|---|---|---:|---:|---:|']
    for path, run in runs:
        names = run['pages']

        def corpus_mean(contender, level):
            return mean([lookup(run, contender, n, level).get('captures_per_s')
                         for n in names])

        def peak(contender, level):
            return max([lookup(run, contender, n, level).get('peak_pss_mib') or 0
                        for n in names])
        lines.append('| [%s](runs/%s) | `%s` | %s | %s | %s | %s |' % (
            os.path.basename(path), os.path.basename(path), run.get('commit', '?'),
            run.get('date', '?').replace('T', ' ').rstrip('Z'),
            fmt(corpus_mean('pinhole', 4), 2), fmt(corpus_mean('chromium-correct', 4), 2),
            fmt(ratio(peak('pinhole', 2), peak('chromium-slots', 2)), 2)))
    return lines


def summary(runs):
    first = runs[0][1]
    medians = bench_report.median_report([run for _, run in runs])
    versions = first.get('versions', {})
    lines = [BEGIN, '',
             '%s (`%s`), %d captures per cell, %d views; '
             'machine: %s.' % ('Medians of %d full runs' % len(runs) if len(runs) > 1
                               else 'One full run', first['command'], first['captures_per_cell'],
                               first['views'], first['machine']),
             'Versions: ' + ', '.join('%s %s' % (k, v) for k, v in versions.items() if v) + '.',
             '', 'Runs:', ''] + history(runs) + ['', bench_report.markdown(medians), END]
    return '\n'.join(lines) + '\n', medians


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('runs', nargs='+')
    parser.add_argument('--write', action='store_true')
    args = parser.parse_args()
    runs = []
    for path in args.runs:
        with open(path) as f:
            runs.append((path, json.load(f)))
    shape = [runs[0][1].get(k) for k in SHAPE]
    for path, run in runs:
        if [run.get(k) for k in SHAPE] != shape:
            sys.exit('summarise_runs: %s is not comparable (%s differ)' % (path, SHAPE))
    text, medians = summary(runs)
    print(text)
    if args.write:
        results = os.path.join(HERE, 'RESULTS.md')
        with open(results) as f:
            old = f.read()
        if BEGIN not in old or END not in old:
            sys.exit('summarise_runs: RESULTS.md has no summary markers')
        new = old[:old.index(BEGIN)] + text + old[old.index(END) + len(END) + 1:]
        with open(results, 'w') as f:
            f.write(new)
        with open(os.path.join(HERE, 'RESULTS-plot.svg'), 'w') as f:
            f.write(bench_report.svg_plot(medians))


if __name__ == '__main__':
    main()
