import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.errors.js';
import { parseRadixConfig } from './radixconfig.config.js';
import { loadProcessSettings } from './settings.config.js';

/** Radix's job fields that shape the pod: safeToRestart, runAsUser, readOnlyFileSystem, runtime, failurePolicy, volumeMounts. */

const FIELDS = `
spec:
  environments: [{ name: dev }, { name: prod }]
  jobs:
    - name: compute
      schedulerPort: 8000
      image: compute:1
      command: [node, main.mjs]
      payload: { path: /compute/args }
      safeToRestart: true
      runAsUser: 1000
      readOnlyFileSystem: true
      runtime: { architecture: arm64 }
      failurePolicy:
        rules:
          - { action: FailJob, onExitCodes: { operator: In, values: [42] } }
          - { action: Ignore, onExitCodes: { operator: In, values: [3] } }
      volumeMounts:
        - { name: scratch, path: /scratch, emptyDir: { sizeLimit: 1Gi } }
        - { name: cache, path: /cache, emptyDir: { sizeLimit: 1000 } }
        - { name: storage, path: /storage, blobFuse2: { container: data } }
      environmentConfig:
        - environment: prod
          safeToRestart: false
          runAsUser: 2000
          readOnlyFileSystem: false
          runtime: { nodeType: gpu-nvidia-1-v1 }
          failurePolicy:
            rules:
              - { action: Count, onExitCodes: { operator: NotIn, values: [0] } }
          volumeMounts:
            - { name: scratch, path: /big-scratch, emptyDir: { sizeLimit: 10Gi } }
            - { name: logs, path: /logs, emptyDir: { sizeLimit: 100Mi } }
`;

function folderWith(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'job-fields-'));
  writeFileSync(join(dir, 'radixconfig.yaml'), text);
  return dir;
}

function problemsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const job = (text: string) => `spec: { jobs: [{ name: a, schedulerPort: 1, command: [x], ${text} }] }`;

