import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.errors.js';
import { DEFAULT_LIMITS } from './server-limits.config.js';
import { loadProcessSettings } from './settings.config.js';

const JOB = 'spec:\n  jobs:\n    - name: compute\n      schedulerPort: 8000\n      command: [node, main.mjs]\n';

function load(env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'limits-'));
  writeFileSync(join(dir, 'radixconfig.yaml'), JOB);
  return loadProcessSettings([], env, dir).schedulers[0];
}

function problemsOf(env: Record<string, string>): string[] {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('server limits', () => {
  it("has defaults that fit a 1 MiB payload, Node's timeouts and a proxy's keep-alive", () => {
    const sut = load({});
    expect(sut.limits).toEqual(DEFAULT_LIMITS);
    expect(sut.limits.maxBodyBytes).toBeGreaterThan(6 * 1024 * 1024);
    expect(sut.limits.keepAliveTimeoutMs).toBeGreaterThan(60_000);
    expect(sut.local.maxWaitingJobs).toBe(10_000);
  });

  it('takes each limit from its variable, timeouts in seconds', () => {
    const sut = load({
      JOB_SCHEDULER_MAX_BODY_BYTES: '2048',
      JOB_SCHEDULER_HEADERS_TIMEOUT_SECONDS: '5',
      JOB_SCHEDULER_REQUEST_TIMEOUT_SECONDS: '30',
      JOB_SCHEDULER_KEEP_ALIVE_TIMEOUT_SECONDS: '75',
      JOB_SCHEDULER_MAX_CONCURRENT_REQUESTS: '50',
      JOB_SCHEDULER_MAX_STREAMS: '20',
      JOB_SCHEDULER_MAX_CONNECTIONS: '60',
      JOB_SCHEDULER_SEND_TIMEOUT_SECONDS: '10',
      JOB_SCHEDULER_MAX_WAITING_JOBS: '0',
    });
    expect([sut.limits, sut.local.maxWaitingJobs]).toEqual([
      {
        maxBodyBytes: 2048,
        headersTimeoutMs: 5000,
        requestTimeoutMs: 30_000,
        keepAliveTimeoutMs: 75_000,
        maxConcurrentRequests: 50,
        maxStreams: 20,
        maxConnections: 60,
        sendTimeoutMs: 10_000,
        maxBodyBytesInFlight: 16 * 1024 * 1024,
      },
      0,
    ]);
  });

  it('names every bad limit at once, each with its variable and rule', () => {
    const problems = problemsOf({
      JOB_SCHEDULER_MAX_BODY_BYTES: '1k',
      JOB_SCHEDULER_HEADERS_TIMEOUT_SECONDS: '0',
      JOB_SCHEDULER_REQUEST_TIMEOUT_SECONDS: '1.5',
      JOB_SCHEDULER_KEEP_ALIVE_TIMEOUT_SECONDS: '-1',
      JOB_SCHEDULER_MAX_CONCURRENT_REQUESTS: '0',
      JOB_SCHEDULER_MAX_WAITING_JOBS: 'many',
    });
    expect(problems).toEqual([
      'JOB_SCHEDULER_MAX_WAITING_JOBS=many: must be a whole number from 0 to 1000000',
      'JOB_SCHEDULER_MAX_BODY_BYTES=1k: must be a whole number from 1024 to 1073741824',
      'JOB_SCHEDULER_HEADERS_TIMEOUT_SECONDS=0: must be a whole number from 1 to 3600',
      'JOB_SCHEDULER_REQUEST_TIMEOUT_SECONDS=1.5: must be a whole number from 1 to 3600',
      'JOB_SCHEDULER_KEEP_ALIVE_TIMEOUT_SECONDS=-1: must be a whole number from 1 to 3600',
      'JOB_SCHEDULER_MAX_CONCURRENT_REQUESTS=0: must be a whole number from 1 to 100000',
    ]);
  });

  it('refuses headers that may take longer than the whole request', () => {
    expect(problemsOf({ JOB_SCHEDULER_HEADERS_TIMEOUT_SECONDS: '120', JOB_SCHEDULER_REQUEST_TIMEOUT_SECONDS: '60' })).toEqual([
      'JOB_SCHEDULER_HEADERS_TIMEOUT_SECONDS=120: must not be more than JOB_SCHEDULER_REQUEST_TIMEOUT_SECONDS (60)',
    ]);
  });
});
