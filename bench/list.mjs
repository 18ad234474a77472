// B1 on the local runtime: `GET /api/v1/jobs` with N finished jobs, against a bare node:http
// floor that sends the same bytes, alternating sample by sample in one run.
//   node bench/list.mjs [N=1000] [SAMPLES=200]
// Prints a table and writes the same figures to bench/results/list-local.json (or BENCH_OUT).
// Asserts nothing; `npm test` runs it once with a tiny N so that it cannot rot.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';

const N = Number(process.argv[2] ?? 1000);
const SAMPLES = Number(process.argv[3] ?? 200);
const dir = mkdtempSync(join(tmpdir(), 'bench-list-'));
writeFileSync(
  join(dir, 'radixconfig.yaml'),
  'metadata: { name: bench }\nspec:\n  jobs:\n    - { name: compute, schedulerPort: 8000, command: ["true"] }\n',
);
const port = 20000 + Math.floor(Math.random() * 20000);
const url = `http://127.0.0.1:${port}`;
const scheduler = spawn(process.execPath, ['dist/main.js'], {
  env: {
    PATH: process.env.PATH,
    RADIX_CONFIG_FILE: join(dir, 'radixconfig.yaml'),
    JOB_SCHEDULER_DATA_DIR: join(dir, 'data'),
    JOB_SCHEDULER_PORT: String(port),
    JOB_SCHEDULER_HISTORY_SUCCEEDED: '1000',
    LOG_LEVEL: 'warn',
  },
  stdio: 'inherit',
});

try {
  await until(async () => (await fetch(`${url}/health/ready`)).status === 200);
  for (let made = 0; made < N; made += 1000) {
    const jobs = Array.from({ length: Math.min(1000, N - made) }, () => ({}));
    // Single jobs, not batches: what B1 lists is what most schedulers hold.
    await Promise.all(jobs.map(() => fetch(`${url}/api/v1/jobs`, { method: 'POST', body: '{}' }).then((r) => r.arrayBuffer())));
  }
  await until(async () => (await (await fetch(`${url}/api/v1/jobs?status=Succeeded`)).json()).length === N, 600_000);
  const body = Buffer.from(await (await fetch(`${url}/api/v1/jobs`)).arrayBuffer());
  const floor = createServer((_, res) =>
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length }).end(body),
  );
  await new Promise((resolve) => floor.listen(0, '127.0.0.1', resolve));
  const floorUrl = `http://127.0.0.1:${floor.address().port}`;
  const times = { scheduler: [], floor: [] };
  for (let i = 0; i < SAMPLES; i++) {
    times.scheduler.push(await timed(`${url}/api/v1/jobs`));
    times.floor.push(await timed(floorUrl));
  }
  floor.close();
  const s = stats(times.scheduler);
  const f = stats(times.floor);
  const result = {
    what: 'GET /api/v1/jobs, local runtime',
    n: N,
    bytes: body.length,
    samples: SAMPLES,
    concurrency: 1,
    scheduler: s,
    floor: f,
    ratio: { median: s.median / f.median, p99: s.p99 / f.p99 },
  };
  console.log(`| what | N | bytes | scheduler median / p99 (ms) | floor median / p99 (ms) | ratio median / p99 |`);
  console.log(
    `| ${result.what} | ${N} | ${body.length} | ${s.median.toFixed(2)} / ${s.p99.toFixed(2)} | ${f.median.toFixed(2)} / ${f.p99.toFixed(2)} | ${result.ratio.median.toFixed(2)} / ${result.ratio.p99.toFixed(2)} |`,
  );
  const out = process.env.BENCH_OUT ?? 'bench/results/list-local.json';
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(result, null, 2));
} finally {
  scheduler.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}

async function timed(target) {
  const start = performance.now();
  await (await fetch(target)).arrayBuffer();
  return performance.now() - start;
}

function stats(times) {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], p99: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] };
}

async function until(probe, timeoutMs = 60_000) {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
    if (await probe().catch(() => false)) return;
  }
  throw new Error('bench: timed out waiting');
}
