// The measuring loop both benchmark drivers share: `concurrency` workers
// take captures from one counter until `count` are done, timing each.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/// Runs `capture()` (resolves to the picture's bytes) `count` times with
/// `concurrency` workers. With `saveDir`, every picture is written there as
/// PREFIX-INDEX.png (for pixel checks). Resolves to the JSON line the
/// drivers answer with.
export async function measure({ concurrency, count, saveDir, prefix, capture }) {
  let next = 0;
  const latencies = [];
  const saved = [];
  const errorSamples = [];
  let errors = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async (_, worker) => {
    while (next < count) {
      const index = next++;
      const begin = performance.now();
      try {
        const png = await capture(worker);
        latencies.push(performance.now() - begin);
        if (saveDir) {
          const file = join(saveDir, `${prefix}-${index}.png`);
          writeFileSync(file, png);
          saved.push(file);
        }
      } catch (e) {
        errors += 1;
        if (errorSamples.length < 3) errorSamples.push(String(e.message || e));
      }
    }
  }));
  return {
    latencies_ms: latencies, errors, saved, error_samples: errorSamples,
    seconds: (performance.now() - started) / 1000,
  };
}
