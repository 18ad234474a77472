import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  localConfig,
  nodeJob,
  removeDir,
  type Started,
  startGateway,
  tempDir,
  waitFor,
  waitForStatus,
} from '../../test/fakes/local.fixtures.js';

/** An emptyDir mount on the local runtime: a folder of the job's own, named by its variable, empty at each attempt. */
describe('LocalJobGateway with emptyDir mounts', () => {
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

  it('gives each attempt an empty folder named by RADIX_VOLUME_MOUNT_<NAME>, and removes it when the job ends', async () => {
    // The first attempt leaves a file in the folder and fails; the second must find the folder empty.
    const script = `const fs = require('fs'), path = require('path');
      const folder = process.env.RADIX_VOLUME_MOUNT_SCRATCH_DATA;
      console.log(folder + ' ' + JSON.stringify(fs.readdirSync(folder)));
      fs.writeFileSync(path.join(folder, 'left-over'), 'x');
      if (!fs.existsSync(process.env.MARK)) { fs.writeFileSync(process.env.MARK, ''); process.exit(1); }`;
    const spec = nodeJob(script, {
      env: { MARK: join(dir, 'first-attempt-ran') },
      backoffLimit: 1,
      emptyDirs: [{ name: 'scratch-data', path: '/scratch', sizeLimit: '1Gi' }],
    });

    await sut.gateway.create([spec]);
    await waitForStatus(sut.gateway, spec.name, 'Succeeded');

    const folder = join(dir, 'data', 'demo', 'dev', 'compute', spec.name, 'scratch', 'scratch-data');
    const lines = (await sut.gateway.output(spec.name)).stdout.trim().split('\n');
    expect(lines).toEqual([`${folder} []`, `${folder} []`]);
    await waitFor(
      async () => existsSync(join(dir, 'data', 'demo', 'dev', 'compute', spec.name, 'scratch')),
      (exists) => !exists,
    );
  });

  it('makes no folder and no variable for a job without emptyDir mounts', async () => {
    const spec = nodeJob("console.log(Object.keys(process.env).filter((k) => k.startsWith('RADIX_VOLUME_MOUNT_')).length)");
    await sut.gateway.create([spec]);
    await waitForStatus(sut.gateway, spec.name, 'Succeeded');
    expect((await sut.gateway.output(spec.name)).stdout.trim()).toBe('0');
    expect(existsSync(join(dir, 'data', 'demo', 'dev', 'compute', spec.name, 'scratch'))).toBe(false);
  });
});
