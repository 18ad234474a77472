import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { LOADER_VARIABLE_PREFIXES, LOADER_VARIABLE_SUFFIXES, LOADER_VARIABLES } from '../../src/jobs/request-trust.js';
import { eventually } from '../support/kube-admin.js';
import { LocalHarness } from '../support/runtimes.js';
import { type RunningScheduler, startScheduler } from '../support/scheduler.js';

/** On the local runtime a job is a process of this machine's user: the job definition chooses the program, not the request. */
describe('what a request may choose on the local runtime', () => {
  const harness = new LocalHarness();
  let sut: RunningScheduler;
  let allowing: RunningScheduler;

  beforeAll(async () => {
    await harness.setUp();
    sut = await startScheduler(harness.config());
    const config = harness.config();
    allowing = await startScheduler({
      ...config,
      local: { ...config.local, dataDir: join(harness.dir, 'allowing'), requestCommand: true },
    });
  });

  afterAll(async () => {
    await Promise.all([sut?.close(), allowing?.close()]);
    await harness.tearDown();
  });

  it.each(['command', 'args'])("refuses a request's %s with 422 naming the field and the setting", async (field) => {
    const reply = await sut.post('/api/v1/jobs', { [field]: ['sh', '-c', 'echo owned'] });
    expect(reply.status).toBe(422);
    expect(reply.body).toEqual({
      status: 'Failure',
      reason: 'Invalid',
      code: 422,
      message: `${field}: the local runtime runs the program of the job definition; a request may not choose it (JOB_SCHEDULER_ALLOW_REQUEST_COMMAND=compute allows it for this job)`,
    });
    expect((await sut.get('/api/v1/jobs')).body).toEqual([]);
  });

  it("refuses a request's image with 422: the local runtime runs no images", async () => {
    const reply = await sut.post('/api/v1/jobs', { image: 'evil.example.com/miner:1' });
    expect([reply.status, reply.body.message]).toEqual([422, "image: the local runtime runs the job definition's program, not images"]);
  });

  it("refuses a request's runAsUser with 422, alone or as a batch's default: the local runtime does not switch users", async () => {
    const reply = await sut.post('/api/v1/jobs', { runAsUser: 1000 });
    expect([reply.status, reply.body.message]).toEqual([
      422,
      "runAsUser: the local runtime runs every job as the scheduler's own user; it does not switch users",
    ]);
    const batch = await sut.post('/api/v1/batches', {
      defaultRadixJobComponentConfig: { runAsUser: 1000 },
      jobScheduleDescriptions: [{}],
    });
    expect([batch.status, batch.body.message]).toMatchObject([422, expect.stringMatching(/^defaultRadixJobComponentConfig\.runAsUser: /)]);
    expect((await sut.get('/api/v1/jobs')).body).toEqual([]);
  });

  it('declares runAsUser refused in the document it serves, beside image, and leaves safeToRestart and runtime allowed', async () => {
    const document = (await sut.get('/swagger-json')).body;
    const properties = document.components.schemas.JobScheduleDescription.properties;
    expect(properties.runAsUser).toEqual({ not: {}, description: expect.stringContaining('Refused on the local runtime') });
    expect(properties.image.not).toEqual({});
    expect([properties.safeToRestart.type, properties.runtime.not]).toEqual(['boolean', undefined]);
  });

  const refused = [
    ...LOADER_VARIABLES,
    ...LOADER_VARIABLE_PREFIXES.map((prefix) => `${prefix}X`),
    ...LOADER_VARIABLE_SUFFIXES.map((suffix) => `X${suffix}`),
    'ld_preload',
    'Node_Options',
    'npm_config_node_options',
  ];

  it.each(refused)('refuses the variable %s with 422', async (name) => {
    const reply = await sut.post('/api/v1/jobs', { variables: { SAFE: 'yes', [name]: '/tmp/x' } });
    expect([reply.status, reply.body.reason, reply.body.message]).toEqual([
      422,
      'Invalid',
      `variables.${name}: may not be set by a request on the local runtime, because it changes which code the job's program loads`,
    ]);
  });

  it('passes ordinary variables to the job', async () => {
    const reply = await sut.post<JobStatus>('/api/v1/jobs', { variables: { SIM_LOG: 'hello', NODE_ENV: 'production' } });
    expect(reply.status).toBe(200);
    const done = await eventually(
      () => sut.get<JobStatus>(`/api/v1/jobs/${reply.body.name}`),
      (r) => r.body.status === 'Succeeded',
      'the job to succeed',
    );
    expect(done.body.status).toBe('Succeeded');
  });

  it("runs the request's command where the operator allows it for the job", async () => {
    const marker = join(harness.dir, 'ran-by-request');
    const script = `require('node:fs').writeFileSync(${JSON.stringify(marker)}, process.argv[1])`;
    const reply = await allowing.post<JobStatus>('/api/v1/jobs', { command: [process.execPath, '-e', script], args: ['chosen'] });
    expect(reply.status).toBe(200);
    await eventually(
      () => allowing.get<JobStatus>(`/api/v1/jobs/${reply.body.name}`),
      (r) => r.body.status === 'Succeeded',
      'the job to succeed',
    );
    expect(readFileSync(marker, 'utf8')).toBe('chosen');
  });

  it('still refuses loader variables where the command is allowed', async () => {
    const reply = await allowing.post('/api/v1/jobs', { variables: { LD_PRELOAD: '/tmp/evil.so' } });
    expect(reply.status).toBe(422);
  });
});
