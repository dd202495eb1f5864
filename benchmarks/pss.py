#!/usr/bin/env python3
"""Prints the PSS (proportional set size) of a process and all its
descendants, in MiB. PSS splits shared pages between the processes that map
them, so the total is what the tree really costs (RSS double-counts). Also
the helpers the benchmark samples process trees with (PSS, CPU time).

  benchmarks/pss.py PID              one reading
  benchmarks/pss.py PID --peak SECS  highest reading over SECS seconds
  benchmarks/pss.py PID --where      where it is: per process, and per kind
                                     of mapping (heap, libraries, shared
                                     buffers, ...) with the largest libraries
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


TICKS_PER_S = os.sysconf('SC_CLK_TCK')


def cpu_seconds(pid):
    """The CPU time (user + system, s) `pid` has used itself, or None when
    it is gone."""
    try:
        with open(f'/proc/{pid}/stat') as f:
            stat = f.read()
    except OSError:
        return None
    fields = stat[stat.rfind(')') + 2:].split()
    return (int(fields[11]) + int(fields[12])) / TICKS_PER_S


def tree_pss_mib(pid):
    return sum(pss_kib(p) for p in tree(pid)) / 1024


def mapping_kind(name):
    """The kind of memory a mapping of /proc/PID/smaps is."""
    if name in ('', '[heap]'):
        return 'anonymous (malloc heap and arenas, JIT, GL buffers)'
    if name.startswith('[stack'):
        return 'stacks'
    if name.startswith('/memfd:') or name.startswith('/dev/shm') or \
            name.startswith('/SYSV'):
        return 'shared memory (frames, IPC buffers)'
    if name.startswith('/dev/dri') or name.startswith('/dev/'):
        return 'devices'
    if '.so' in name:
        return 'libraries'
    if name.startswith('['):
        return 'kernel ([vdso], [vvar], ...)'
    return 'other files (fonts, caches, ICU data)'


def where(pid):
    """PSS (KiB) of `pid` by mapping kind and by library file."""
    kinds, files = {}, {}
    name = ''
    try:
        with open(f'/proc/{pid}/smaps') as f:
            for line in f:
                first = line.split(None, 1)[0]
                if '-' in first and not first.endswith(':'):
                    parts = line.split(None, 5)
                    name = parts[5].strip() if len(parts) > 5 else ''
                elif first == 'Pss:':
                    kib = int(line.split()[1])
                    kind = mapping_kind(name)
                    kinds[kind] = kinds.get(kind, 0) + kib
                    if kind == 'libraries':
                        base = os.path.basename(name)
                        files[base] = files.get(base, 0) + kib
    except OSError:
        pass
    return kinds, files


def print_where(root):
    total_kinds, total_files = {}, {}
    print('PSS by process (MiB):')
    for pid in tree(root):
        try:
            with open(f'/proc/{pid}/comm') as f:
                comm = f.read().strip()
        except OSError:
            continue
        kinds, files = where(pid)
        print(f'  {pid:>7} {comm:<20} {sum(kinds.values()) / 1024:7.1f}  ' +
              ', '.join(f'{k.split(" ")[0]} {v / 1024:.1f}'
                        for k, v in sorted(kinds.items(), key=lambda kv: -kv[1])[:4]))
        for table, part in ((total_kinds, kinds), (total_files, files)):
            for k, v in part.items():
                table[k] = table.get(k, 0) + v
    print('PSS of the tree by kind (MiB):')
    for k, v in sorted(total_kinds.items(), key=lambda kv: -kv[1]):
        print(f'  {v / 1024:7.1f}  {k}')
    print('largest libraries (MiB):')
    for k, v in sorted(total_files.items(), key=lambda kv: -kv[1])[:12]:
        print(f'  {v / 1024:7.1f}  {k}')


if __name__ == '__main__':
    root = int(sys.argv[1])
    if len(sys.argv) > 2 and sys.argv[2] == '--where':
        print_where(root)
    elif len(sys.argv) > 3 and sys.argv[2] == '--peak':
        end = time.time() + float(sys.argv[3])
        peak = 0
        while time.time() < end:
            peak = max(peak, tree_pss_mib(root))
            time.sleep(0.05)
        print(f'{peak:.0f}')
    else:
        print(f'{tree_pss_mib(root):.0f}')