describe('job fields of radixconfig.yaml', () => {
  it("reads each field of the job, an environment's value replacing the job's", () => {
    const dir = folderWith(FIELDS);
    expect(loadProcessSettings([], {}, dir).schedulers[0].job).toMatchObject({
      safeToRestart: true,
      runAsUser: 1000,
      readOnlyFileSystem: true,
      runtime: { architecture: 'arm64' },
      failurePolicy: { rules: [{ action: 'FailJob' }, { action: 'Ignore' }] },
    });
    expect(loadProcessSettings([], { RADIX_ENVIRONMENT: 'prod' }, dir).schedulers[0].job).toMatchObject({
      safeToRestart: false,
      runAsUser: 2000,
      readOnlyFileSystem: false,
      runtime: { nodeType: 'gpu-nvidia-1-v1' },
      failurePolicy: { rules: [{ action: 'Count', onExitCodes: { operator: 'NotIn', values: [0] } }] },
    });
  });

  it("applies emptyDir mounts only, an environment's replacing the job's of the same name and adding its others", () => {
    const dir = folderWith(FIELDS);
    expect(loadProcessSettings([], {}, dir).schedulers[0].job.emptyDirs).toEqual([
      { name: 'scratch', path: '/scratch', sizeLimit: '1Gi' },
      { name: 'cache', path: '/cache', sizeLimit: '1000' },
    ]);
    expect(loadProcessSettings([], { RADIX_ENVIRONMENT: 'prod' }, dir).schedulers[0].job.emptyDirs).toEqual([
      { name: 'scratch', path: '/big-scratch', sizeLimit: '10Gi' },
      { name: 'cache', path: '/cache', sizeLimit: '1000' },
      { name: 'logs', path: '/logs', sizeLimit: '100Mi' },
    ]);
  });

  it("treats Radix's empty runtime values as unset", () => {
    const dir = folderWith(job('runtime: { architecture: "", nodeType: "" }'));
    expect(loadProcessSettings([], {}, dir).schedulers[0].job.runtime).toBeUndefined();
  });

  it('names the Azure volume mounts as not applied, each with the reason, and applies the emptyDir beside them', () => {
    const dir = folderWith(FIELDS);
    const warnings = loadProcessSettings([], { JOB_SCHEDULER_RUNTIME: 'local' }, dir).warnings;
    expect(warnings.filter((line) => line.includes('not applied'))).toEqual([
      `${join(dir, 'radixconfig.yaml')}: jobs[compute].volumeMounts[storage] is not applied by this scheduler, so without effect: Azure storage (blobFuse2, azureFile) needs Radix's storage accounts and CSI drivers; only emptyDir mounts are applied`,
    ]);
  });

  it('says at start which fields have no effect on the local runtime, and says nothing of them on Kubernetes', () => {
    const dir = folderWith(FIELDS);
    const local = loadProcessSettings([], {}, dir).warnings.filter((line) => line.includes('no effect'));
    expect(local.map((line) => line.split(': ')[1])).toEqual([
      'jobs[compute].safeToRestart has no effect on the local runtime',
      'jobs[compute].runAsUser has no effect on the local runtime',
      'jobs[compute].readOnlyFileSystem has no effect on the local runtime',
      'jobs[compute].runtime has no effect on the local runtime',
    ]);
    writeFileSync(join(dir, 'kubeconfig'), '');
    const kube = loadProcessSettings([], { KUBECONFIG: join(dir, 'kubeconfig') }, dir).warnings;
    expect(kube.filter((line) => line.includes('no effect'))).toEqual([]);
  });

  const bad: { name: string; text: string; problem: string }[] = [
    { name: 'runAsUser 0', text: job('runAsUser: 0'), problem: 'spec.jobs[0].runAsUser must not be less than 1' },
    { name: 'runAsUser not a number', text: job('runAsUser: root'), problem: 'spec.jobs[0].runAsUser must be an integer number' },
    {
      name: 'safeToRestart not a boolean',
      text: job('safeToRestart: yes-please'),
      problem: 'spec.jobs[0].safeToRestart must be a boolean value',
    },
    {
      name: 'readOnlyFileSystem not a boolean',
      text: job('readOnlyFileSystem: "true"'),
      problem: 'spec.jobs[0].readOnlyFileSystem must be a boolean value',
    },
    {
      name: 'an unknown architecture',
      text: job('runtime: { architecture: x86 }'),
      problem: 'spec.jobs[0].runtime.architecture must be amd64 or arm64',
    },
    {
      name: 'architecture and nodeType together',
      text: job('runtime: { architecture: arm64, nodeType: gpu-nvidia-1-v1 }'),
      problem: 'spec.jobs[0].runtime.nodeType: set architecture or nodeType, not both',
    },
    {
      name: 'a node type that is no label value',
      text: job('runtime: { nodeType: GPU_1 }'),
      problem: 'spec.jobs[0].runtime.nodeType must be a node type',
    },
    {
      name: 'a failure policy without rules',
      text: job('failurePolicy: {}'),
      problem: 'spec.jobs[0].failurePolicy.rules must be an array',
    },
    {
      name: 'an unknown failure action',
      text: job('failurePolicy: { rules: [{ action: Retry, onExitCodes: { operator: In, values: [1] } }] }'),
      problem: 'spec.jobs[0].failurePolicy.rules[0].action must be FailJob, Ignore or Count',
    },
    {
      name: 'a repeated exit code',
      text: job('failurePolicy: { rules: [{ action: FailJob, onExitCodes: { operator: In, values: [1, 1] } }] }'),
      problem: 'spec.jobs[0].failurePolicy.rules[0].onExitCodes.values must not repeat an exit code',
    },
    {
      name: 'exit code 0 with In',
      text: job('failurePolicy: { rules: [{ action: FailJob, onExitCodes: { operator: In, values: [0, 1] } }] }'),
      problem: 'spec.jobs[0].failurePolicy.rules[0].onExitCodes.values must not hold 0 with operator In',
    },
    {
      name: 'a rule without exit codes, in an environment',
      text: job('environmentConfig: [{ environment: dev, failurePolicy: { rules: [{ action: FailJob }] } }]'),
      problem: 'spec.jobs[0].environmentConfig[0].failurePolicy.rules[0].onExitCodes is required',
    },
    {
      name: 'an emptyDir without sizeLimit',
      text: job('volumeMounts: [{ name: s, path: /s, emptyDir: {} }]'),
      problem: 'spec.jobs[0].volumeMounts[0].emptyDir.sizeLimit must be a quantity above zero such as "500Mi" or "1Gi" (it is not set)',
    },
    {
      name: 'an emptyDir of size zero',
      text: job('volumeMounts: [{ name: s, path: /s, emptyDir: { sizeLimit: 0Gi } }]'),
      problem: 'spec.jobs[0].volumeMounts[0].emptyDir.sizeLimit must be a quantity above zero',
    },
    {
      name: 'an emptyDir at a relative path',
      text: job('volumeMounts: [{ name: s, path: scratch, emptyDir: { sizeLimit: 1Gi } }]'),
      problem: 'spec.jobs[0].volumeMounts[0].path must be the absolute path the volume is mounted at',
    },
    {
      name: 'an emptyDir named with capitals',
      text: job('volumeMounts: [{ name: Scratch, path: /s, emptyDir: { sizeLimit: 1Gi } }]'),
      problem: 'spec.jobs[0].volumeMounts[0].name must be a name of at most 40 characters',
    },
    {
      name: 'a mount with two sources',
      text: job('volumeMounts: [{ name: s, path: /s, emptyDir: { sizeLimit: 1Gi }, blobFuse2: { container: c } }]'),
      problem: 'spec.jobs[0].volumeMounts[0] must set exactly one of emptyDir, blobFuse2, azureFile, type (it sets emptyDir and blobFuse2)',
    },
    {
      name: 'a mount without a source',
      text: job('volumeMounts: [{ name: s, path: /s }]'),
      problem: 'spec.jobs[0].volumeMounts[0] must set exactly one of emptyDir, blobFuse2, azureFile, type (it sets none)',
    },
    {
      name: 'two mounts of one name',
      text: job('volumeMounts: [{ name: s, path: /s, emptyDir: { sizeLimit: 1Gi } }, { name: s, path: /t, emptyDir: { sizeLimit: 1Gi } }]'),
      problem: 'spec.jobs[0].volumeMounts[1].name s is the name of an earlier mount; names are unique',
    },
  ];

  it.each(bad)('names the key when $name', ({ text, problem }) => {
    const sut = parseRadixConfig(text, 'radixconfig.yaml');
    expect(Array.isArray(sut) ? sut : []).toContainEqual(expect.stringContaining(`radixconfig.yaml: ${problem}`));
  });

  it('refuses two emptyDir mounts at one path, or at the payload path, in the environment served', () => {
    const dir = folderWith(`
spec:
  environments: [{ name: dev }, { name: prod }]
  jobs:
    - name: compute
      schedulerPort: 8000
      command: [node, main.mjs]
      payload: { path: /args }
      volumeMounts: [{ name: scratch, path: /scratch, emptyDir: { sizeLimit: 1Gi } }]
      environmentConfig:
        - environment: prod
          volumeMounts:
            - { name: other, path: /scratch, emptyDir: { sizeLimit: 1Gi } }
            - { name: args, path: /args, emptyDir: { sizeLimit: 1Gi } }
`);
    expect(loadProcessSettings([], {}, dir).schedulers[0].job.emptyDirs).toHaveLength(1);
    expect(problemsOf(() => loadProcessSettings([], { RADIX_ENVIRONMENT: 'prod' }, dir))).toEqual([
      'jobs[compute].volumeMounts[other].path: /scratch is also the path of scratch',
      'jobs[compute].volumeMounts[args].path: /args is also payload.path',
    ]);
  });
});

