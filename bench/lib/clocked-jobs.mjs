import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { api } from './scheduler.mjs';

/**
 * A job that reads the clock first and last: `date +%s%N`, a sleep of $SIM_RUN_SECONDS, then
 * `date +%s%N` again, just before the process exits. The same job definition runs on both
 * runtimes: on Kubernetes the simulated kubelet runs the pod for $SIM_RUN_SECONDS instead.
 * The last reading overstates the process's end by the exit of `sh` (about a millisecond),
 * never understates it.
 */
const COMMAND = `["sh", "-c", "date +%s%N; sleep $SIM_RUN_SECONDS; date +%s%N"]`;

/** Writes a radixconfig.yaml with the one clocked job definition `job` into `dir`; returns its path. */
export function writeClockedConfig(dir, job, runSeconds) {
  const path = join(dir, 'radixconfig.yaml');
  writeFileSync(
    path,
    `metadata: { name: bench }\nspec:\n  jobs:\n    - { name: ${job}, schedulerPort: 8000, image: ${job}:1, command: ${COMMAND}, variables: { SIM_RUN_SECONDS: "${runSeconds}" } }\n`,
  );
  return path;
}

/** A local clocked job's first and last clock reads, from its log, as epoch milliseconds (sub-millisecond). */
export async function clockReads(url, name) {
  const [first, last] = String(await api(url, 'GET', `/api/v1/jobs/${name}/logs`))
    .trim()
    .split('\n')
    .map((line) => Number(BigInt(line.trim()) / 1000n) / 1000);
  return { started: first, ended: last };
}
