import { describe, expect, it } from '@jest/globals';
import { mergeDefaults } from './job-spec.js';

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

  it('is the job itself without defaults', () => {
    const own = { payload: 'x' };
    expect(mergeDefaults(undefined, own)).toBe(own);
  });
});
