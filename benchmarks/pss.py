#!/usr/bin/env python3
"""Prints the PSS (proportional set size) of a process and all its
descendants, in MiB. PSS splits shared pages between the processes that map
them, so the total is what the tree really costs (RSS double-counts).

  benchmarks/pss.py PID              one reading
  benchmarks/pss.py PID --peak SECS  highest reading over SECS seconds
"""
import os
import sys
import time


def parents():
    """Every process's parent, from one pass over /proc."""
    out = {}
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open(f'/proc/{entry}/stat') as f:
                stat = f.read()
        except OSError:
            continue
        out[int(entry)] = int(stat[stat.rfind(')') + 2:].split()[1])
    return out


def tree(pid):
    """`pid` and all its descendants. One pass over /proc: the sampler runs
    this every 100 ms beside the contenders, on the same cores."""
    kids = {}
    for child, parent in parents().items():
        kids.setdefault(parent, []).append(child)
    todo, seen = [pid], []
    while todo:
        p = todo.pop()
        seen.append(p)
        todo.extend(kids.get(p, []))
    return seen


def pss_kib(pid):
    try:
        with open(f'/proc/{pid}/smaps_rollup') as f:
            for line in f:
                if line.startswith('Pss:'):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_pss_mib(pid):
    return sum(pss_kib(p) for p in tree(pid)) / 1024


if __name__ == '__main__':
    root = int(sys.argv[1])
    if len(sys.argv) > 3 and sys.argv[2] == '--peak':
        end = time.time() + float(sys.argv[3])
        peak = 0
        while time.time() < end:
            peak = max(peak, tree_pss_mib(root))
            time.sleep(0.05)
        print(f'{peak:.0f}')
    else:
        print(f'{tree_pss_mib(root):.0f}')
