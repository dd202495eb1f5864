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
/// One shot on a page of its own (nothing of one reaches the next).
async function take(shot) {
  const page = await browser.newPage({ viewport: { width, height } });
  try {
    await page.goto(shot.url, { waitUntil: 'load', timeout: 30000 });
    await page.screenshot({ path: shot.out, fullPage: !!shot.fullPage });
  } finally {
    await page.close();
  }
}

try {
  for (const shot of shots) {
    // Chromium's "Unable to capture screenshot" (its compositor, on a
    // loaded machine) is not about the page: that shot is taken again on a
    // fresh page, at most twice; any other error ends the run.
    for (let attempt = 1; ; ++attempt) {
      try {
        await take(shot);
        break;
      } catch (e) {
        if (attempt >= 3 || !String(e).includes('Unable to capture screenshot'))
          throw e;
        console.error(`chromium_reference: ${shot.url}: ${e.message.split('\n')[0]}; again`);
      }
    }
  }
} finally {
  await browser.close();
}
