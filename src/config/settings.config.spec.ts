import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config.errors.js';
import { parseRadixConfig } from './radixconfig.config.js';
import { loadProcessSettings } from './settings.config.js';

/**
 * The example from the seed guide, verbatim but for its `...` line under `backend`: that
 * stands for elided component settings and is not YAML (every parser refuses it).
 */
const SEED_EXAMPLE = `spec:
  environments:
    - name: dev
    - name: prod
  components:
    - name: backend
  jobs:
    - name: compute
      src: compute
      schedulerPort: 8000
      payload:
        path: "/compute/args"
      ports:
        - name: http
          port: 3000
    - name: etl
      src: etl
      schedulerPort: 9000
`;

const JOB = `
metadata: { name: demo }
spec:
  environments: [{ name: dev }, { name: prod }]
  jobs:
    - name: compute
      schedulerPort: 8000
      image: compute:1
      command: [node, main.mjs]
      variables: { MODE: fast }
      environmentConfig:
        - environment: prod
          variables: { MODE: careful }
          timeLimitSeconds: 60
    - name: etl
      schedulerPort: 9000
      image: etl:1
      command: [node, main.mjs]
`;

function folderWith(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'settings-'));
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

describe('parseRadixConfig', () => {
  it("loads the seed guide's example as it is", () => {
    const sut = parseRadixConfig(SEED_EXAMPLE, 'radixconfig.yaml');
    expect(Array.isArray(sut)).toBe(false);
    expect(sut).toMatchObject({
      spec: {
        jobs: [
          { name: 'compute', schedulerPort: 8000, payload: { path: '/compute/args' }, ports: [{ name: 'http', port: 3000 }] },
          { name: 'etl', schedulerPort: 9000 },
        ],
      },
    });
  });

  const bad: { name: string; text: string; problem: string }[] = [
    { name: 'not YAML', text: 'spec: [', problem: 'radixconfig.yaml: not valid YAML' },
    { name: 'no jobs', text: 'spec: { jobs: [] }', problem: 'radixconfig.yaml: spec.jobs must list at least one job' },
    {
      name: 'port out of range',
      text: 'spec: { jobs: [{ name: a, schedulerPort: 70000 }] }',
      problem: 'radixconfig.yaml: spec.jobs[0].schedulerPort must not be greater than 65535',
    },
    {
      name: 'name not a DNS label',
      text: 'spec: { jobs: [{ name: Compute_1, schedulerPort: 1 }] }',
      problem: 'radixconfig.yaml: spec.jobs[0].name must be a lowercase DNS label starting with a letter',
    },
    {
      name: 'relative payload path',
      text: 'spec: { jobs: [{ name: a, schedulerPort: 1, payload: { path: args } }] }',
      problem: 'radixconfig.yaml: spec.jobs[0].payload.path must be an absolute path',
    },
    {
      name: 'bad quantity',
      text: 'spec: { jobs: [{ name: a, schedulerPort: 1, resources: { requests: { cpu: lots } } }] }',
      problem: 'radixconfig.yaml: spec.jobs[0].resources.requests must be an object of resource names to quantities',
    },
    {
      name: 'reserved variable',
      text: 'spec: { jobs: [{ name: a, schedulerPort: 1, variables: { RADIX_APP: x } }] }',
      problem: 'radixconfig.yaml: spec.jobs[0].variables must be an object of environment variables',
    },
  ];

  it.each(bad)('names the problem when $name', ({ text, problem }) => {
    const sut = parseRadixConfig(text, 'radixconfig.yaml');
    expect(Array.isArray(sut) && sut.join('\n')).toContain(problem);
  });
});

