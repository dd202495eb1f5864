#!/usr/bin/env python3
"""Writes the benchmark page corpus into benchmarks/corpus/ (committed; run
again only to change it). Deterministic: a fixed seed, no timestamps.

  simple.html   a small styled page
  article.html  a ~200 KB article: CSS grid and flex, a table, inline SVG and
                data: images, a web font (served by the bench server)
  long.html     6000 px of sections, captured full page
  landing.html  a hero one viewport tall (100vh) above the long page's
                sections, captured full page: a layout that depends on the
                viewport's height (not in the default run: --pages landing)
  js.html       empty until its script has fetched /data.json (answered
                after a short delay by the bench server) and built the page;
                a #1e90ff box at (20, 20)-(320, 170) proves the late content
                is in the picture
"""
import base64
import os
import random
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'corpus')
rng = random.Random(20261129)

WORDS = ('pinhole light camera image frame page render paint pixel layout '
         'style grid flex table column row header footer article section '
         'browser engine service queue worker memory speed latency capture '
         'archive preview evidence regression visual test operator config').split()


def sentence(n):
    words = [rng.choice(WORDS) for _ in range(n)]
    return ' '.join(words).capitalize() + '.'


def paragraph():
    return ' '.join(sentence(rng.randint(8, 16)) for _ in range(rng.randint(4, 7)))


def tiny_png(r, g, b, size=24):
    """A solid-colour PNG (for data: URIs), written with zlib."""
    raw = b''.join(b'\x00' + bytes((r, g, b)) * size for _ in range(size))

    def chunk(kind, data):
        body = kind + data
        return struct.pack('>I', len(data)) + body + struct.pack(
            '>I', zlib.crc32(body) & 0xffffffff)
    return (b'\x89PNG\r\n\x1a\n' +
            chunk(b'IHDR', struct.pack('>IIBBBBB', size, size, 8, 2, 0, 0, 0)) +
            chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b''))


def write(name, text):
    with open(os.path.join(OUT, name), 'w') as f:
        f.write(text)


def simple():
    return '''<!doctype html><html><head><meta charset="utf-8"><title>Simple</title>
<style>
body{margin:0;font-family:sans-serif;background:#f4f1ea;color:#222}
header{background:#2b4c7e;color:#fff;padding:24px 40px}
main{max-width:760px;margin:32px auto;padding:0 20px}
.card{background:#fff;border-radius:8px;padding:20px;margin:16px 0;
box-shadow:0 2px 6px rgba(0,0,0,.15)}
</style></head><body><header><h1>Pinhole benchmark</h1></header><main>
''' + ''.join('<div class="card"><h2>%s</h2><p>%s</p></div>\n' %
              (sentence(3), paragraph()) for _ in range(3)) + '</main></body></html>\n'


