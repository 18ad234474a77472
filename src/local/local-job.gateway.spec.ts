import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { PAYLOAD_FILE_VARIABLE } from '../jobs/job.model.js';
import { JobConflictError, JobNotFoundError } from '../jobs/jobs.errors.js';
import {
  FixedClock,
  localConfig,
  nodeJob,
  removeDir,
  type Started,
  startGateway,
  T0,
  tempDir,
  waitFor,
  waitForStatus,
} from '../../test/fakes/local.fixtures.js';

describe('LocalJobGateway running a job', () => {
  let dir: string;
  let sut: Started;

  beforeEach(async () => {
    dir = await tempDir();
    await mkdir(join(dir, 'compute'));
    sut = await startGateway(localConfig(dir));
  });

  afterEach(async () => {
    await sut.gateway.onApplicationShutdown();
    await removeDir(dir);
  });

  it('runs the command without a shell, in the src folder, with the base and job variables', async () => {
    const script =
      'console.log(JSON.stringify({ cwd: process.cwd(), argv: process.argv.slice(1), base: process.env.FROM_BASE, job: process.env.RADIX_JOB_NAME, payload: process.env.' +
      PAYLOAD_FILE_VARIABLE +
      ' ?? null }))';
    const spec = nodeJob(script, { args: ['$HOME', 'a b;echo hi'] });

    await sut.gateway.create([spec]);
    await waitForStatus(sut.gateway, spec.name, 'Succeeded');

    const seen = JSON.parse((await sut.gateway.output(spec.name)).stdout);
    expect(seen).toEqual({ cwd: join(dir, 'compute'), argv: ['$HOME', 'a b;echo hi'], base: 'base', job: 'set-by-spec', payload: null });
  });

  it('runs in the folder of radixconfig.yaml when the src folder does not exist', async () => {
    const spec = nodeJob('console.log(process.cwd())');
    const other = await startGateway(localConfig(dir, { job: { name: 'etl', src: 'etl' } }));

    await other.gateway.create([spec]);
    await waitForStatus(other.gateway, spec.name, 'Succeeded');

    expect((await other.gateway.output(spec.name)).stdout.trim()).toBe(dir);
    await other.gateway.onApplicationShutdown();
  });

  const payloads = {
    'multi-byte text with newlines and NUL': Buffer.from('{"x": 10}\n\u0000 æøå 🚀\r\n', 'utf8'),
    'an empty payload': Buffer.alloc(0),
  };

  it.each(Object.entries(payloads))('hands %s over byte-exact in a 0600 file named by RADIX_JOB_PAYLOAD_FILE', async (_, payload) => {
    const script = `const fs = require('fs'); const f = process.env.${PAYLOAD_FILE_VARIABLE}; console.log(f + ' ' + fs.readFileSync(f).toString('hex'))`;
    const spec = nodeJob(script, { payload });

    await sut.gateway.create([spec]);
    await waitForStatus(sut.gateway, spec.name, 'Succeeded');

    const [file, hex] = (await sut.gateway.output(spec.name)).stdout.trim().split(' ');
    expect(file).toBe(join(dir, 'data', 'demo', 'dev', 'compute', spec.name, 'payload'));
    expect(hex ?? '').toBe(payload.toString('hex'));
    expect(await readFile(file)).toEqual(payload);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  const outcomes = {
    'exit 0 succeeds': { script: 'process.exit(0)', status: 'Succeeded', exitCode: 0, reason: 'Completed', message: undefined },
    'exit 3 fails with the exit code': {
      script: 'process.exit(3)',
      status: 'Failed',
      exitCode: 3,
      reason: 'Error',
      message: 'exited with code 3',
    },
    'a kill by signal fails with 128 + the signal number': {
      script: "process.kill(process.pid, 'SIGKILL')",
      status: 'Failed',
      exitCode: 137,
      reason: 'Signal',
      message: 'killed by signal SIGKILL',
    },
  };

  it.each(Object.entries(outcomes))('%s', async (_, outcome) => {
    const spec = nodeJob(outcome.script);

    await sut.gateway.create([spec]);
    const job = await waitForStatus(sut.gateway, spec.name, (s) => s === 'Succeeded' || s === 'Failed');

    expect(job).toMatchObject({
      status: outcome.status,
      message: outcome.message,
      created: T0.getTime(),
      started: T0.getTime(),
      ended: T0.getTime(),
    });
    expect(job.replicas).toEqual([
      {
        name: `${spec.name}-0`,
        podIndex: 0,
        restartCount: 0,
        created: T0.getTime(),
        started: T0.getTime(),
        ended: T0.getTime(),
        state: outcome.status,
        exitCode: outcome.exitCode,
        reason: outcome.reason,
        message: outcome.message,
      },
    ]);
  });

  const unstartable = {
    'a program that does not exist': {
      program: () => 'node-does-not-exist',
      message: /^cannot start node-does-not-exist: spawn node-does-not-exist ENOENT$/,
    },
    'a file that is not executable': {
      program: () => join(dir, 'compute', 'not-executable'),
      message: /^cannot start .*not-executable: spawn .*not-executable EACCES$/,
    },
  };

  it.each(Object.entries(unstartable))('fails a job whose program cannot start, with the OS error: %s', async (_, c) => {
    await writeFile(join(dir, 'compute', 'not-executable'), 'echo hi', { mode: 0o644 });
    const spec = nodeJob('', { command: [c.program()], args: ['x'] });

    await sut.gateway.create([spec]);
    const job = await waitForStatus(sut.gateway, spec.name, 'Failed');

    expect(job.message).toMatch(c.message);
    expect(job.started).toBeUndefined();
    expect(job.ended).toEqual(T0.getTime());
    expect(job.replicas[0]).toMatchObject({ state: 'Failed', reason: 'StartError' });
  });

  it('fails a job that exceeds its time limit with DeadlineExceeded', async () => {
    const spec = nodeJob('setTimeout(() => {}, 60000)', { timeLimitSeconds: 0.2 });

    await sut.gateway.create([spec]);
    const job = await waitForStatus(sut.gateway, spec.name, 'Failed');

    expect(job.message).toBe('job exceeded its time limit of 0.2 seconds');
    expect(job.ended).toEqual(T0.getTime());
    const done = await waitFor(
      () => sut.gateway.get(spec.name),
      (j) => j?.replicas[0]?.ended !== undefined,
    );
    expect(done?.replicas[0]).toMatchObject({ exitCode: 143, reason: 'DeadlineExceeded', state: 'Failed' });
  });

  it('kills a job that ignores SIGTERM at its time limit after the grace period', async () => {
    // The limit leaves node ample time to install its handler even on a busy machine;
    // before that, SIGTERM would end it with 143 and this test would prove nothing.
    const spec = nodeJob("process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)", { timeLimitSeconds: 1.5 });

    await sut.gateway.create([spec]);

    const job = await waitForStatus(sut.gateway, spec.name, 'Failed');
    expect(job.message).toBe('job exceeded its time limit of 1.5 seconds');
    const killed = await waitFor(
      () => sut.gateway.get(spec.name),
      (j) => j?.replicas[0]?.exitCode !== undefined,
    );
    expect(killed?.replicas[0]).toMatchObject({ exitCode: 137, reason: 'DeadlineExceeded' });
  });

  it('captures stdout and stderr apart, keeping the last maxOutputBytes of each', async () => {
    const bounded = await startGateway(localConfig(dir, { local: { dataDir: join(dir, 'bounded'), maxOutputBytes: 1000 } }));
    const script = "for (let i = 0; i < 10000; i++) console.log('line ' + i); console.error('oops')";
    const spec = nodeJob(script);

    await bounded.gateway.create([spec]);
    await waitForStatus(bounded.gateway, spec.name, 'Succeeded');

    // The status says Succeeded a moment before the output is cut to its bound.
    const { stdout, stderr } = await waitFor(
      () => bounded.gateway.output(spec.name),
      (output) => output.stdout.startsWith('[job-scheduler]'),
    );
    const [marker, ...kept] = stdout.split('\n');
    expect(marker).toMatch(/^\[job-scheduler\] \d+ earlier bytes of stdout dropped \(limit 1000 bytes\)$/);
    expect(Buffer.byteLength(kept.join('\n'))).toBeLessThanOrEqual(1000);
    expect(kept.slice(-2)).toEqual(['line 9999', '']);
    expect(stderr).toBe('oops\n');
    await bounded.gateway.onApplicationShutdown();
  });

  it('keeps the created time of the clock when the job was accepted', async () => {
    const clock = new FixedClock(new Date('2030-01-02T03:04:05Z'));
    const other = await startGateway(localConfig(dir, { local: { dataDir: join(dir, 'other') } }), clock);
    const spec = nodeJob('');

    const [created] = await other.gateway.create([spec]);

    expect(created).toMatchObject({ name: spec.name, status: 'Waiting', created: clock.instant.getTime(), replicas: [] });
    await waitForStatus(other.gateway, spec.name, 'Succeeded');
    await other.gateway.onApplicationShutdown();
  });

  it('holds a finished job once: what lists show is its record, and marking it delivered replaces it and is stored', async () => {
    const spec = nodeJob('');
    await sut.gateway.create([spec]);
    await waitForStatus(sut.gateway, spec.name, 'Succeeded');
    // A followed log ends once the job's processes are gone, when the job is settled.
    for await (const chunk of await sut.gateway.logs(spec.name, { follow: true })) expect(chunk).toBeDefined();
    const listed = (await sut.gateway.list()).find((job) => job.name === spec.name);
    expect(Object.isFrozen(listed)).toBe(true);

    await sut.gateway.markDelivered(spec.name, 'signature-1');

    const after = (await sut.gateway.list()).find((job) => job.name === spec.name);
    expect([after?.delivered, after?.status, listed?.delivered]).toEqual(['signature-1', 'Succeeded', undefined]);
    const stored = JSON.parse(await readFile(join(sut.store.folder(spec), 'job.json'), 'utf8'));
    expect(stored.record.delivered).toBe('signature-1');
  });

  it('leaves a finished job’s request on disk: it is read back when described, and a delivery keeps it', async () => {
    const spec = nodeJob('', { description: { jobId: 'etl-7', timeLimitSeconds: 60 }, payload: Buffer.from('p') });
    await sut.gateway.create([spec]);
    await waitForStatus(sut.gateway, spec.name, 'Succeeded');
    for await (const chunk of await sut.gateway.logs(spec.name, { follow: true })) expect(chunk).toBeDefined();

    await sut.gateway.markDelivered(spec.name, 'signature-2');

    const described = await sut.gateway.describe(spec.name);
    expect([described.description, described.payload?.toString()]).toEqual([{ jobId: 'etl-7', timeLimitSeconds: 60 }, 'p']);
    const stored = JSON.parse(await readFile(join(sut.store.folder(spec), 'job.json'), 'utf8'));
    expect([stored.record.delivered, stored.spec.argv, stored.description]).toEqual([
      'signature-2',
      spec.command,
      { jobId: 'etl-7', timeLimitSeconds: 60 },
    ]);
  });

  it('refuses a name that is taken', async () => {
    const spec = nodeJob('');
    await sut.gateway.create([spec]);

    await expect(sut.gateway.create([spec])).rejects.toThrow(JobConflictError);
  });

  it('knows no job it did not create', async () => {
    await expect(sut.gateway.get('compute-unknown')).resolves.toBeUndefined();
    await expect(sut.gateway.output('compute-unknown')).rejects.toThrow(JobNotFoundError);
  });
});
