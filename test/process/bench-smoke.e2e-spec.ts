import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The list benchmark, run tiny so that it cannot rot; its figures are not looked at. */
describe('bench/list.mjs', () => {
  it('runs end to end and writes its figures as JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
    try {
      const out = join(dir, 'list.json');
      const run = spawnSync(process.execPath, ['bench/list.mjs', '20', '5'], {
        env: { ...process.env, BENCH_OUT: out },
        encoding: 'utf8',
        timeout: 100_000,
      });
      expect([run.status, run.stderr]).toEqual([0, '']);
      const result = JSON.parse(readFileSync(out, 'utf8'));
      expect(result).toMatchObject({
        n: 20,
        samples: 5,
        concurrency: 1,
        scheduler: { median: expect.any(Number), p99: expect.any(Number) },
        floor: { median: expect.any(Number) },
      });
      expect(result.bytes).toBeGreaterThan(20 * 100);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