def article():
    parts = ['''<!doctype html><html><head><meta charset="utf-8"><title>Article</title>
<style>
@font-face{font-family:"BenchSerif";src:url(/fonts/DejaVuSerif.ttf);}
body{margin:0;font-family:"BenchSerif",serif;background:#fff;color:#1b1b1b;line-height:1.5}
nav{display:flex;gap:24px;padding:14px 32px;background:#111;color:#eee}
.layout{display:grid;grid-template-columns:220px 1fr 260px;gap:28px;padding:24px 32px}
aside{font-size:14px;color:#555}
.figure{display:flex;gap:12px;align-items:center;margin:18px 0}
table{border-collapse:collapse;width:100%;margin:20px 0;font-size:14px}
td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}
th{background:#eef}
.tiles{display:grid;grid-template-columns:repeat(4,1fr);gap:8px}
.tile{height:60px;border-radius:6px}
</style></head><body>
<nav>''' + ''.join('<span>%s</span>' % w.capitalize() for w in WORDS[:8]) +
             '</nav><div class="layout"><aside><h3>Contents</h3><ul>']
    parts += ['<li>%s</li>' % sentence(3) for _ in range(30)]
    parts.append('</ul></aside><article><h1>%s</h1>' % sentence(8))
    for section in range(66):
        parts.append('<h2>%s</h2>' % sentence(5))
        for _ in range(5):
            parts.append('<p>%s</p>' % paragraph())
        if section % 5 == 0:
            colours = [(rng.randrange(256), rng.randrange(256), rng.randrange(256))
                       for _ in range(3)]
            parts.append('<div class="figure">')
            for (r, g, b) in colours:
                data = base64.b64encode(tiny_png(r, g, b)).decode()
                parts.append('<img width="96" height="96" alt="" '
                             'src="data:image/png;base64,%s">' % data)
            parts.append('<svg width="160" height="96" viewBox="0 0 160 96">'
                         '<rect width="160" height="96" fill="#%02x%02x%02x"/>'
                         '<circle cx="80" cy="48" r="30" fill="#fff"/></svg>'
                         % colours[0])
            parts.append('</div>')
        if section % 8 == 3:
            parts.append('<table><tr>' + ''.join('<th>%s</th>' % w for w in WORDS[:6]) + '</tr>')
            for _ in range(25):
                parts.append('<tr>' + ''.join('<td>%d</td>' % rng.randrange(100000)
                                              for _ in range(6)) + '</tr>')
            parts.append('</table>')
    parts.append('</article><aside><h3>Related</h3><div class="tiles">')
    for _ in range(24):
        parts.append('<div class="tile" style="background:#%06x"></div>' % rng.randrange(1 << 24))
    parts.append('</div>')
    parts += ['<p>%s</p>' % paragraph() for _ in range(6)]
    parts.append('</aside></div></body></html>\n')
    return '\n'.join(parts)


def long_page():
    sections = []
    for i in range(30):
        sections.append('<section style="height:200px;background:#%06x">'
                        '<h2>Section %d</h2><p>%s</p></section>'
                        % (rng.randrange(1 << 24), i + 1, sentence(12)))
    return ('<!doctype html><html><head><meta charset="utf-8"><title>Long</title>'
            '<style>body{margin:0;font-family:sans-serif}section{padding:0 40px;'
            'box-sizing:border-box;overflow:hidden}</style></head><body>'
            + '\n'.join(sections) + '</body></html>\n')


def landing_page():
    """long.html's sections below a 100vh hero (its own seed: the other pages
    stay as they are)."""
    own = random.Random(20261204)
    sections = []
    for i in range(30):
        sections.append('<section style="height:200px;background:#%06x">'
                        '<h2>Section %d</h2></section>'
                        % (own.randrange(1 << 24), i + 1))
    return ('<!doctype html><html><head><meta charset="utf-8"><title>Landing</title>'
            '<style>body{margin:0;font-family:sans-serif}section{padding:0 40px;'
            'box-sizing:border-box;overflow:hidden}.hero{height:100vh;'
            'background:#202840;color:#fff}</style></head><body>'
            '<section class="hero"><h1>Landing</h1></section>\n'
            + '\n'.join(sections) + '</body></html>\n')


def js_page():
    return '''<!doctype html><html><head><meta charset="utf-8"><title>JS</title>
<style>
body{margin:0;font-family:sans-serif;background:#fafafa}
#late{position:absolute;left:20px;top:20px;width:300px;height:150px;background:#1e90ff}
#list{position:absolute;left:360px;top:20px}
.row{padding:4px 10px;margin:2px 0;background:#e8e8e8}
</style></head><body><div id="app">Loading…</div>
<script>
document.addEventListener('DOMContentLoaded', () => {
  fetch('/data.json').then((r) => r.json()).then((data) => {
    const app = document.getElementById('app');
    app.textContent = '';
    const box = document.createElement('div');
    box.id = 'late';
    app.appendChild(box);
    const list = document.createElement('div');
    list.id = 'list';
    for (const item of data.items) {
      const row = document.createElement('div');
      row.className = 'row';
      row.textContent = item;
      list.appendChild(row);
    }
    app.appendChild(list);
  });
});
</script></body></html>
'''


def main():
    os.makedirs(OUT, exist_ok=True)
    write('simple.html', simple())
    write('article.html', article())
    write('long.html', long_page())
    write('js.html', js_page())
    write('landing.html', landing_page())
    for name in sorted(os.listdir(OUT)):
        print(name, os.path.getsize(os.path.join(OUT, name)), 'bytes')


if __name__ == '__main__':
    main()
