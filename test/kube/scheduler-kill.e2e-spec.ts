import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { LABEL, labelSelector } from '../../src/kube/labels.js';
import { eventually } from '../support/eventually.js';
import { createLoad, halfCreated, incomplete, leftovers, orphans } from '../support/faults.js';
import { freePort, SchedulerProcess } from '../support/process.js';
import { KubernetesHarness } from '../support/runtimes.js';
import { requestJson } from '../support/scheduler.js';

const harness = new KubernetesHarness('scheduler-kill');
const CREATES = 200;
const CONCURRENCY = 16;
/** Create `KILL_AT` waits for the kill; the creates in flight then are cut off half-way. */
const KILL_AT = 80;

/**
 * The scheduler process (`node dist/main.js`) is SIGKILLed in the middle of a load of creates
 * and started again on the same port. What it had accepted must survive; what it left
 * half-made (Jobs still suspended and marked `creating`) the abandoned-create sweep removes.
 */
describe('when the scheduler is killed during a load of creates', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scheduler-kill-'));
  let port: number;
  let url: string;
  let scheduler: SchedulerProcess;
  const start = async () => {
    scheduler = SchedulerProcess.start([], {
      KUBECONFIG: process.env.KUBECONFIG!,
      JOB_SCHEDULER_NAMESPACE: harness.namespace,
      RADIX_CONFIG_FILE: join(dir, 'radixconfig.yaml'),
      JOB_SCHEDULER_PORT: String(port),
      JOB_SCHEDULER_RETENTION_INTERVAL_SECONDS: '2',
      JOB_SCHEDULER_ABANDONED_AFTER_SECONDS: '10',
    });
    await scheduler.ready(url);
  };
  const selector = () => labelSelector({ [LABEL.app]: 'demo', [LABEL.component]: 'compute' });

  beforeAll(async () => {
    await harness.setUp();
    writeFileSync(
      join(dir, 'radixconfig.yaml'),
      'metadata: { name: demo }\nspec:\n  environments: [{ name: dev }]\n  jobs:\n    - name: compute\n      schedulerPort: 8000\n      image: compute:1\n      payload: { path: /compute/args }\n      ports: [{ name: http, port: 8080 }]\n',
    );
    port = await freePort();
    url = `http://127.0.0.1:${port}`;
    await start();
  });

  afterAll(async () => {
    await scheduler?.stop();
    rmSync(dir, { recursive: true, force: true });
    await harness.tearDown();
  });

  it('loses no accepted job, and the abandoned sweep removes what the killed creates left', async () => {
    let restarted!: Promise<void>;
    let halfMade: string[] = [];
    const kill = async () => {
      await scheduler.stop();
      halfMade = halfCreated(await leftovers(process.env.KUBECONFIG!, harness.namespace, selector()));
      await start();
    };
    const outcomes = await createLoad(
      CREATES,
      CONCURRENCY,
      // Pods wait to start for an hour: the cluster's work is the creates, not running jobs.
      () => requestJson<JobStatus>(url, 'POST', '/api/v1/jobs', { payload: '{"x":1}', variables: { SIM_START_DELAY_SECONDS: '3600' } }),
      async (i) => {
        if (i === KILL_AT) restarted = kill();
        if (i >= KILL_AT) await restarted;
      },
    );

    // Only the creates in flight at the kill went unanswered; every other one was accepted.
    const unanswered = outcomes.filter((o) => o.status !== 200);
    expect(unanswered.filter((o) => o.status !== 0)).toEqual([]);
    expect(unanswered.length).toBeLessThanOrEqual(CONCURRENCY);
    const accepted = outcomes.flatMap((o) => (o.name ? [o.name] : [])).sort();
    expect(accepted.length).toBe(CREATES - unanswered.length);

    // A cut-off create may have finished in the cluster: then its Job is whole, and kept.
    const settled = await eventually(
      () => leftovers(process.env.KUBECONFIG!, harness.namespace, selector()),
      (l) => orphans(l).length === 0 && halfCreated(l).length === 0,
      'the abandoned sweep to remove the half-made creates',
      { timeoutMs: 90_000, intervalMs: 1000 },
    );
    expect(incomplete(accepted, settled)).toEqual([]);
    const extra = [...settled.jobs.keys()].filter((name) => !accepted.includes(name));
    expect(extra.length).toBeLessThanOrEqual(unanswered.length);
    expect(incomplete(extra, settled)).toEqual([]);

    const listed = (await requestJson<JobStatus[]>(url, 'GET', '/api/v1/jobs')).body.map((job) => job.name).sort();
    expect(listed).toEqual([...accepted, ...extra].sort());
    // What the kill left half-made was removed, not finished.
    expect(halfMade.filter((name) => settled.jobs.has(name))).toEqual([]);
  }, 300_000);
});