describe('node placement settings', () => {
  const JOB = job('image: a:1');

  it("keeps pods schedulable on any cluster by default: Radix's node-type key, no job node pool, any architecture", () => {
    expect(loadProcessSettings([], {}, folderWith(JOB)).schedulers[0].placement).toEqual({
      nodeTypeKey: 'radix-nodetype',
      jobNodePoolKey: undefined,
      defaultArchitecture: undefined,
    });
  });

  it("takes Radix's node pool and default architecture when set", () => {
    const env = {
      JOB_SCHEDULER_NODE_TYPE_KEY: 'example.com/node-type',
      JOB_SCHEDULER_JOB_NODE_POOL_KEY: 'nodepooltasks',
      JOB_SCHEDULER_DEFAULT_ARCHITECTURE: 'amd64',
    };
    expect(loadProcessSettings([], env, folderWith(JOB)).schedulers[0].placement).toEqual({
      nodeTypeKey: 'example.com/node-type',
      jobNodePoolKey: 'nodepooltasks',
      defaultArchitecture: 'amd64',
    });
  });

  it('names each bad placement setting', () => {
    const env = {
      JOB_SCHEDULER_NODE_TYPE_KEY: 'node type',
      JOB_SCHEDULER_JOB_NODE_POOL_KEY: 'Example.com/pool',
      JOB_SCHEDULER_DEFAULT_ARCHITECTURE: 'x86',
    };
    expect(problemsOf(() => loadProcessSettings([], env, folderWith(JOB)))).toEqual([
      expect.stringMatching(/^JOB_SCHEDULER_NODE_TYPE_KEY=node type: must be a label key/),
      expect.stringMatching(/^JOB_SCHEDULER_JOB_NODE_POOL_KEY=Example\.com\/pool: must be a label key/),
      'JOB_SCHEDULER_DEFAULT_ARCHITECTURE=x86: must be one of amd64, arm64',
    ]);
  });
});
