import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { followEvents } from './events.mjs';
import { sleep, until } from './stats.mjs';

/**
 * The scheduler as it ships: `node dist/main.js` in its own process, configured only by
 * environment, so that its memory and its HTTP path are the real ones.
 */
export async function startScheduler(env, nodeArgs = []) {
  const port = await freePort();
  const stderr = [];
  const child = spawn(process.execPath, [...nodeArgs, 'dist/main.js'], {
    env: { PATH: process.env.PATH, JOB_SCHEDULER_PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr.on('data', (chunk) => stderr.push(chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await Promise.race([
    until('the scheduler to be ready', async () => (await fetch(`${url}/health/ready`)).status === 200, 120_000, 100),
    exited.then((code) => Promise.reject(new Error(`scheduler exited with ${code}:\n${stderr.join('')}`))),
  ]);
  return {
    url,
    pid: child.pid,
    stderr: () => stderr.join(''),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))]);
    },
  };
}

/**
 * Runs `use(url, events)` against a scheduler of its own (`env` as for startScheduler), while
 * following its events from before the first request; resolves to what `use` made, with the
 * events (`{ runs, events }`), once the scheduler has stopped.
 */
export async function withScheduler(env, use) {
  const scheduler = await startScheduler(env);
  try {
    const events = await followEvents(scheduler.url);
    try {
      return { runs: await use(scheduler.url, events), events };
    } finally {
      await events.close();
    }
  } finally {
    await scheduler.stop();
  }
}

/** Resident memory of a process in bytes, from /proc (Linux). */
export function residentBytes(pid) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line.split(/\s+/)[1]) * 1024;
}

/** Resident bytes of a process's `[heap]` mapping (glibc's main arena), from /proc (Linux); 0 without one. */
export function arenaBytes(pid) {
  const smaps = readFileSync(`/proc/${pid}/smaps`, 'utf8');
  const at = smaps.search(/ \[heap\]\n/);
  if (at < 0) return 0;
  return Number(/\nRss:\s+(\d+) kB/.exec(smaps.slice(at))[1]) * 1024;
}

/** CPU seconds a process has used so far, user and system, from /proc (Linux, 100 ticks a second). */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** JSON from the scheduler; throws on any status but the expected one. */
export async function api(url, method, path, body, expected = 200) {
  const response = await fetch(url + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== expected) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
}

/** The list as bytes, exactly as a client receives them. */
export async function listBytes(url) {
  const response = await fetch(`${url}/api/v1/jobs`);
  if (response.status !== 200) throw new Error(`GET /api/v1/jobs answered ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
