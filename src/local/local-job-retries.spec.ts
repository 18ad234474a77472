import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { FailurePolicyRule } from '../jobs/job.model.js';
import { LocalRuntimeOptions } from './local-runtime.options.js';
import {
  FAST,
  localConfig,
  nodeJob,
  removeDir,
  type Started,
  startGateway,
  tempDir,
  waitFor,
  waitForStatus,
} from '../../test/fakes/local.fixtures.js';

/** Exits with the n-th of the codes given (0-based attempt count kept in a file), the last one ever after. */
const EXIT_CODES =
  "const fs = require('fs'); const f = process.argv[1]; const n = fs.existsSync(f) ? Number(fs.readFileSync(f, 'utf8')) : 0; " +
  'fs.writeFileSync(f, String(n + 1)); const codes = process.argv.slice(2).map(Number); process.exit(codes[Math.min(n, codes.length - 1)])';

const rule = (action: FailurePolicyRule['action'], operator: 'In' | 'NotIn', values: number[]): FailurePolicyRule => ({
  action,
  onExitCodes: { operator, values },
});

describe('LocalJobGateway retrying failed attempts', () => {
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

  const cases = {
    'fails after backoffLimit retries': {
      codes: [1],
      backoffLimit: 2,
      rules: [],
      status: 'Failed',
      failed: 3,
      states: ['Failed', 'Failed', 'Failed'],
      message: 'exited with code 1 (3 failed attempts, backoff limit 2)',
    },
    'succeeds when a retry succeeds': {
      codes: [5, 0],
      backoffLimit: 1,
      rules: [],
      status: 'Succeeded',
      failed: 1,
      states: ['Failed', 'Succeeded'],
      message: undefined,
    },
    'fails at once on a FailJob rule, whatever the backoffLimit': {
      codes: [42],
      backoffLimit: 5,
      rules: [rule('FailJob', 'In', [42])],
      status: 'Failed',
      failed: 1,
      states: ['Failed'],
      message: 'exited with code 42, which fails the job by rule 0 of its failure policy',
    },
    'retries an Ignore failure without counting it': {
      codes: [7, 7, 0],
      backoffLimit: 0,
      rules: [rule('Ignore', 'In', [7])],
      status: 'Succeeded',
      failed: undefined,
      states: ['Failed', 'Failed', 'Succeeded'],
      message: undefined,
    },
    'applies the first matching rule, NotIn included': {
      codes: [3, 9],
      backoffLimit: 3,
      rules: [rule('Count', 'In', [3]), rule('FailJob', 'NotIn', [3])],
      status: 'Failed',
      failed: 2,
      states: ['Failed', 'Failed'],
      message: 'exited with code 9, which fails the job by rule 1 of its failure policy',
    },
  };

  it.each(Object.entries(cases))('%s', async (_, c) => {
    const spec = nodeJob(EXIT_CODES, {
      args: [join(dir, 'count'), ...c.codes.map(String)],
      backoffLimit: c.backoffLimit,
      failurePolicy: { rules: c.rules },
    });

    await sut.gateway.create([spec]);
    const job = await waitForStatus(sut.gateway, spec.name, (s) => s === 'Succeeded' || s === 'Failed');

    expect({ status: job.status, failed: job.failed, message: job.message }).toEqual({
      status: c.status,
      failed: c.failed,
      message: c.message,
    });
    expect(job.replicas.map((r) => r.state)).toEqual(c.states);
    expect(job.replicas.map((r) => r.name)).toEqual(c.states.map((_, i) => `${spec.name}-${i}`));
  });

  it('stops a job between two attempts', async () => {
    const options = new LocalRuntimeOptions({ ...FAST, retryDelayMs: () => 400 });
    const slow = await startGateway(localConfig(dir, { local: { dataDir: join(dir, 'slow') } }), undefined, options);
    const spec = nodeJob('process.exit(1)', { backoffLimit: 3 });
    await slow.gateway.create([spec]);
    await waitFor(
      () => slow.gateway.get(spec.name),
      (job) => job?.failed === 1,
    );

    const stopped = await slow.gateway.stop(spec.name);

    expect(stopped).toMatchObject({ status: 'Stopped', failed: 1 });
    expect(stopped.replicas).toHaveLength(1);
    // The retry was due 400 ms after the failure: well past it, none has started.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await slow.gateway.get(spec.name))?.replicas).toHaveLength(1);
    await slow.gateway.onApplicationShutdown();
  });
});
