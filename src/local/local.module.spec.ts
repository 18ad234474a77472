import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { SchedulerConfig } from '../config/scheduler.config.js';
import { Clock } from '../jobs/clock.js';
import { JobGateway } from '../jobs/job.gateway.js';
import { LocalJobGateway } from './local-job.gateway.js';
import { LocalModule } from './local.module.js';
import { FixedClock, localConfig, nodeJob, removeDir, tempDir, waitForStatus } from '../../test/fakes/local.fixtures.js';

describe('LocalModule', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await tempDir();
  });

  afterEach(() => removeDir(dir));

  it('provides a LocalJobGateway that is ready after init and kills its jobs on close', async () => {
    const config = localConfig(dir);
    const shared = {
      module: class SharedModule {},
      global: true,
      providers: [
        { provide: SchedulerConfig, useValue: config },
        { provide: Clock, useValue: new FixedClock() },
      ],
      exports: [SchedulerConfig, Clock],
    };
    const moduleRef = await Test.createTestingModule({ imports: [shared, LocalModule] }).compile();
    const gateway = moduleRef.get<LocalJobGateway>(JobGateway);
    expect(gateway).toBeInstanceOf(LocalJobGateway);
    expect(gateway.readiness().ready).toBe(false);

    await moduleRef.init();
    expect(gateway.readiness()).toEqual({ ready: true });
    const spec = nodeJob("console.log('up'); setInterval(() => {}, 1000)");
    await gateway.create([spec]);
    await waitForStatus(gateway, spec.name, 'Running');
    await moduleRef.close();

    expect(await gateway.get(spec.name)).toMatchObject({ status: 'Failed', message: 'the scheduler shut down while the job was running' });
    expect(existsSync(dir)).toBe(true);
  });
});
