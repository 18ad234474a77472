import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { admin, eventually } from '../support/kube-admin.js';
import { KubernetesHarness } from '../support/runtimes.js';
import { type RunningScheduler, startScheduler } from '../support/scheduler.js';

const harness = new KubernetesHarness('objects');
const { batch, core } = admin();

describe('what the scheduler creates on Kubernetes', () => {
  let compute: RunningScheduler;
  let etl: RunningScheduler;

  beforeAll(async () => {
    await harness.setUp();
    compute = await startScheduler(
      harness.config({
        job: {
          ports: [{ name: 'http', port: 3000 }],
          variables: { MODE: 'fast' },
          resources: { requests: { cpu: '100m' }, limits: { memory: '64Mi' } },
        },
      }),
    );
    etl = await startScheduler(harness.config({ job: { name: 'etl', payloadPath: undefined, image: 'etl:1' } }));
  });

  afterAll(async () => {
    await Promise.all([compute?.close(), etl?.close()]);
    await harness.tearDown();
  });

  const namespace = () => harness.namespace;

  it('makes a Job with the Radix labels, variables and settings of the definition and request', async () => {
    const { body } = await compute.post<JobStatus>('/api/v1/jobs', {
      jobId: 'run-7',
      timeLimitSeconds: 600,
      backoffLimit: 1,
      imageTagName: 'v2',
      variables: { EXTRA: 'yes' },
    });
    const job = await batch.readNamespacedJob({ name: body.name, namespace: namespace() });
    expect(job.metadata!.labels).toEqual({
      'app.kubernetes.io/managed-by': 'job-scheduler',
      'radix-app': 'demo',
      'radix-component': 'compute',
      'radix-environment': 'dev',
      'radix-job-type': 'job-scheduler',
      'radix-job-id': 'run-7',
    });
    expect(job.spec).toMatchObject({ backoffLimit: 1, activeDeadlineSeconds: 600, suspend: false });
    const container = job.spec!.template.spec!.containers[0];
    expect(container).toMatchObject({
      name: 'compute',
      image: 'compute:v2',
      resources: { requests: { cpu: '100m' }, limits: { memory: '64Mi' } },
    });
    expect(Object.fromEntries(container.env!.map((e) => [e.name, e.value]))).toEqual({
      MODE: 'fast',
      EXTRA: 'yes',
      RADIX_APP: 'demo',
      RADIX_ENVIRONMENT: 'dev',
      RADIX_COMPONENT: 'compute',
      RADIX_JOB_NAME: body.name,
      RADIX_PORTS: '(3000)',
      RADIX_PORT_NAMES: '(http)',
      RADIX_JOB_PAYLOAD_FILE: '/compute/args/payload',
    });
  });

  it("hands the request's image (with its imageTagName), command, args and every variable to the container, as Radix does", async () => {
    const request = {
      command: ['python', '-m', 'train'],
      args: ['--epochs', '3'],
      image: 'registry.example.com/train:3',
      imageTagName: 'v4',
      variables: { NODE_OPTIONS: '--max-old-space-size=512', LD_LIBRARY_PATH: '/opt/cuda/lib' },
    };
    const { status, body } = await compute.post<JobStatus>('/api/v1/jobs', request);
    expect(status).toBe(200);
    const job = await batch.readNamespacedJob({ name: body.name, namespace: namespace() });
    const container = job.spec!.template.spec!.containers[0];
    expect(container).toMatchObject({
      command: request.command,
      args: request.args,
      image: 'registry.example.com/train:v4',
      imagePullPolicy: 'Always',
    });
    expect(container.env).toEqual(
      expect.arrayContaining([
        { name: 'NODE_OPTIONS', value: '--max-old-space-size=512' },
        { name: 'LD_LIBRARY_PATH', value: '/opt/cuda/lib' },
      ]),
    );
  });

  it('owns the payload Secret and the Service by the Job, and deleting the Job removes them', async () => {
    const { body } = await compute.post<JobStatus>('/api/v1/jobs', { payload: 'p' });
    const job = await batch.readNamespacedJob({ name: body.name, namespace: namespace() });
    const secret = await core.readNamespacedSecret({ name: `${body.name}-payload`, namespace: namespace() });
    const service = await core.readNamespacedService({ name: body.name, namespace: namespace() });
    for (const owned of [secret, service]) {
      expect(owned.metadata!.ownerReferences).toEqual([expect.objectContaining({ kind: 'Job', name: body.name, uid: job.metadata!.uid })]);
    }
    expect(service.spec).toMatchObject({
      selector: { 'job-name': body.name },
      ports: [expect.objectContaining({ name: 'http', port: 3000 })],
    });

    expect((await compute.delete(`/api/v1/jobs/${body.name}`)).status).toBe(200);
    await eventually(
      () => harness.leftoversOf(body.name),
      (left) => left.length === 0,
      'the garbage collector to remove the dependants',
    );
  });

  it('makes no Service and no Secret for a definition without ports and payload path', async () => {
    const { body } = await etl.post<JobStatus>('/api/v1/jobs', {});
    await eventually(
      () => etl.get<JobStatus>(`/api/v1/jobs/${body.name}`),
      (r) => r.body.status === 'Succeeded',
      'the etl job to succeed',
    );
    expect(await harness.leftoversOf(body.name)).toEqual([`job/${body.name}`, expect.stringMatching(`^pod/${body.name}-`)]);
  });

  it('refuses a payload for a definition without payload.path with 422', async () => {
    const reply = await etl.post('/api/v1/jobs', { payload: 'data' });
    expect([reply.status, reply.body.message]).toEqual([
      422,
      'payload: job etl takes no payload (radixconfig.yaml sets no payload.path for it)',
    ]);
  });

  it('keeps each job definition to its own jobs', async () => {
    const { body: mine } = await etl.post<JobStatus>('/api/v1/jobs', {});
    await eventually(
      () => etl.get<JobStatus[]>('/api/v1/jobs'),
      (r) => r.body.some((j) => j.name === mine.name),
      'etl to list its job',
    );
    const computeList = (await compute.get<JobStatus[]>('/api/v1/jobs')).body;
    expect(computeList.every((job) => job.name.startsWith('compute-'))).toBe(true);
    expect((await compute.get(`/api/v1/jobs/${mine.name}`)).status).toBe(404);
    expect((await compute.delete(`/api/v1/jobs/${mine.name}`)).status).toBe(404);
  });

  it('gives 50 concurrent creates 50 distinct jobs', async () => {
    const replies = await Promise.all(
      Array.from({ length: 50 }, () => compute.post<JobStatus>('/api/v1/jobs', { variables: { SIM_RUN_SECONDS: '120' } })),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(50).fill(200));
    const names = new Set(replies.map((r) => r.body.name));
    expect(names.size).toBe(50);
    const jobs = await batch.listNamespacedJob({ namespace: namespace(), labelSelector: 'radix-component=compute' });
    const inCluster = new Set(jobs.items.map((job) => job.metadata!.name!));
    expect([...names].every((name) => inCluster.has(name))).toBe(true);
  });

  it('lists every job after a restart of the scheduler', async () => {
    const before = (await compute.get<JobStatus[]>('/api/v1/jobs')).body.map((job) => job.name).sort();
    expect(before.length).toBeGreaterThan(0);
    await compute.close();
    compute = await startScheduler(harness.config({ job: { ports: [{ name: 'http', port: 3000 }] } }));
    const after = (await compute.get<JobStatus[]>('/api/v1/jobs')).body.map((job) => job.name).sort();
    expect(after).toEqual(before);
  });

  it('finds a job another replica made when asked right after its own start', async () => {
    const { body } = await etl.post<JobStatus>('/api/v1/jobs', {});
    const other = await startScheduler(harness.config({ job: { name: 'etl', payloadPath: undefined, image: 'etl:1' } }), {
      waitForReady: false,
    });
    try {
      // Usually asked before its cache has synced; kube-job.gateway.spec.ts covers that
      // cache miss deterministically.
      const reply = await other.get<JobStatus>(`/api/v1/jobs/${body.name}`);
      expect([reply.status, reply.body.name]).toEqual([200, body.name]);
    } finally {
      await other.close();
    }
  });
});