describe('loadProcessSettings', () => {
  it('serves every job on its own port on the local runtime when nothing is set', () => {
    const dir = folderWith(JOB);
    const sut = loadProcessSettings([], {}, dir);
    expect(sut.runtime).toBe('local');
    expect(sut.schedulers.map((s) => [s.job.name, s.http.port, s.environment, s.app])).toEqual([
      ['compute', 8000, 'dev', 'demo'],
      ['etl', 9000, 'dev', 'demo'],
    ]);
    expect(sut.schedulers[0].retention).toEqual({
      succeeded: 10,
      failed: 10,
      batches: 10,
      intervalSeconds: 60,
      abandonedAfterSeconds: 300,
    });
  });

  it('reads how old an unfinished create must be to count as abandoned', () => {
    const sut = loadProcessSettings([], { JOB_SCHEDULER_ABANDONED_AFTER_SECONDS: '10' }, folderWith(JOB));
    expect(sut.schedulers[0].retention.abandonedAfterSeconds).toBe(10);
  });

  it("tells each job definition which others the process serves, for the console's links", () => {
    const sut = loadProcessSettings([], {}, folderWith(JOB));
    expect(sut.schedulers.map((s) => s.peers)).toEqual([[{ job: 'etl', port: 9000 }], [{ job: 'compute', port: 8000 }]]);
  });

  it("applies the environment's overrides and serves the one job asked for", () => {
    const dir = folderWith(JOB);
    const sut = loadProcessSettings(['--job', 'compute'], { RADIX_ENVIRONMENT: 'prod' }, dir);
    expect(sut.schedulers).toHaveLength(1);
    expect(sut.schedulers[0].job).toMatchObject({ variables: { MODE: 'careful' }, timeLimitSeconds: 60 });
  });

  it('chooses Kubernetes when KUBECONFIG names a file, and says why', () => {
    const dir = folderWith(JOB);
    writeFileSync(join(dir, 'kubeconfig'), '');
    const sut = loadProcessSettings([], { KUBECONFIG: join(dir, 'kubeconfig') }, dir);
    expect(sut.runtime).toBe('kubernetes');
    expect(sut.runtimeReason).toBe('KUBECONFIG is set');
  });

  it('lets the explicit runtime win over a kubeconfig', () => {
    const dir = folderWith(JOB);
    writeFileSync(join(dir, 'kubeconfig'), '');
    const sut = loadProcessSettings(['--runtime=local'], { KUBECONFIG: join(dir, 'kubeconfig') }, dir);
    expect(sut.runtime).toBe('local');
  });

  it('takes the Radix history limit for both histories, and the specific ones over it', () => {
    const dir = folderWith(JOB);
    const env = { RADIX_JOB_SCHEDULERS_PER_ENVIRONMENT_HISTORY_LIMIT: '5', JOB_SCHEDULER_HISTORY_FAILED: '3' };
    const sut = loadProcessSettings([], env, dir);
    expect(sut.schedulers[0].retention).toMatchObject({ succeeded: 5, failed: 3 });
  });

  it('passes local jobs only what programs need from its environment, never credentials', () => {
    const dir = folderWith(JOB);
    const env = {
      PATH: '/bin',
      LC_ALL: 'C',
      JOB_SCHEDULER_API_TOKEN: 'secret',
      RADIX_APP: 'demo',
      AWS_SECRET_ACCESS_KEY: 'x',
      LOG_LEVEL: 'debug',
    };
    const sut = loadProcessSettings([], env, dir);
    expect(sut.schedulers[0].local.baseEnv).toEqual({ PATH: '/bin', LC_ALL: 'C' });
  });

  it('listens on loopback only outside a cluster, on either runtime, so the Host check applies', () => {
    const dir = folderWith(JOB);
    writeFileSync(join(dir, 'kubeconfig'), '');
    expect(loadProcessSettings([], {}, dir).schedulers[0].http.host).toBe('127.0.0.1');
    const laptop = loadProcessSettings([], { KUBECONFIG: join(dir, 'kubeconfig') }, dir).schedulers[0];
    expect([laptop.runtime, laptop.http.host, laptop.http.allowedHosts]).toEqual([
      'kubernetes',
      '127.0.0.1',
      ['localhost', '127.0.0.1', '[::1]'],
    ]);
  });

  it('checks Host names on loopback only, unless names are configured', () => {
    const dir = folderWith(JOB);
    expect(loadProcessSettings([], {}, dir).schedulers[0].http.allowedHosts).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(loadProcessSettings(['--host', '0.0.0.0'], {}, dir).schedulers[0].http.allowedHosts).toBeUndefined();
    const named = loadProcessSettings(['--host', '0.0.0.0'], { JOB_SCHEDULER_ALLOWED_HOSTS: 'compute, Scheduler.Example.com' }, dir);
    expect(named.schedulers[0].http.allowedHosts).toEqual(['compute', 'scheduler.example.com']);
  });

  it('allows no other origin by default, and the listed origins when set', () => {
    const dir = folderWith(JOB);
    expect(loadProcessSettings([], {}, dir).schedulers[0].http.allowedOrigins).toEqual([]);
    const env = { JOB_SCHEDULER_ALLOWED_ORIGINS: 'https://console.example.com, http://localhost:5173' };
    expect(loadProcessSettings([], env, dir).schedulers[0].http.allowedOrigins).toEqual([
      'https://console.example.com',
      'http://localhost:5173',
    ]);
  });

  it('lets requests choose the program only for the jobs JOB_SCHEDULER_ALLOW_REQUEST_COMMAND names', () => {
    const dir = folderWith(JOB);
    const sut = loadProcessSettings([], { JOB_SCHEDULER_ALLOW_REQUEST_COMMAND: 'etl' }, dir);
    expect(sut.schedulers.map((s) => [s.job.name, s.local.requestCommand])).toEqual([
      ['compute', false],
      ['etl', true],
    ]);
  });

  it('names once, at start, each key of radixconfig.yaml it does not apply, with the reason', () => {
    const dir = folderWith(`
spec:
  jobs:
    - name: compute
      schedulerPort: 8000
      command: [node, main.mjs]
      dockerfileName: Dockerfile
      identity: { azure: { clientId: x } }
      volumeMounts: []
      environmentConfig:
        - environment: dev
          monitoring: true
`);
    const file = join(dir, 'radixconfig.yaml');
    expect(loadProcessSettings([], {}, dir).warnings).toEqual([
      `${file}: jobs[compute].identity is not applied by this scheduler, so without effect: Azure workload identity needs Radix's federated credentials for the job's service account; give the job its credentials through secrets or secretRefs`,
      `${file}: jobs[compute].environmentConfig[dev].monitoring is not applied by this scheduler, so without effect: Radix's monitoring scrapes the job's metrics port with its own Prometheus setup, which this scheduler does not make`,
    ]);
    expect(loadProcessSettings([], {}, folderWith(JOB)).warnings).toEqual([]);
  });

  it('takes the image of the one job served from --image, for a Radix file that builds its images', () => {
    const dir = folderWith(SEED_EXAMPLE);
    writeFileSync(join(dir, 'kubeconfig'), '');
    const sut = loadProcessSettings(
      ['--job', 'compute', '--image', 'registry.example.com/compute:7'],
      { KUBECONFIG: join(dir, 'kubeconfig') },
      dir,
    );
    expect(sut.schedulers[0].job.image).toBe('registry.example.com/compute:7');
    expect(problemsOf(() => loadProcessSettings(['--image', 'x:1'], { KUBECONFIG: join(dir, 'kubeconfig') }, dir))).toContain(
      '--image: serves one job only; choose it with --job or RADIX_COMPONENT',
    );
  });

  it("takes notifications.webhook from radixconfig.yaml, an environment's replacing the job's, http and https only", () => {
    const dir = folderWith(`
spec:
  environments: [{ name: dev }, { name: prod }]
  jobs:
    - name: compute
      schedulerPort: 8000
      command: [node, main.mjs]
      notifications: { webhook: "http://backend:3000/hooks" }
      environmentConfig:
        - { environment: prod, notifications: { webhook: "https://backend.example.com/hooks" } }
`);
    expect(loadProcessSettings([], {}, dir).schedulers[0].job.webhook).toBe('http://backend:3000/hooks');
    expect(loadProcessSettings([], { RADIX_ENVIRONMENT: 'prod' }, dir).schedulers[0].job.webhook).toBe('https://backend.example.com/hooks');
    for (const url of ['file:///etc/passwd', 'ftp://backend/hooks', 'javascript:alert(1)']) {
      const bad = folderWith(`spec: { jobs: [{ name: a, schedulerPort: 1, command: [x], notifications: { webhook: "${url}" } }] }`);
      expect(problemsOf(() => loadProcessSettings([], {}, bad))).toEqual([
        expect.stringMatching(/notifications\.webhook must be an http or https URL$/),
      ]);
    }
  });

  it('lets a job definition run as root only when it says runAsNonRoot: false, per environment too', () => {
    const dir = folderWith(`
spec:
  environments: [{ name: dev }, { name: prod }]
  jobs:
    - name: compute
      schedulerPort: 8000
      command: [node, main.mjs]
      runAsNonRoot: false
      environmentConfig:
        - { environment: prod, runAsNonRoot: true }
`);
    expect(loadProcessSettings([], {}, dir).schedulers[0].job.runAsNonRoot).toBe(false);
    expect(loadProcessSettings([], { RADIX_ENVIRONMENT: 'prod' }, dir).schedulers[0].job.runAsNonRoot).toBe(true);
    expect(loadProcessSettings([], {}, folderWith(JOB)).schedulers[0].job.runAsNonRoot).toBeUndefined();
    const bad = folderWith('spec: { jobs: [{ name: a, schedulerPort: 1, command: [x], runAsNonRoot: maybe }] }');
    expect(problemsOf(() => loadProcessSettings([], {}, bad))).toEqual([expect.stringMatching(/runAsNonRoot must be a boolean value$/)]);
  });

  it("puts an environment's imageTagName into the job's {imageTagName}, as Radix does", () => {
    const dir = folderWith(`
spec:
  environments: [{ name: dev }, { name: prod }]
  jobs:
    - name: compute
      schedulerPort: 8000
      image: registry.example.com/compute:{imageTagName}
      command: [node, main.mjs]
      environmentConfig:
        - { environment: prod, imageTagName: "1.4.2" }
`);
    expect(loadProcessSettings([], { RADIX_ENVIRONMENT: 'prod' }, dir).schedulers[0].job.image).toBe('registry.example.com/compute:1.4.2');
    expect(loadProcessSettings([], { RADIX_ENVIRONMENT: 'prod' }, dir).warnings).toEqual([]);
    writeFileSync(join(dir, 'kubeconfig'), '');
    expect(problemsOf(() => loadProcessSettings([], { RADIX_ENVIRONMENT: 'dev', KUBECONFIG: join(dir, 'kubeconfig') }, dir))).toEqual([
      'jobs[compute].image: registry.example.com/compute:{imageTagName} needs an imageTagName in the environmentConfig of this environment',
    ]);
  });

  it("reads a job's secrets from the environment of the scheduler, only those named", () => {
    const dir = folderWith(`
spec:
  jobs:
    - name: compute
      schedulerPort: 8000
      command: [node, main.mjs]
      secrets: [STORAGE_KEY, MISSING]
`);
    const sut = loadProcessSettings([], { STORAGE_KEY: 'k', OTHER: 'o' }, dir);
    expect([sut.schedulers[0].job.secrets, sut.schedulers[0].local.secrets]).toEqual([['STORAGE_KEY', 'MISSING'], { STORAGE_KEY: 'k' }]);
  });

  it("takes batchStatusRules, an environment's replacing the job's", () => {
    const dir = folderWith(`
spec:
  environments: [{ name: dev }, { name: prod }]
  jobs:
    - name: compute
      schedulerPort: 8000
      command: [node, main.mjs]
      batchStatusRules:
        - { condition: Any, operator: In, jobStatuses: [Failed], batchStatus: Failed }
      environmentConfig:
        - environment: prod
          batchStatusRules:
            - { condition: All, operator: In, jobStatuses: [Succeeded], batchStatus: Succeeded }
`);
    expect(loadProcessSettings([], {}, dir).schedulers[0].job.batchStatusRules).toEqual([
      { condition: 'Any', operator: 'In', jobStatuses: ['Failed'], batchStatus: 'Failed' },
    ]);
    expect(loadProcessSettings([], { RADIX_ENVIRONMENT: 'prod' }, dir).schedulers[0].job.batchStatusRules[0].batchStatus).toBe('Succeeded');
    const bad = folderWith(
      'spec: { jobs: [{ name: a, schedulerPort: 1, command: [x], batchStatusRules: [{ condition: Some, operator: In, jobStatuses: [Done], batchStatus: Good }] }] }',
    );
    expect(problemsOf(() => loadProcessSettings([], {}, bad))).toEqual([
      expect.stringMatching(/spec\.jobs\[0\]\.batchStatusRules\[0\]\.condition must be Any or All$/),
      expect.stringMatching(/batchStatusRules\[0\]\.jobStatuses: each jobStatuses entry must be one of/),
      expect.stringMatching(/batchStatusRules\[0\]\.batchStatus must be one of/),
    ]);
  });

  const badSettings: { name: string; argv: string[]; env: Record<string, string>; problem: string }[] = [
    {
      name: 'a count that is not a number',
      argv: [],
      env: { JOB_SCHEDULER_HISTORY_SUCCEEDED: 'ten' },
      problem: 'JOB_SCHEDULER_HISTORY_SUCCEEDED=ten: must be a whole number from 0 to 1000',
    },
    { name: 'an unknown runtime', argv: ['--runtime', 'docker'], env: {}, problem: '--runtime=docker: must be one of kubernetes, local' },
    {
      name: 'an unknown job',
      argv: [],
      env: { RADIX_COMPONENT: 'train' },
      problem: 'RADIX_COMPONENT=train: not a job of radixconfig.yaml (compute, etl)',
    },
    {
      name: 'an unknown environment',
      argv: [],
      env: { RADIX_ENVIRONMENT: 'qa' },
      problem: 'RADIX_ENVIRONMENT=qa: not an environment of radixconfig.yaml (dev, prod)',
    },
    {
      name: 'a missing kubeconfig',
      argv: [],
      env: { KUBECONFIG: '/nowhere/config' },
      problem: 'KUBECONFIG=/nowhere/config: file not found',
    },
    { name: 'one port for two jobs', argv: ['--port', '8080'], env: {}, problem: '--port: serves one job only' },
    { name: 'an unknown flag', argv: ['--verbose'], env: {}, problem: '--verbose: unknown argument' },
    {
      name: 'an app name that is no DNS label',
      argv: ['--app', '../etc'],
      env: {},
      problem: '--app=../etc: must be a lowercase DNS label',
    },
    {
      name: 'a wildcard origin',
      argv: [],
      env: { JOB_SCHEDULER_ALLOWED_ORIGINS: '*' },
      problem: 'JOB_SCHEDULER_ALLOWED_ORIGINS=*: * is not an origin',
    },
    {
      name: 'an origin with a path',
      argv: [],
      env: { JOB_SCHEDULER_ALLOWED_ORIGINS: 'https://a.example/app' },
      problem: 'JOB_SCHEDULER_ALLOWED_ORIGINS=https://a.example/app: https://a.example/app is not an origin',
    },
    {
      name: 'a host name with a port',
      argv: [],
      env: { JOB_SCHEDULER_ALLOWED_HOSTS: 'compute:8000' },
      problem: 'JOB_SCHEDULER_ALLOWED_HOSTS=compute:8000: compute:8000 is not a host name',
    },
    {
      name: 'an unknown job allowed to choose its command',
      argv: [],
      env: { JOB_SCHEDULER_ALLOW_REQUEST_COMMAND: 'train' },
      problem: 'JOB_SCHEDULER_ALLOW_REQUEST_COMMAND=train: train is not a job of radixconfig.yaml',
    },
    {
      name: 'Kubernetes without a cluster',
      argv: ['--runtime', 'kubernetes'],
      env: {},
      problem: '--runtime=kubernetes: needs KUBECONFIG or an in-cluster service account',
    },
  ];

  it.each(badSettings)('stops with one line naming $name', ({ argv, env, problem }) => {
    const dir = folderWith(JOB);
    const problems = problemsOf(() => loadProcessSettings(argv, env, dir));
    expect(problems).toContain(problems.find((line) => line.startsWith(problem)));
    expect(problems.filter((line) => line.startsWith(problem.split(':')[0]))).toHaveLength(1);
  });

  it('lists every bad setting at once', () => {
    const dir = folderWith(JOB);
    const problems = problemsOf(() => loadProcessSettings([], { JOB_SCHEDULER_HISTORY_FAILED: '-1', LOG_FORMAT: 'xml' }, dir));
    expect(problems).toHaveLength(2);
  });

  it('says which file is missing', () => {
    const problems = problemsOf(() => loadProcessSettings(['--config', 'nope.yaml'], {}, mkdtempSync(join(tmpdir(), 'settings-'))));
    expect(problems[0]).toMatch(/nope\.yaml: file not found/);
  });

  it('needs a command for each job on the local runtime and an image on Kubernetes', () => {
    const dir = folderWith(SEED_EXAMPLE);
    writeFileSync(join(dir, 'kubeconfig'), '');
    expect(problemsOf(() => loadProcessSettings(['--job', 'etl'], {}, dir))).toEqual([
      'jobs[etl].command: required on the local runtime (the program each job runs)',
    ]);
    expect(problemsOf(() => loadProcessSettings(['--job', 'etl'], { KUBECONFIG: join(dir, 'kubeconfig') }, dir))).toEqual([
      'jobs[etl].image: required on the kubernetes runtime (set it in radixconfig.yaml, or with --image or JOB_SCHEDULER_IMAGE)',
    ]);
  });

  it('loads the radixconfig.yaml shipped with the project', () => {
    const sut = loadProcessSettings([], {}, process.cwd());
    expect(sut.schedulers.map((s) => `${s.job.name}:${s.http.port}`)).toEqual(['compute:8000', 'etl:9000']);
  });
});
