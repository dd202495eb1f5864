// Reference pictures from Debian's Chromium (playwright-core, installed in
// benchmarks/ by scripts/npm-deps): what a page looks like to a reader.
// Usage: node chromium_reference.mjs WIDTH HEIGHT < shots.json
// where shots.json is a JSON list of {"url", "fullPage", "out"}; each
// picture is page.screenshot({fullPage}) after the load event, written to
// `out` as PNG. Exits non-zero (with the reason on stderr) if any fails.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(new URL('../../benchmarks/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [width, height] = process.argv.slice(2, 4).map(Number);
const shots = JSON.parse(readFileSync(0, 'utf8'));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox'], // running as root in CI containers
});
try {
  for (const shot of shots) {
    // A page of its own for each shot: nothing of one reaches the next.
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(shot.url, { waitUntil: 'load', timeout: 30000 });
    await page.screenshot({ path: shot.out, fullPage: !!shot.fullPage });
    await page.close();
  }
} finally {
  await browser.close();
}
