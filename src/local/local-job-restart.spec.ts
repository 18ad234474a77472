import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { JobRecord, JobState } from '../jobs/job.model.js';
import { storedSpec } from './job-document.js';
import { JobStore } from './job-store.js';
import {
  FixedClock,
  isAlive,
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
import { identify, type ProcessIdentity } from './process-identity.js';

const RESTARTED_AT = new Date('2024-05-01T11:00:00Z');

describe('LocalJobGateway across restarts', () => {
  let dir: string;
  let gateways: Started[];
  let orphans: ChildProcess[];
  // The specs' jobs name their own programs, as JOB_SCHEDULER_ALLOW_REQUEST_COMMAND lets requests do.
  const config = () => localConfig(dir, { local: { requestCommand: true } });

  beforeEach(async () => {
    dir = await tempDir();
    [gateways, orphans] = [[], []];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    for (const started of gateways) await started.gateway.onApplicationShutdown();
    orphans.forEach((child) => child.kill('SIGKILL'));
    jest.restoreAllMocks();
    await removeDir(dir);
  });

  const restart = async () => {
    const started = await startGateway(config(), new FixedClock(RESTARTED_AT));
    gateways.push(started);
    return started;
  };

  /** Writes what a scheduler that died while the job ran would have left on disk. */
  const leaveRunningJob = async (identity?: ProcessIdentity, status: JobState = 'Running') => {
    const spec = nodeJob('');
    const record: JobRecord = {
      name: spec.name,
      created: T0.getTime(),
      started: T0.getTime(),
      status,
      replicas: [{ name: `${spec.name}-0`, podIndex: 0, created: T0.getTime(), started: T0.getTime(), state: 'Running' }],
    };
    const store = new JobStore(config());
    await store.create([{ document: { record: { ...record, status: 'Waiting' }, spec: storedSpec(spec) }, payload: undefined }]);
    await store.save({ record, spec: storedSpec(spec), process: identity });
    return spec.name;
  };

  const spawnOrphan = () => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' });
    orphans.push(child);
    return waitFor(
      async () => (child.pid ? identify(child.pid) : undefined),
      (identity) => identity !== undefined,
    ) as Promise<ProcessIdentity>;
  };

  it('reports a job that was running when the scheduler died as Failed, and kills its orphaned processes', async () => {
    const identity = await spawnOrphan();
    const name = await leaveRunningJob(identity);

    const { gateway } = await restart();

    expect(await gateway.get(name)).toMatchObject({
      status: 'Failed',
      message: 'the scheduler stopped while the job was running',
      started: T0.getTime(),
      ended: RESTARTED_AT.getTime(),
      replicas: [{ state: 'Failed', reason: 'SchedulerRestarted', ended: RESTARTED_AT.getTime() }],
    });
    await waitFor(
      async () => isAlive(identity.pid),
      (alive) => !alive,
    );
    expect(JSON.parse(await readFile(join(new JobStore(config()).folder({ name }), 'job.json'), 'utf8')).record.status).toBe('Failed');
  });

  it('keeps a job that was being stopped Stopped, and kills what is left of it', async () => {
    const identity = await spawnOrphan();
    const name = await leaveRunningJob(identity, 'Stopped');

    const { gateway } = await restart();

    expect(await gateway.get(name)).toMatchObject({ status: 'Stopped', replicas: [{ state: 'Stopped', ended: RESTARTED_AT.getTime() }] });
    await waitFor(
      async () => isAlive(identity.pid),
      (alive) => !alive,
    );
  });

  it('leaves a process alone when its start time shows that the pid was reused', async () => {
    const identity = await spawnOrphan();
    const name = await leaveRunningJob({ ...identity, startTicks: '1' });

    const { gateway } = await restart();

    expect((await gateway.get(name))?.status).toBe('Failed');
    expect(isAlive(identity.pid)).toBe(true);
  });

  it('keeps the jobs that were queued queued, runs them once admitted, and keeps finished ones as they were', async () => {
    const first = await startGateway(config());
    const finished = nodeJob('');
    await first.gateway.create([finished]);
    const before = await waitForStatus(first.gateway, finished.name, 'Succeeded');
    const log = join(dir, 'order.log');
    const waiting = ['one', 'two'].map((id) =>
      nodeJob("require('fs').appendFileSync(process.argv[1], process.argv[2] + ' ')", { args: [log, id], queued: true }),
    );
    await first.gateway.create([nodeJob("console.log('up'); setInterval(() => {}, 1000)")]);
    for (const spec of waiting) await first.gateway.create([spec]);
    await first.gateway.onApplicationShutdown();
    expect(existsSync(log)).toBe(false);

    const { gateway } = await restart();
    expect((await Promise.all(waiting.map((spec) => gateway.get(spec.name)))).map((job) => [job?.status, job?.queued])).toEqual([
      ['Waiting', true],
      ['Waiting', true],
    ]);
    for (const spec of waiting) {
      await gateway.admit(spec.name);
      await waitForStatus(gateway, spec.name, 'Succeeded');
    }
    expect(await readFile(log, 'utf8')).toBe('one two ');
    expect(await gateway.get(finished.name)).toEqual(before);
  });

  it('on shutdown kills running jobs and records them Failed, while waiting jobs stay queued', async () => {
    const first = await startGateway(config());
    const running = nodeJob("console.log('up'); setInterval(() => {}, 1000)");
    const waiting = nodeJob('', { queued: true });
    await first.gateway.create([running]);
    await first.gateway.create([waiting]);
    await waitFor(
      () => first.gateway.output(running.name),
      (output) => output.stdout === 'up\n',
    );

    await first.gateway.onApplicationShutdown();

    const { gateway } = await restart();
    expect(await gateway.get(running.name)).toMatchObject({
      status: 'Failed',
      message: 'the scheduler shut down while the job was running',
      replicas: [{ state: 'Failed', reason: 'SchedulerShutdown', exitCode: 143 }],
    });
    await gateway.admit(waiting.name);
    await waitForStatus(gateway, waiting.name, 'Succeeded');
  });

  it('skips corrupt records and removes what interrupted writes left, without failing to start', async () => {
    const good = await leaveRunningJob();
    const root = new JobStore(config()).root;
    await mkdir(join(root, 'compute-corrupt'));
    await writeFile(join(root, 'compute-corrupt', 'job.json'), '{"version": 1, "record": {"na');
    await mkdir(join(root, 'compute-empty'));
    await writeFile(join(root, good, '.job.json.1a2b3c4d.tmp'), '{"half');
    await mkdir(join(root, '.staging-compute-half'));
    await writeFile(join(root, 'stray-file'), '');

    const { gateway } = await restart();

    expect((await gateway.list()).map((job) => job.name)).toEqual([good]);
    expect(gateway.readiness()).toEqual({ ready: true });
    expect(await readdir(join(root, good))).toEqual(['job.json']);
    expect(existsSync(join(root, '.staging-compute-half'))).toBe(false);
    expect(existsSync(join(root, 'compute-corrupt', 'job.json'))).toBe(true);
    expect(Logger.prototype.warn).toHaveBeenCalledWith(expect.stringContaining('compute-corrupt: unreadable record'));
  });
});
