import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { eventually } from '../support/kube-admin.js';
import { freePort, SchedulerProcess } from '../support/process.js';
import { requestJson } from '../support/scheduler.js';

const PAYLOAD = 'payload-marker-7f3a9c';
const SECRET = 'secret-marker-b41e02';

/**
 * Payloads and secret values never reach a log line, at the most verbose level, whatever is
 * done with them: every operation that carries them runs, then the whole output is searched.
 */
describe('what the scheduler logs, at the most verbose level', () => {
  const dir = mkdtempSync(join(tmpdir(), 'secrecy-'));
  let sut: SchedulerProcess;
  let url = '';
  const api = <T = any>(method: string, path: string, body?: unknown) => requestJson<T>(url, method, path, body);

  beforeAll(async () => {
    mkdirSync(join(dir, 'job'));
    writeFileSync(
      join(dir, 'job', 'main.mjs'),
      'setTimeout(() => process.exit(Number(process.env.EXIT ?? 0)), Number(process.env.SECONDS ?? 0) * 1000);\n',
    );
    writeFileSync(
      join(dir, 'radixconfig.yaml'),
      'metadata: { name: e2e }\nspec:\n  jobs:\n    - { name: job, src: job, schedulerPort: 8000, payload: { path: /args }, secrets: [TOKEN], command: ["node", "main.mjs"] }\n',
    );
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    sut = SchedulerProcess.start([], {
      RADIX_CONFIG_FILE: join(dir, 'radixconfig.yaml'),
      JOB_SCHEDULER_DATA_DIR: join(dir, 'data'),
      JOB_SCHEDULER_PORT: String(port),
      LOG_LEVEL: 'verbose',
      TOKEN: SECRET,
    });
    await sut.ready(url);
  });

  afterAll(async () => {
    await sut?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('never holds a payload or a secret value, whatever was asked', async () => {
    const job = (await api<JobStatus>('POST', '/api/v1/jobs', { payload: PAYLOAD })).body;
    await eventually(
      () => api<JobStatus>('GET', `/api/v1/jobs/${job.name}`),
      (r) => r.body.status === 'Succeeded',
      'the job',
    );
    expect(await fetch(`${url}/api/v1/jobs/${job.name}/payload`).then((r) => r.text())).toBe(PAYLOAD);
    for (const [method, path] of [
      ['POST', 'copy'],
      ['POST', 'restart'],
      ['GET', 'logs'],
    ])
      await api(method, `/api/v1/jobs/${job.name}/${path}`);
    const refused = [
      { payload: PAYLOAD, timeLimitSeconds: -1 },
      { payload: PAYLOAD, variables: { LD_PRELOAD: PAYLOAD } },
      { payload: PAYLOAD, variables: { VALUE: `${PAYLOAD}\u0000` } },
      `{"payload": "${PAYLOAD}", `,
    ];
    for (const body of refused) expect((await api('POST', '/api/v1/jobs', body)).status).toBe(422);
    const batch = await api('POST', '/api/v1/batches', {
      jobScheduleDescriptions: [{ payload: PAYLOAD }, { payload: PAYLOAD, variables: { SECONDS: '30' } }],
    });
    expect(batch.status).toBe(200);
    await api('POST', `/api/v1/batches/${batch.body.name}/stop`);
    await api('DELETE', `/api/v1/batches/${batch.body.name}`);
    await api('DELETE', `/api/v1/jobs/${job.name}`);

    expect(sut.text).toContain('job created');
    expect(sut.text).not.toContain(PAYLOAD);
    expect(sut.text).not.toContain(SECRET);
  });
});
