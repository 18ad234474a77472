import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../support/eventually.js';
import { freePort, SchedulerProcess } from '../support/process.js';

/** A job radixconfig.yaml gives no schedulerPort: its schedules start its runs, and it serves only probes and metrics. */
const NIGHTLY = '    - { name: nightly, command: ["node", "-e", "0"], cron: { schedules: ["@every 1s"], concurrency: Allow } }\n';
const COMPUTE = '    - { name: compute, schedulerPort: 8000, command: ["node", "-e", "0"] }\n';

describe('a job started only by its schedules', () => {
  const cleanUp: (() => Promise<void>)[] = [];

  /** `node dist/main.js` on the local runtime, serving a radixconfig.yaml of `jobs`. */
  const started = (jobs: string, args: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'cron-only-'));
    writeFileSync(join(dir, 'radixconfig.yaml'), `metadata: { name: demo }\nspec:\n  environments: [{ name: dev }]\n  jobs:\n${jobs}`);
    const sut = SchedulerProcess.start(args, {
      RADIX_CONFIG_FILE: join(dir, 'radixconfig.yaml'),
      JOB_SCHEDULER_RUNTIME: 'local',
      JOB_SCHEDULER_DATA_DIR: join(dir, 'data'),
    });
    cleanUp.push(async () => {
      await sut.stop();
      rmSync(dir, { recursive: true, force: true });
    });
    return sut;
  };
  const firings = async (url: string, job: string) => {
    const text = await (await fetch(`${url}/metrics`)).text();
    const line = new RegExp(
      `^job_scheduler_schedule_firings_total\\{job_definition="${job}",schedule="@every 1s",outcome="started"\\} (\\d+)$`,
      'm',
    );
    return Number(line.exec(text)?.[1] ?? 0);
  };

  afterEach(async () => {
    for (const step of cleanUp.splice(0)) await step();
  });

  it('answers its probes and metrics on --port, and nothing of the API, while its runs happen', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const sut = started(NIGHTLY, [`--port=${port}`]);
    await sut.ready(url);
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
    await eventually(
      () => firings(url, 'nightly'),
      (count) => count >= 2,
      'two runs started',
    );
    for (const [method, path] of [
      ['GET', '/api/v1/jobs'],
      ['POST', '/api/v1/jobs'],
      ['GET', '/api/v1/schedules'],
      ['GET', '/swagger'],
      ['GET', '/'],
    ]) {
      const reply = await fetch(`${url}${path}`, { method });
      const body = (await reply.json()) as { reason: string; message: string };
      expect([path, reply.status, body.reason, body.message]).toEqual([
        path,
        404,
        'NotFound',
        expect.stringContaining('job nightly serves no API'),
      ]);
    }
  });

  it('listens on no port without --port, its runs counted in the metrics of the process, which another job serves', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const sut = started(COMPUTE.replace('8000', String(port)) + NIGHTLY, []);
    await sut.ready(url);
    await eventually(
      () => firings(url, 'nightly'),
      (count) => count >= 1,
      'a run of nightly started',
    );
    expect(sut.text).toMatch(/serving job=nightly environment=dev on no port: its schedules start its runs/);
  });
});
