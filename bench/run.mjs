// The benchmark suite: `npm run bench` (it builds first). B1..B10 of the performance goals,
// against the test control plane (or BENCH_KUBECONFIG) and the local runtime. Prints a table
// and writes the same figures as JSON (BENCH_OUT, default bench/results/bench.json).
// BENCH_SCALE=smoke runs everything tiny and checks no goal; BENCH_ONLY=B1,B5 runs only those
// modules. Nothing here asserts a time.
import { b1List } from './b1-list.mjs';
import { b2Create } from './b2-create.mjs';
import { b3Freshness } from './b3-freshness.mjs';
import { b4Memory } from './b4-memory.mjs';
import { b5LocalStart } from './b5-local-start.mjs';
import { b6Batch } from './b6-batch.mjs';
import { b7AdmissionLatency } from './b7-admission-latency.mjs';
import { b8QueueThroughput } from './b8-queue-throughput.mjs';
import { b9EventLatency } from './b9-event-latency.mjs';
import { b10FiringLateness } from './b10-firing-lateness.mjs';
import { startCluster } from './lib/cluster.mjs';
import { printTable, writeJson } from './lib/report.mjs';
import { INSPECT } from './lib/inspector.mjs';
import { settledResident, startKube, startLocal } from './lib/runtimes.mjs';
import { scale } from './lib/scale.mjs';

const startedAt = Date.now();
const figures = [];
const failures = [];
const cluster = await startCluster();
const stops = [() => cluster.stop()];
try {
  // With their inspectors open: B4 makes them collect their garbage before it reads their memory.
  const kube = await startKube(cluster, [INSPECT]);
  stops.unshift(() => kube.stop());
  const local = await startLocal([INSPECT]);
  stops.unshift(() => local.stop());
  // Idle: before the schedulers know any job (B4 subtracts it).
  [kube.idle, local.idle] = await Promise.all([settledResident(kube.scheduler), settledResident(local.scheduler)]);
  const ctx = { scale, cluster, kube, local, runtimes: [kube, local] };
  // B5 times single local jobs, milliseconds each: it runs before the modules that leave Jobs
  // running on the control plane. Right after B6 it measured 11 to 15 ms, alone 6 to 7: the Job
  // controller and the simulated kubelet, still running B6's 1,000 Jobs, took the two cores.
  const modules = [
    ['B1', b1List],
    ['B4', b4Memory],
    ['B5', b5LocalStart],
    ['B3', b3Freshness],
    ['B9', b9EventLatency],
    ['B2', b2Create],
    ['B6', b6Batch],
    ['B10', b10FiringLateness],
    ['B7', b7AdmissionLatency],
    ['B8', b8QueueThroughput],
  ];
  const only = process.env.BENCH_ONLY?.split(',').map((id) => id.trim().toUpperCase());
  for (const [id, run] of modules.filter(([name]) => !only || only.includes(name))) {
    const t = Date.now();
    try {
      const made = await run(ctx);
      figures.push(...made);
      // Each module's figures as they come, so a run cut short still shows what it measured.
      for (const f of made)
        console.error(
          `bench: ${f.id} ${f.runtime} N=${f.n} c=${f.concurrency} ${f.median}/${f.p99} ${f.unit} ratio=${JSON.stringify(f.ratio ?? null)}${f.extra ? ` ${JSON.stringify(f.extra)}` : ''}`,
        );
    } catch (error) {
      failures.push({ id, error: String(error?.stack ?? error) });
      console.error(`bench: ${id} failed: ${error?.stack ?? error}`);
    }
    console.error(`bench: ${id} took ${Math.round((Date.now() - t) / 1000)} s`);
  }
} finally {
  for (const stop of stops) await stop().catch((error) => console.error(`bench: stopping: ${error}`));
}
printTable(figures, scale.name);
writeJson(figures, scale.name, startedAt, failures);
process.exitCode = failures.length ? 1 : 0;
