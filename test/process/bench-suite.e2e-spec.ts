import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MODULES = ['B1', 'B10', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8', 'B9'];

/**
 * The benchmark suite, run tiny (`BENCH_SCALE=smoke`) through `bench/run.mjs` itself, so that
 * it cannot rot. Only the shape of its figures is checked, never a time.
 */
describe('bench/run.mjs', () => {
  it('runs every module end to end and writes each figure with N, concurrency, median, p99 and ratio', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-suite-'));
    try {
      const out = join(dir, 'bench.json');
      const run = spawnSync(process.execPath, ['bench/run.mjs'], {
        env: { ...process.env, BENCH_SCALE: 'smoke', BENCH_OUT: out },
        encoding: 'utf8',
        timeout: 280_000,
      });
      expect({ status: run.status, stderr: run.stderr.split('\n').filter((line) => line && !/^bench: B\d+ /.test(line)) }).toEqual({
        status: 0,
        stderr: [],
      });
      const result = JSON.parse(readFileSync(out, 'utf8'));
      expect(result).toMatchObject({ scale: 'smoke', failures: [], machine: { cores: expect.any(Number) } });
      expect([...new Set(result.figures.map((f: { id: string }) => f.id))].sort()).toEqual(MODULES);
      for (const f of result.figures) {
        expect(f).toMatchObject({
          what: expect.any(String),
          runtime: expect.stringMatching(/^(kubernetes|local)$/),
          n: expect.any(Number),
          concurrency: expect.any(Number),
          median: expect.any(Number),
          p99: expect.any(Number),
          unit: expect.any(String),
        });
        expect(f.p99).toBeGreaterThanOrEqual(f.median);
        if (f.baseline) expect(f.ratio).toEqual({ median: expect.any(Number), p99: expect.any(Number) });
        else expect(f.ratio).toBeUndefined();
      }
      // Both runtimes are listed, with the baselines the goals name.
      const lists = result.figures.filter((f: { id: string }) => f.id === 'B1');
      expect(lists.map((f: { runtime: string; baseline: { what: string } }) => `${f.runtime} vs ${f.baseline.what}`)).toEqual(
        expect.arrayContaining(['kubernetes vs floor', 'kubernetes vs client-node LIST', 'local vs floor']),
      );
      // B1 under load too: 32 clients at once, on both runtimes, against the floor.
      const loaded = lists.filter((f: { concurrency: number }) => f.concurrency === 32);
      expect(loaded.map((f: { runtime: string; baseline: { what: string } }) => `${f.runtime} vs ${f.baseline.what}`)).toEqual(
        expect.arrayContaining(['kubernetes vs floor', 'local vs floor']),
      );
      // B9: a job's end on the event stream, on both runtimes.
      expect(
        result.figures
          .filter((f: { id: string }) => f.id === 'B9')
          .map((f: { runtime: string }) => f.runtime)
          .sort(),
      ).toEqual(['kubernetes', 'local']);
      // The queue: admission latency on both runtimes; its throughput against Jobs made straight with client-node.
      const queue = result.figures.filter((f: { id: string }) => f.id === 'B7' || f.id === 'B8');
      expect(
        queue
          .map((f: { id: string; runtime: string; baseline?: { what: string } }) => `${f.id} ${f.runtime} ${f.baseline?.what ?? '-'}`)
          .sort(),
      ).toEqual(['B7 kubernetes -', 'B7 local -', expect.stringMatching(/^B8 kubernetes .*client-node/)]);
      expect(run.stdout).toContain('| B1 |');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
