import { describe, expect, it } from '@jest/globals';
import { aSchedulerConfig } from '../../test/fakes/scheduler-config.fixture.js';
import type { JobDefinition } from '../config/job-definition.config.js';
import type { JobScheduleDescription } from './dto/job-schedule-description.dto.js';
import { buildJobSpec, mergeDefaults } from './job-spec.js';

const failJob = (code: number) => ({ action: 'FailJob' as const, onExitCodes: { operator: 'In' as const, values: [code] } });

const DEFINITION: Partial<JobDefinition> = {
  variables: { MODE: 'fast' },
  secrets: ['STORAGE_KEY', 'DB_PASSWORD'],
  safeToRestart: false,
  runAsUser: 1000,
  readOnlyFileSystem: true,
  runtime: { architecture: 'arm64' },
  failurePolicy: { rules: [failJob(42)] },
  emptyDirs: [{ name: 'scratch', path: '/scratch', sizeLimit: '1Gi' }],
};

function specOf(request: JobScheduleDescription, job: Partial<JobDefinition> = DEFINITION) {
  return buildJobSpec(aSchedulerConfig({ job }), request, { name: 'compute-20260101000000-abcdefgh', payload: undefined });
}

describe('buildJobSpec', () => {
  it("takes the job definition's fields when the request sets none", () => {
    expect(specOf({})).toMatchObject({
      secrets: ['STORAGE_KEY', 'DB_PASSWORD'],
      safeToRestart: false,
      runAsUser: 1000,
      readOnlyFileSystem: true,
      runtime: { architecture: 'arm64' },
      failurePolicy: { rules: [failJob(42)] },
      emptyDirs: [{ name: 'scratch', path: '/scratch', sizeLimit: '1Gi' }],
    });
  });

  it("takes the request's safeToRestart, runAsUser, runtime and failurePolicy over the definition's, each as a whole", () => {
    const sut = specOf({
      safeToRestart: true,
      runAsUser: 2000,
      runtime: { nodeType: 'gpu-nvidia-1-v1' },
      failurePolicy: { rules: [failJob(7)] },
    });
    expect(sut).toMatchObject({ safeToRestart: true, runAsUser: 2000, readOnlyFileSystem: true });
    expect([sut.runtime, sut.failurePolicy]).toEqual([{ nodeType: 'gpu-nvidia-1-v1' }, { rules: [failJob(7)] }]);
    expect(specOf({ failurePolicy: { rules: [] } }).failurePolicy).toEqual({ rules: [] });
  });

  it("lets a request's variable replace a secret of the same name, which then comes from no Secret, as Radix does", () => {
    const sut = specOf({ variables: { STORAGE_KEY: 'from-request', MODE: 'slow' } });
    expect(sut.secrets).toEqual(['DB_PASSWORD']);
    expect(sut.env).toMatchObject({ STORAGE_KEY: 'from-request', MODE: 'slow' });
  });
});

describe('mergeDefaults', () => {
  it("takes the job's own values over the defaults", () => {
    const sut = mergeDefaults({ timeLimitSeconds: 60, backoffLimit: 2, command: ['a'] }, { timeLimitSeconds: 10, payload: 'p' });
    expect(sut).toEqual({ timeLimitSeconds: 10, backoffLimit: 2, command: ['a'], payload: 'p' });
  });

  it('merges variables, resource requests and limits name by name, as Radix does', () => {
    const sut = mergeDefaults(
      { variables: { VAR1: 'value1', VAR2: 'value2' }, resources: { requests: { cpu: '1', memory: '1Gi' } } },
      { variables: { VAR2: 'value22', VAR3: 'value3' }, resources: { requests: { cpu: '2' }, limits: { memory: '2Gi' } } },
    );
    expect(sut.variables).toEqual({ VAR1: 'value1', VAR2: 'value22', VAR3: 'value3' });
    expect(sut.resources).toEqual({ requests: { cpu: '2', memory: '1Gi' }, limits: { memory: '2Gi' } });
  });

  it('merges node field by field and replaces runtime whole', () => {
    const sut = mergeDefaults(
      { node: { gpu: 'v100', gpuCount: '2' }, runtime: { architecture: 'arm64', nodeType: 'big' } },
      { node: { gpuCount: '4' }, runtime: { architecture: 'amd64' } },
    );
    expect([sut.node, sut.runtime]).toEqual([{ gpu: 'v100', gpuCount: '4' }, { architecture: 'amd64' }]);
  });

  it("keeps a job's own false over a default true, and its own runAsUser over the default's", () => {
    const sut = mergeDefaults({ safeToRestart: true, runAsUser: 1000 }, { safeToRestart: false, runAsUser: 2000 });
    expect([sut.safeToRestart, sut.runAsUser]).toEqual([false, 2000]);
    expect(mergeDefaults({ safeToRestart: true, runAsUser: 1000 }, {})).toMatchObject({ safeToRestart: true, runAsUser: 1000 });
  });

  it('is the job itself without defaults', () => {
    const own = { payload: 'x' };
    expect(mergeDefaults(undefined, own)).toBe(own);
  });
});
