// The Pinhole side of the benchmark, driven like real clients: N workers
// (N = concurrency) each submit a capture with a callbackUrl, wait for the
// signed webhook (or, with --poll, poll the status route every 5 ms), and
// download the image. Node, like the Chromium peer's driver, so both
// contenders pay the same kind of client cost.
//   node pinhole_client.mjs CONCURRENCY [--poll]
// Commands on stdin, one JSON line each:
//   {"base": "http://127.0.0.1:PORT", "key": API_KEY, "url": ...,
//    "fullPage": bool, "count": N, "saveDir": "" | path}
// answered with one JSON line on stdout:
//   {"latencies_ms": [...], "errors": N, "seconds": S, "saved": [paths],
//    "error_samples": [...]}
// Prints {"ready": true, "hookPort": P} first: the server must allow
// 127.0.0.1:P in network.allow for the webhooks to reach it.
import { Agent, createServer, request } from 'node:http';
import { createInterface } from 'node:readline';
import { measure } from './workers.mjs';

const [concurrencyText, mode] = process.argv.slice(2);
const concurrency = Number(concurrencyText || 1);
const poll = mode === '--poll';
let base = '';
let headers = {};
// node:http with a keep-alive agent rather than fetch(): undici's fetch
// cost ~4.6 ms of CPU per capture (submit + download) on these 2 cores,
// CPU the service under test then did not have.
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/// One HTTP request on a kept connection: resolves to {status, body}.
function call(method, path, body) {
  return new Promise((resolve, reject) => {
    const extra = body === undefined ? {} : {
      'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body),
    };
    const req = request(`${base}${path}`, { method, agent, headers: { ...headers, ...extra } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
    req.on('error', reject);
    req.end(body);
  });
}

// Webhook receiver: POST /hook/TOKEN resolves the promise waiting for TOKEN.
const waiting = new Map();
const hooks = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    res.writeHead(204).end();
    const token = req.url.split('/').pop();
    const done = waiting.get(token);
    if (done) {
      waiting.delete(token);
      done(JSON.parse(Buffer.concat(chunks).toString()));
    }
  });
});
await new Promise((ok) => hooks.listen(0, '127.0.0.1', ok));
const hookPort = hooks.address().port;
let tokens = 0;

async function capture(url, fullPage) {
  const body = { url, fullPage };
  let delivered;
  if (!poll) {
    const token = `t${++tokens}`;
    body.callbackUrl = `http://127.0.0.1:${hookPort}/hook/${token}`;
    delivered = new Promise((ok) => waiting.set(token, ok));
  }
  const submitted = await call('POST', '/api/screenshot/capture', JSON.stringify(body));
  const answer = JSON.parse(submitted.body.toString());
  if (submitted.status !== 202) throw new Error(`submit: ${submitted.status} ${JSON.stringify(answer)}`);
  const id = answer.data.captureId;
  let state;
  if (poll) {
    for (;;) {
      const status = JSON.parse((await call('GET', `/api/screenshot/capture/${id}`)).body.toString());
      state = status.data;
      if (state.state === 'COMPLETED' || state.state === 'FAILED') break;
      await new Promise((ok) => setTimeout(ok, 5));
    }
  } else {
    state = await Promise.race([delivered, new Promise((_, no) =>
      setTimeout(() => no(new Error(`no webhook for ${id}`)), 120000))]);
  }
  if (state.state !== 'COMPLETED') throw new Error(`capture failed: ${JSON.stringify(state.error)}`);
  const image = await call('GET', `/api/screenshot/capture/${id}/image`);
  if (image.status !== 200) throw new Error(`image: ${image.status}`);
  return image.body;
}

function round(command) {
  base = command.base;
  headers = { 'X-API-KEY': command.key };
  return measure({
    concurrency, count: command.count, saveDir: command.saveDir,
    prefix: 'pinhole', capture: () => capture(command.url, !!command.fullPage),
  });
}

process.stdout.write(JSON.stringify({ ready: true, hookPort }) + '\n');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  process.stdout.write(JSON.stringify(await round(JSON.parse(line))) + '\n');
}
hooks.close();
process.exit(0); // pooled keep-alive connections would keep node alive