describe('job pods under the restricted Pod Security Standard', () => {
  const restricted = new KubernetesHarness('restricted');
  let sut: RunningScheduler;

  beforeAll(async () => {
    await restricted.setUp();
    const body = { metadata: { labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } };
    await core.patchNamespace({ name: restricted.namespace, body }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    sut = await startScheduler(restricted.config({ job: { ports: [{ name: 'http', port: 3000 }] } }));
  });

  afterAll(async () => {
    await sut?.close();
    await restricted.tearDown();
  });

  it('are admitted and run, as non-root without privileges, where the namespace enforces it', async () => {
    const { body } = await sut.post<JobStatus>('/api/v1/jobs', { payload: 'p' });
    const done = await eventually(
      () => sut.get<JobStatus>(`/api/v1/jobs/${body.name}`),
      (r) => r.body.status === 'Succeeded',
      `${body.name} to succeed`,
    );
    expect(done.body.status).toBe('Succeeded');
    const pod = (await batch.readNamespacedJob({ name: body.name, namespace: restricted.namespace })).spec!.template.spec!;
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  });

  it('are refused there when the job definition lets its image run as root', async () => {
    const root = await startScheduler(
      restricted.config({ job: { name: 'etl', payloadPath: undefined, image: 'etl:1', runAsNonRoot: false } }),
    );
    try {
      const { body } = await root.post<JobStatus>('/api/v1/jobs', {});
      const events = await eventually(
        async () =>
          (await core.listNamespacedEvent({ namespace: restricted.namespace, fieldSelector: `involvedObject.name=${body.name}` })).items,
        (items) => items.some((e) => e.reason === 'FailedCreate'),
        'the Job controller to report the refused pod',
      );
      expect(events.find((e) => e.reason === 'FailedCreate')!.message).toMatch(/violates PodSecurity "restricted/);
    } finally {
      await root.close();
    }
  });
});

describe("Radix's job fields on the Job the API server keeps", () => {
  const fields = new KubernetesHarness('fields');
  let sut: RunningScheduler;

  beforeAll(async () => {
    await fields.setUp();
    const secret = { metadata: { name: 'train-secrets' }, stringData: { STORAGE_KEY: 'from-secret' } };
    await core.createNamespacedSecret({ namespace: fields.namespace, body: secret });
    const config = fields.config({
      job: {
        name: 'train',
        payloadPath: undefined,
        image: 'train:1',
        secrets: ['STORAGE_KEY'],
        runAsUser: 1000,
        readOnlyFileSystem: true,
        runtime: { architecture: 'arm64' },
        failurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] },
        emptyDirs: [{ name: 'scratch', path: '/scratch', sizeLimit: '1Gi' }],
      },
    });
    sut = await startScheduler({ ...config, placement: { nodeTypeKey: 'radix-nodetype', jobNodePoolKey: 'nodepooltasks' } });
  });

  afterAll(async () => {
    await sut?.close();
    await fields.tearDown();
  });

  const jobOf = (name: string) => batch.readNamespacedJob({ name, namespace: fields.namespace });

  it("keeps the request's runAsUser, safeToRestart, failurePolicy and variable over the definition's, and the pods run", async () => {
    const { status, body } = await sut.post<JobStatus>('/api/v1/jobs', {
      runAsUser: 2000,
      safeToRestart: true,
      failurePolicy: { rules: [{ action: 'Ignore', onExitCodes: { operator: 'NotIn', values: [3, 1, 3] } }] },
      variables: { STORAGE_KEY: 'from-request' },
    });
    expect(status).toBe(200);
    const job = await jobOf(body.name);
    const template = job.spec!.template;
    const container = template.spec!.containers[0];
    expect(template.metadata!.annotations).toEqual({ 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'true' });
    expect(job.spec!.podFailurePolicy).toEqual({
      rules: [{ action: 'Ignore', onExitCodes: { containerName: 'train', operator: 'NotIn', values: [1, 3] } }],
    });
    expect(container.securityContext).toMatchObject({ runAsUser: 2000, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(template.spec!.securityContext!.runAsNonRoot).toBe(true);
    expect(container.env!.filter((e) => e.name === 'STORAGE_KEY')).toEqual([{ name: 'STORAGE_KEY', value: 'from-request' }]);
    expect(container.env).toContainEqual({ name: 'RADIX_VOLUME_MOUNT_SCRATCH', value: '/scratch' });
    expect(template.spec!.volumes).toEqual([{ name: 'emptydir-scratch', emptyDir: { sizeLimit: '1Gi' } }]);
    expect(container.volumeMounts).toEqual([{ name: 'emptydir-scratch', mountPath: '/scratch' }]);
    expect(template.spec!.affinity!.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution!.nodeSelectorTerms).toEqual([
      {
        matchExpressions: [
          { key: 'nodepooltasks', operator: 'Exists' },
          { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
          { key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] },
        ],
      },
    ]);
    expect(template.spec!.tolerations).toEqual([{ key: 'nodepooltasks', operator: 'Exists', effect: 'NoSchedule' }]);
    const done = await eventually(
      () => sut.get<JobStatus>(`/api/v1/jobs/${body.name}`),
      (r) => r.body.status === 'Succeeded',
      `${body.name} to succeed`,
    );
    expect(done.body.status).toBe('Succeeded');
  });

  it("keeps the definition's fields where the request sets none, and a request's node type as Radix places it", async () => {
    const { body } = await sut.post<JobStatus>('/api/v1/jobs', { runtime: { nodeType: 'memory-optimized-2-v1' } });
    const job = await jobOf(body.name);
    const pod = job.spec!.template.spec!;
    expect(job.spec!.template.metadata!.annotations).toEqual({ 'cluster-autoscaler.kubernetes.io/safe-to-evict': 'false' });
    expect(job.spec!.podFailurePolicy!.rules).toEqual([
      { action: 'FailJob', onExitCodes: { containerName: 'train', operator: 'In', values: [42] } },
    ]);
    expect(pod.containers[0].securityContext!.runAsUser).toBe(1000);
    expect(pod.containers[0].env!.find((e) => e.name === 'STORAGE_KEY')!.valueFrom!.secretKeyRef).toMatchObject({
      name: 'train-secrets',
      key: 'STORAGE_KEY',
    });
    expect(pod.affinity!.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution!.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'radix-nodetype', operator: 'In', values: ['memory-optimized-2-v1'] }] },
    ]);
    expect(pod.tolerations).toEqual([{ key: 'radix-nodetype', operator: 'Equal', value: 'memory-optimized-2-v1', effect: 'NoSchedule' }]);
  });
});
