// The "try it live" page (GET /) in a real browser: Debian's Chromium,
// driven by playwright-core (installed in benchmarks/ by scripts/npm-deps),
// against the real `pinhole serve` and a page served on 127.0.0.1.
// Usage: node try_it_test.mjs PATH/TO/pinhole
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(new URL('../../benchmarks/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };

// The page to take a picture of: green, a 100x50 blue box at the top
// left and a red banner that can be hidden.
const site = createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/html' });
  res.end('<body style="margin:0;background:#00ff00">' +
          '<div id="box" style="width:100px;height:50px;background:#0000ff"></div>' +
          '<div class="banner" style="position:fixed;bottom:0;left:0;right:0;' +
          'height:40px;background:#ff0000"></div></body>');
});
await new Promise((done) => site.listen(0, '127.0.0.1', done));
const sitePort = site.address().port;

const key = 'try-' + Math.random().toString(16).slice(2);
const dir = mkdtempSync(join(tmpdir(), 'pinhole-try-it-'));
const server = spawn(process.argv[2], [
  'serve', '--server.listen', '127.0.0.1:0', '--storage.dir', dir,
  '--auth.keys', 'tester=' + key, '--network.allow', '127.0.0.1:' + sitePort,
], { stdio: ['ignore', 'pipe', 'pipe'] });
let output = ''; // the server's, shown when something fails
const base = await new Promise((resolve, reject) => {
  const look = (chunk) => {
    output += chunk;
    const found = output.match(/listening on (http:\/\/[0-9.:]+)/);
    if (found) resolve(found[1]);
  };
  server.stdout.on('data', look);
  server.stderr.on('data', look);
  server.on('exit', () => reject(new Error('pinhole serve ended:\n' + output)));
  setTimeout(() => reject(new Error('pinhole serve did not start:\n' + output)), 30000);
});
for (let i = 0; i < 300; ++i) {
  const ready = await fetch(base + '/readyz').then((r) => r.ok, () => false);
  if (ready) break;
  await new Promise((done) => setTimeout(done, 100));
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox'],
});
let page;
// Clicks "Take screenshot" and waits until the picture is shown.
const takeScreenshot = async () => {
  await page.click('#go');
  await page.waitForFunction(() => {
    const img = document.getElementById('shot');
    return img && img.complete && img.naturalWidth > 0;
  }, null, { timeout: 60000 });
};
try {
  page = await browser.newPage();
  await page.goto(base + '/');
  check((await page.title()).includes('Pinhole'), 'the page has its title');

  // A wrong key: the error is shown, with its code.
  await page.fill('#key', 'wrong');
  await page.fill('#url', 'http://127.0.0.1:' + sitePort + '/');
  await page.click('#go');
  await page.waitForFunction(() => document.getElementById('status').className === 'error');
  check((await page.textContent('#status')).includes('UNAUTHORIZED'),
        'a wrong key shows UNAUTHORIZED');

  // The real key: the screenshot appears, at the asked size, green.
  await page.fill('#key', key);
  await page.fill('#width', '320');
  await page.fill('#height', '200');
  await takeScreenshot();
  const shot = await page.evaluate(() => {
    const img = document.getElementById('shot');
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const g = canvas.getContext('2d');
    g.drawImage(img, 0, 0);
    return { width: img.naturalWidth, height: img.naturalHeight,
             pixel: [...g.getImageData(160, 100, 1, 1).data] };
  });
  check(shot.width === 320 && shot.height === 200,
        'the screenshot is 320x200, got ' + shot.width + 'x' + shot.height);
  check(shot.pixel[0] < 30 && shot.pixel[1] > 225 && shot.pixel[2] < 30,
        'the screenshot is green, got ' + shot.pixel);
  check((await page.textContent('#status')).includes('320×200'),
        'the status line names the size');
  // Only an element, with the banner hidden.
  await page.evaluate(() => document.getElementById('shot').remove());
  await page.fill('#selector', '#box');
  await page.fill('#hide', '.banner');
  await takeScreenshot();
  const element = await page.evaluate(() => {
    const img = document.getElementById('shot');
    return { width: img.naturalWidth, height: img.naturalHeight };
  });
  check(element.width === 100 && element.height === 50,
        'the element picture is 100x50, got ' + element.width + 'x' + element.height);
  // The key stays in this browser, for the next visit.
  await page.reload();
  check(await page.inputValue('#key') === key, 'the key is remembered');
} catch (error) {
  failures.push(error.message);
} finally {
  if (failures.length && page)
    console.error('status line: ' + await page.textContent('#status').catch(() => '?'));
  await browser.close();
  server.kill('SIGTERM');
  site.close();
  await new Promise((done) => setTimeout(done, 500));
  rmSync(dir, { recursive: true, force: true });
}

if (failures.length) {
  console.error('FAILED:\n  ' + failures.join('\n  ') + '\nserver output:\n' + output);
  process.exit(1);
}
console.log('try-it page: all checks passed');
process.exit(0);
