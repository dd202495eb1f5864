// The peer of the Pinhole benchmark: Debian's Chromium kept warm by
// playwright-core, one browser per run, in one of two ways of waiting:
//   node chromium_peer.mjs CONCURRENCY [--slots S] [--wait load|content]
// CONCURRENCY client workers share S pages (default S = CONCURRENCY); with
// S < CONCURRENCY a worker waits in the driver for a free page, the way
// Pinhole's queue holds requests until a view is free ("equal slots").
//   --wait load      page.goto(url, {waitUntil: 'load'}) + page.screenshot():
//                    how people usually drive it (default encoder settings)
//   --wait content   goto 'load', then until no request of the page has been
//                    in flight for NETWORK_QUIET_MS (Pinhole's own rule,
//                    renderer.wpe.network_quiet_ms), then CDP
//                    Page.captureScreenshot with optimizeForSpeed (the
//                    encoder choice closest to Pinhole's zlib level 1):
//                    correct pictures of script-built pages, tuned for speed
// Commands arrive on stdin as JSON lines
//   {"url": ..., "fullPage": bool, "count": N, "saveDir": "" | path}
// and each is answered with one JSON line on stdout:
//   {"latencies_ms": [...], "errors": N, "seconds": S, "saved": [paths],
//    "error_samples": [...]}
// With saveDir set, every picture is written there (for pixel checks).
// Prints {"ready": true, "pid": browserPid} once the pages are open.
import { chromium } from 'playwright-core';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { measure } from './workers.mjs';

const NETWORK_QUIET_MS = 20;

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: { slots: { type: 'string' }, wait: { type: 'string', default: 'load' } },
});
const concurrency = Number(positionals[0] || 1);
const slots = Number(flags.slots || concurrency);
if (!['load', 'content'].includes(flags.wait)) throw new Error(`--wait ${flags.wait}?`);
const waitForContent = flags.wait === 'content';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox'], // running as root in CI containers
});
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });

/// One browser page and what a capture needs of it.
async function openSlot() {
  const page = await context.newPage();
  await page.goto('about:blank');
  const slot = { page, inFlight: 0, lastActivity: performance.now(), cdp: null };
  if (waitForContent) {
    slot.cdp = await context.newCDPSession(page);
    const started = () => { slot.inFlight += 1; slot.lastActivity = performance.now(); };
    const ended = () => { slot.inFlight -= 1; slot.lastActivity = performance.now(); };
    page.on('request', started);
    page.on('requestfinished', ended);
    page.on('requestfailed', ended);
  }
  return slot;
}

const free = [];
for (let i = 0; i < slots; ++i) free.push(await openSlot());
const waiting = [];

function acquire() {
  if (free.length) return Promise.resolve(free.pop());
  return new Promise((resolve) => waiting.push(resolve));
}

function release(slot) {
  const next = waiting.shift();
  if (next) next(slot);
  else free.push(slot);
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function networkQuiet(slot, deadline) {
  while (slot.inFlight > 0 || performance.now() - slot.lastActivity < NETWORK_QUIET_MS) {
    if (performance.now() > deadline) throw new Error('network never went quiet');
    await pause(2);
  }
}

/// Page.captureScreenshot with optimizeForSpeed; a full page is the
/// layout's content size captured beyond the viewport.
async function fastScreenshot(slot, fullPage) {
  const params = { format: 'png', optimizeForSpeed: true };
  if (fullPage) {
    const { cssContentSize: size } = await slot.cdp.send('Page.getLayoutMetrics');
    params.captureBeyondViewport = true;
    params.clip = { x: 0, y: 0, width: Math.ceil(size.width), height: Math.ceil(size.height), scale: 1 };
  }
  const { data } = await slot.cdp.send('Page.captureScreenshot', params);
  return Buffer.from(data, 'base64');
}

async function shoot(command) {
  const slot = await acquire();
  try {
    const deadline = performance.now() + 30000;
    await slot.page.goto(command.url, { waitUntil: 'load', timeout: 30000 });
    if (!waitForContent) return await slot.page.screenshot({ fullPage: !!command.fullPage });
    await networkQuiet(slot, deadline);
    return await fastScreenshot(slot, !!command.fullPage);
  } finally {
    release(slot);
  }
}

function round(command) {
  return measure({
    concurrency, count: command.count, saveDir: command.saveDir,
    prefix: 'chromium', capture: () => shoot(command),
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
