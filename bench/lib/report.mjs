import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname } from 'node:path';
import { stats } from './stats.mjs';

/**
 * One figure of the suite: what was measured, at which N and concurrency, its median and p99,
 * its baseline measured in the same run, the ratio (figure / baseline) and the goal.
 * `unit` says what median and p99 count; `better` says which way is good for the ratio.
 */
export function figure({ id, what, runtime, n, concurrency, samples, unit = 'ms', values, baseline, goal, met, extra }) {
  const own = stats(values);
  const base = baseline ? { what: baseline.what, ...stats(baseline.values) } : undefined;
  return {
    id,
    what,
    runtime,
    n,
    concurrency,
    samples: samples ?? values.length,
    unit,
    median: round(own.median),
    p99: round(own.p99),
    baseline: base && { what: base.what, median: round(base.median), p99: round(base.p99) },
    ratio: base && { median: round(own.median / base.median), p99: round(own.p99 / base.p99) },
    goal,
    met: met === undefined ? null : met,
    ...(extra ? { extra } : {}),
  };
}

const round = (value) => (Number.isFinite(value) ? Math.round(value * 1000) / 1000 : null);

export function printTable(figures, scaleName) {
  const head = [
    'id',
    'what',
    'runtime',
    'N',
    'conc',
    'median',
    'p99',
    'unit',
    'baseline median / p99',
    'ratio median / p99',
    'goal',
    'met',
  ];
  const rows = figures.map((f) => [
    f.id,
    f.what,
    f.runtime,
    String(f.n),
    String(f.concurrency),
    fmt(f.median),
    fmt(f.p99),
    f.unit,
    f.baseline ? `${fmt(f.baseline.median)} / ${fmt(f.baseline.p99)} (${f.baseline.what})` : '-',
    f.ratio ? `${fmt(f.ratio.median)} / ${fmt(f.ratio.p99)}` : '-',
    f.goal ?? '-',
    f.met === null ? '-' : f.met ? 'yes' : 'NO',
  ]);
  console.log(`\nbench (${scaleName}), ${cpus().length} cores, node ${process.version}\n`);
  console.log(`| ${head.join(' | ')} |`);
  console.log(`| ${head.map(() => '---').join(' | ')} |`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

const fmt = (value) => (value === null || value === undefined ? '-' : value >= 100 ? value.toFixed(0) : value.toFixed(2));

export function writeJson(figures, scaleName, startedAt, failures = []) {
  const out = process.env.BENCH_OUT ?? 'bench/results/bench.json';
  mkdirSync(dirname(out), { recursive: true });
  const machine = { cores: cpus().length, cpu: cpus()[0]?.model, node: process.version, platform: process.platform };
  const seconds = Math.round((Date.now() - startedAt) / 1000);
  writeFileSync(
    out,
    JSON.stringify({ scale: scaleName, startedAt: new Date(startedAt).toISOString(), seconds, machine, figures, failures }, null, 2) + '\n',
  );
  console.log(`\nfigures written to ${out} (${seconds} s)`);
}
