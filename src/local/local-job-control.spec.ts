import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { JobNotActiveError, JobNotFoundError } from '../jobs/jobs.errors.js';
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

/** A job that writes its pid to a file, then runs until killed. */
const LONG = "require('fs').writeFileSync(process.argv[1], String(process.pid)); setInterval(() => {}, 1000)";

describe('LocalJobGateway controlling jobs', () => {
  let dir: string;
  let sut: Started;

  beforeEach(async () => {
    dir = await tempDir();
    sut = await startGateway(localConfig(dir));
  });

  afterEach(async () => {
    await sut.gateway.onApplicationShutdown();
    await removeDir(dir);
  });

  const pidOf = (file: string) =>
    waitFor(
      async () => (existsSync(file) ? Number(await readFile(file, 'utf8')) : 0),
      (pid) => pid > 0,
    );

  it('keeps a queued job waiting until it is admitted, then runs it; admits each once', async () => {
    const ran = join(dir, 'ran');
    const spec = nodeJob("require('fs').appendFileSync(process.argv[1], 'ran ')", { args: [ran], queued: true });
    const [created] = await sut.gateway.create([spec]);
    expect([created.status, created.queued, created.replicas]).toEqual(['Waiting', true, []]);
    await sut.gateway.admit(spec.name);
    await sut.gateway.admit(spec.name);
    await waitForStatus(sut.gateway, spec.name, 'Succeeded');
    expect([await readFile(ran, 'utf8'), (await sut.gateway.get(spec.name))?.queued]).toEqual(['ran ', false]);
  });

  it('never runs a queued job stopped while its admission is being written', async () => {
    const spec = nodeJob("require('fs').writeFileSync(process.argv[1], 'ran')", { args: [join(dir, 'ran')], queued: true });
    await sut.gateway.create([spec]);
    const admitted = sut.gateway.admit(spec.name);
    await sut.gateway.stop(spec.name);
    await admitted;
    await sut.gateway.create([nodeJob('')]).then(([other]) => waitForStatus(sut.gateway, other.name, 'Succeeded'));
    expect(await sut.gateway.get(spec.name)).toMatchObject({ status: 'Stopped', replicas: [] });
    expect(existsSync(join(dir, 'ran'))).toBe(false);
  });

  it('stops a waiting job: it leaves the queue and never runs', async () => {
    const running = nodeJob(LONG, { args: [join(dir, 'pid')] });
    const waiting = nodeJob("require('fs').writeFileSync(process.argv[1], 'ran')", { args: [join(dir, 'ran')], queued: true });
    await sut.gateway.create([running]);
    await sut.gateway.create([waiting]);

    const stopped = await sut.gateway.stop(waiting.name);
    await sut.gateway.stop(running.name);
    await waitFor(
      () => sut.gateway.get(running.name),
      (job) => job?.replicas[0]?.ended !== undefined,
    );

    expect(stopped).toMatchObject({ status: 'Stopped', message: 'stopped on request', ended: T0.getTime(), replicas: [] });
    expect(existsSync(join(dir, 'ran'))).toBe(false);
  });

  it('stops a running job by killing its whole process group', async () => {
    const grandchild = "require('child_process').spawn(process.execPath, ['-e', LONG_CHILD], { stdio: 'ignore' });";
    const script = `const LONG_CHILD = ${JSON.stringify(LONG.replace('process.argv[1]', JSON.stringify(join(dir, 'child-pid'))))}; ${grandchild} ${LONG}`;
    const spec = nodeJob(script, { args: [join(dir, 'pid')] });
    await sut.gateway.create([spec]);
    const [pid, childPid] = [await pidOf(join(dir, 'pid')), await pidOf(join(dir, 'child-pid'))];

    const stopped = await sut.gateway.stop(spec.name);

    expect(stopped).toMatchObject({ status: 'Stopped', ended: T0.getTime() });
    const done = await waitFor(
      () => sut.gateway.get(spec.name),
      (job) => job?.replicas[0]?.ended !== undefined,
    );
    expect(done?.replicas[0]).toMatchObject({ state: 'Stopped', reason: 'Stopped', exitCode: 143 });
    await waitFor(
      async () => [isAlive(pid), isAlive(childPid)],
      (alive) => !alive[0] && !alive[1],
    );
  });

  it('kills a running job that ignores SIGTERM once the grace period has passed', async () => {
    const spec = nodeJob(`process.on('SIGTERM', () => {}); ${LONG}`, { args: [join(dir, 'pid')] });
    await sut.gateway.create([spec]);
    await pidOf(join(dir, 'pid'));

    await sut.gateway.stop(spec.name);

    const done = await waitFor(
      () => sut.gateway.get(spec.name),
      (job) => job?.replicas[0]?.ended !== undefined,
    );
    expect(done).toMatchObject({ status: 'Stopped', replicas: [{ state: 'Stopped', exitCode: 137 }] });
  });

  it('refuses to stop a finished job or an unknown one', async () => {
    const spec = nodeJob('');
    await sut.gateway.create([spec]);
    await waitForStatus(sut.gateway, spec.name, 'Succeeded');

    await expect(sut.gateway.stop(spec.name)).rejects.toThrow(JobNotActiveError);
    await expect(sut.gateway.stop('compute-unknown')).rejects.toThrow(JobNotFoundError);
  });

  it('deletes a running job: kills it and removes its folder', async () => {
    const spec = nodeJob(LONG, { args: [join(dir, 'pid')], payload: Buffer.from('secret') });
    await sut.gateway.create([spec]);
    const pid = await pidOf(join(dir, 'pid'));

    await sut.gateway.delete([spec.name]);

    expect(isAlive(pid)).toBe(false);
    expect(existsSync(sut.store.folder({ name: spec.name }))).toBe(false);
    await expect(sut.gateway.get(spec.name)).resolves.toBeUndefined();
    expect((await sut.gateway.list()).map((job) => job.name)).not.toContain(spec.name);
  });

  it('deletes a finished job with every file it had, and tells nobody it finished again', async () => {
    const finished: string[] = [];
    sut.gateway.onChange(
      ({ current }) => current && ['Succeeded', 'Failed', 'Stopped'].includes(current.status) && finished.push(current.name),
    );
    const spec = nodeJob("console.log('out'); console.error('err')", { payload: Buffer.from('p') });
    await sut.gateway.create([spec]);
    await waitForStatus(sut.gateway, spec.name, 'Succeeded');
    await waitFor(
      async () => finished,
      (names) => names.length === 1,
    );

    await sut.gateway.delete([spec.name]);

    expect(existsSync(sut.store.folder({ name: spec.name }))).toBe(false);
    expect(finished).toEqual([spec.name]);
    await expect(sut.gateway.delete([spec.name])).rejects.toThrow(JobNotFoundError);
  });

  it('lists every job with the time it was accepted', async () => {
    const clock = new FixedClock();
    const other = await startGateway(localConfig(dir, { local: { dataDir: join(dir, 'other') } }), clock);
    const names = ['compute-1-b', 'compute-1-a', 'compute-2-a'];
    for (const [i, name] of names.entries()) {
      clock.instant = new Date(T0.getTime() + (i === 2 ? 1000 : 0));
      await other.gateway.create([nodeJob('', { name })]);
    }

    const listed = (await other.gateway.list()).map((job) => [job.name, job.created - T0.getTime()]).sort();
    expect(listed).toEqual([
      ['compute-1-a', 0],
      ['compute-1-b', 0],
      ['compute-2-a', 1000],
    ]);
    await other.gateway.onApplicationShutdown();
  });
});
