// The peer of the Pinhole benchmark: Debian's Chromium kept warm by
// playwright-core — one browser, N pages (N = concurrency), each capture a
// page.goto(url, {waitUntil: 'load'}) + page.screenshot(), the way people
// drive it. Commands arrive on stdin as JSON lines
//   {"url": ..., "fullPage": bool, "count": N, "saveDir": "" | path}
// and each is answered with one JSON line on stdout:
//   {"latencies_ms": [...], "errors": N, "seconds": S, "saved": [paths],
//    "error_samples": [...]}
// With saveDir set, every picture is written there (for pixel checks).
// Prints {"ready": true, "pid": browserPid} once the pages are open.
import { chromium } from 'playwright-core';
import { createInterface } from 'node:readline';
import { measure } from './workers.mjs';

const concurrency = Number(process.argv[2] || 1);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox'], // running as root in CI containers
});
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const pages = [];
for (let i = 0; i < concurrency; ++i) pages.push(await context.newPage());
for (const page of pages) await page.goto('about:blank');

async function shoot(page, command) {
  await page.goto(command.url, { waitUntil: 'load', timeout: 30000 });
  return page.screenshot({ fullPage: !!command.fullPage });
}

function round(command) {
  return measure({
    concurrency, count: command.count, saveDir: command.saveDir,
    prefix: 'chromium', capture: (worker) => shoot(pages[worker], command),
  });
}

const browserPid = browser.process ? browser.process()?.pid : undefined;
process.stdout.write(JSON.stringify({ ready: true, pid: browserPid ?? null }) + '\n');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  const result = await round(JSON.parse(line));
  process.stdout.write(JSON.stringify(result) + '\n');
}
await browser.close();
process.exit(0);
