import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { join } from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { createSchedulerApp } from '../../src/app.setup.js';
import { SchedulerMetrics } from '../../src/metrics/scheduler-metrics.js';
import { eventually } from '../support/kube-admin.js';
import { LocalHarness } from '../support/runtimes.js';

/** One process serving two job definitions, as main.ts builds it: one registry, series told apart by job_definition. */
describe('metrics of a process that serves two job definitions', () => {
  const harness = new LocalHarness();
  const apps: NestExpressApplication[] = [];
  const urls: string[] = [];

  beforeAll(async () => {
    await harness.setUp();
    const metrics = new SchedulerMetrics();
    for (const name of ['compute', 'etl']) {
      const base = harness.config({ job: { name, payloadPath: undefined } });
      const app = await createSchedulerApp({ ...base, local: { ...base.local, dataDir: join(harness.dir, name) } }, undefined, metrics);
      await app.listen(0, '127.0.0.1');
      apps.push(app);
      urls.push((await app.getUrl()).replace('[::1]', '127.0.0.1'));
    }
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await harness.tearDown();
  });

  it('answers the same registry on every port, each series labelled with its job definition', async () => {
    await fetch(`${urls[0]}/api/v1/jobs`, { method: 'POST', body: '{}' });
    await fetch(`${urls[1]}/api/v1/jobs`, { method: 'POST', body: '{}' });
    await fetch(`${urls[1]}/api/v1/jobs`, { method: 'POST', body: '{}' });
    const created = async (url: string) => {
      const families = parsePrometheusTextFormat(await (await fetch(`${url}/metrics`)).text());
      const family = families.find((f) => f.name === 'job_scheduler_jobs_created_total');
      return Object.fromEntries((family?.metrics ?? []).map((m) => [m.labels?.job_definition, Number(m.value)]));
    };
    const fromCompute = await eventually(
      () => created(urls[0]),
      (counts) => counts.etl === 2,
      'both definitions counted',
    );
    expect(fromCompute).toEqual({ compute: 1, etl: 2 });
    expect(await created(urls[1])).toEqual(fromCompute);
    const text = await (await fetch(`${urls[0]}/metrics`)).text();
    expect(text.match(/^# TYPE process_cpu_seconds_total|^# TYPE job_scheduler_process_cpu_seconds_total/gm)).toHaveLength(1);
  });
});
