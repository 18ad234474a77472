import { describe, expect, it } from '@jest/globals';
import type { V1Job } from '@kubernetes/client-node';
import { aSchedulerConfig } from '../../test/fakes/scheduler-config.fixture.js';
import { DEFAULT_PLACEMENT } from '../config/node-placement.config.js';
import { buildJobSpec } from '../jobs/job-spec.js';
import type { JobSpec } from '../jobs/job.model.js';
import { jobManifest, jobService, type ManifestContext, payloadSecret } from './job-manifest.js';

const ctx: ManifestContext = {
  namespace: 'demo-dev',
  container: 'compute',
  labels: { 'radix-app': 'demo', 'radix-component': 'compute' },
  payloadPath: '/compute/args',
  ports: [{ name: 'http', port: 3000 }],
  placement: DEFAULT_PLACEMENT,
};

function aSpec(overrides: Partial<JobSpec> = {}): JobSpec {
  return {
    name: 'compute-20260101000000-abcdefgh',
    payload: Buffer.from('{"x": 10}'),
    image: 'compute:1',
    env: { RADIX_JOB_NAME: 'compute-20260101000000-abcdefgh' },
    description: {},
    secrets: [],
    secretRefs: [],
    resources: { requests: {}, limits: {} },
    emptyDirs: [],
    backoffLimit: 0,
    ...overrides,
  };
}

const created = (job: V1Job): V1Job => ({ ...job, metadata: { ...job.metadata, uid: 'uid-1' } });

describe('jobManifest', () => {
  it('starts suspended, never restarts, and runs one container named after the definition', () => {
    const sut = jobManifest(aSpec({ timeLimitSeconds: 60, backoffLimit: 2 }), ctx);
    expect(sut.spec).toMatchObject({ suspend: true, backoffLimit: 2, activeDeadlineSeconds: 60 });
    expect(sut.spec!.template.spec).toMatchObject({ restartPolicy: 'Never', automountServiceAccountToken: false });
    expect(sut.spec!.template.spec!.containers.map((c) => c.name)).toEqual(['compute']);
  });

  it('runs the container as non-root, without privileges or capabilities, under seccomp, unless the definition allows root', () => {
    const pod = jobManifest(aSpec(), ctx).spec!.template.spec!;
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ['ALL'] },
    });
    const root = jobManifest(aSpec(), { ...ctx, runAsNonRoot: false }).spec!.template.spec!;
    expect([root.securityContext!.runAsNonRoot, root.containers[0].securityContext!.allowPrivilegeEscalation]).toEqual([false, false]);
  });

  it('mounts the payload Secret read-only and names the file in RADIX_JOB_PAYLOAD_FILE', () => {
    const pod = jobManifest(aSpec(), ctx).spec!.template.spec!;
    expect(pod.volumes).toEqual([{ name: 'payload', secret: { secretName: 'compute-20260101000000-abcdefgh-payload' } }]);
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'payload', mountPath: '/compute/args', readOnly: true }]);
    expect(pod.containers[0].env).toContainEqual({ name: 'RADIX_JOB_PAYLOAD_FILE', value: '/compute/args/payload' });
  });

  it('has no payload volume for a definition without payload.path', () => {
    const pod = jobManifest(aSpec({ payload: undefined }), { ...ctx, payloadPath: undefined }).spec!.template.spec!;
    expect(pod.volumes).toBeUndefined();
    expect(pod.containers[0].env!.map((e) => e.name)).not.toContain('RADIX_JOB_PAYLOAD_FILE');
  });

  it('labels the Job and its pods, adding radix-job-id when given', () => {
    const sut = jobManifest(aSpec({ jobId: 'order-1' }), ctx);
    const expected = { ...ctx.labels, 'radix-job-id': 'order-1' };
    expect(sut.metadata!.labels).toEqual(expected);
    expect(sut.spec!.template.metadata!.labels).toEqual(expected);
  });

  it('turns a failure policy into a pod failure policy on the job container', () => {
    const failurePolicy = { rules: [{ action: 'FailJob' as const, onExitCodes: { operator: 'In' as const, values: [42] } }] };
    const sut = jobManifest(aSpec({ failurePolicy }), ctx);
    expect(sut.spec!.podFailurePolicy).toEqual({
      rules: [{ action: 'FailJob', onExitCodes: { containerName: 'compute', operator: 'In', values: [42] } }],
    });
  });

  it('sorts and deduplicates exit codes, as the API server requires, and makes no policy of no rules', () => {
    const failurePolicy = { rules: [{ action: 'Ignore' as const, onExitCodes: { operator: 'NotIn' as const, values: [7, 0, 3, 7] } }] };
    const sut = jobManifest(aSpec({ failurePolicy }), ctx);
    expect(sut.spec!.podFailurePolicy!.rules[0].onExitCodes!.values).toEqual([0, 3, 7]);
    expect(jobManifest(aSpec({ failurePolicy: { rules: [] } }), ctx).spec!.podFailurePolicy).toBeUndefined();
  });

  it('places GPU jobs on GPU nodes and tolerates their taint', () => {
    const pod = jobManifest(aSpec({ node: { gpu: 'v100, -k80', gpuCount: '2' } }), ctx).spec!.template.spec!;
    expect(pod.affinity!.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution!.nodeSelectorTerms[0].matchExpressions).toEqual([
      { key: 'radix-node-gpu', operator: 'In', values: ['v100'] },
      { key: 'radix-node-gpu', operator: 'NotIn', values: ['k80'] },
      { key: 'radix-node-gpu-count', operator: 'Gt', values: ['1'] },
    ]);
    expect(pod.tolerations).toContainEqual({ key: 'radix-node-gpu-count', operator: 'Exists', effect: 'NoSchedule' });
  });
});

describe('job fields on the pod', () => {
  const pod = (overrides: Partial<JobSpec>, context: ManifestContext = ctx) => jobManifest(aSpec(overrides), context).spec!.template;
  const evict = (overrides: Partial<JobSpec>) => pod(overrides).metadata!.annotations!['cluster-autoscaler.kubernetes.io/safe-to-evict'];
  const terms = (overrides: Partial<JobSpec>, context?: ManifestContext) =>
    pod(overrides, context).spec!.affinity!.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution!.nodeSelectorTerms;

  const safeToRestart: { name: string; spec: Partial<JobSpec>; annotation: string }[] = [
    { name: 'safeToRestart true', spec: { safeToRestart: true, timeLimitSeconds: 60 }, annotation: 'true' },
    { name: 'safeToRestart false', spec: { safeToRestart: false, timeLimitSeconds: 999_999 }, annotation: 'false' },
    { name: 'a time limit of 3 days', spec: { timeLimitSeconds: 259_200 }, annotation: 'true' },
    { name: 'a time limit a second short of 3 days', spec: { timeLimitSeconds: 259_199 }, annotation: 'false' },
    { name: "no time limit (Radix's default of 12 hours)", spec: {}, annotation: 'false' },
  ];

  it.each(safeToRestart)('tells the cluster autoscaler whether it may evict the pod: $annotation for $name', ({ spec, annotation }) => {
    expect(evict(spec)).toBe(annotation);
  });

  it('annotates the pod template, not the Job', () => {
    const sut = jobManifest(aSpec({ safeToRestart: true }), ctx);
    expect(Object.keys(sut.metadata!.annotations!)).not.toContain('cluster-autoscaler.kubernetes.io/safe-to-evict');
  });

  it('runs the container as runAsUser with a read-only root filesystem when asked, still as non-root', () => {
    const sut = pod({ runAsUser: 1000, readOnlyFileSystem: true }).spec!;
    expect(sut.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ['ALL'] },
      runAsUser: 1000,
      readOnlyRootFilesystem: true,
    });
    expect(sut.securityContext!.runAsNonRoot).toBe(true);
    expect(pod({ readOnlyFileSystem: false }).spec!.containers[0].securityContext!.readOnlyRootFilesystem).toBe(false);
  });

  it('places a node type on nodes of its label and tolerates their taint, under the configured key, whatever the architecture', () => {
    const context = { ...ctx, placement: { nodeTypeKey: 'example.com/node-type', jobNodePoolKey: 'nodepooltasks' } };
    const sut = pod({ runtime: { nodeType: 'gpu-nvidia-1-v1', architecture: 'arm64' } }, context).spec!;
    expect(terms({ runtime: { nodeType: 'gpu-nvidia-1-v1', architecture: 'arm64' } }, context)).toEqual([
      { matchExpressions: [{ key: 'example.com/node-type', operator: 'In', values: ['gpu-nvidia-1-v1'] }] },
    ]);
    expect(sut.tolerations).toEqual([{ key: 'example.com/node-type', operator: 'Equal', value: 'gpu-nvidia-1-v1', effect: 'NoSchedule' }]);
    expect(sut.nodeSelector).toBeUndefined();
  });

  it('places other jobs on Linux nodes of their architecture, tolerating nothing, by default', () => {
    expect(terms({ runtime: { architecture: 'arm64' } })).toEqual([
      {
        matchExpressions: [
          { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
          { key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] },
        ],
      },
    ]);
    expect(terms({})).toEqual([{ matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] }]);
    expect(pod({}).spec!.tolerations).toBeUndefined();
  });

  it("places them in Radix's job node pool, on its default architecture, when the settings say so", () => {
    const context = {
      ...ctx,
      placement: { nodeTypeKey: 'radix-nodetype', jobNodePoolKey: 'nodepooltasks', defaultArchitecture: 'amd64' as const },
    };
    expect(terms({}, context)).toEqual([
      {
        matchExpressions: [
          { key: 'nodepooltasks', operator: 'Exists' },
          { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
          { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
        ],
      },
    ]);
    expect(pod({}, context).spec!.tolerations).toEqual([{ key: 'nodepooltasks', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(terms({ runtime: { architecture: 'arm64' } }, context)[0].matchExpressions![2].values).toEqual(['arm64']);
  });

  it('mounts each emptyDir at its path with its size limit, and names the path in its variable', () => {
    const emptyDirs = [{ name: 'scratch-data', path: '/scratch', sizeLimit: '1Gi' }];
    const sut = pod({ emptyDirs }).spec!;
    expect(sut.volumes).toEqual([
      { name: 'payload', secret: { secretName: 'compute-20260101000000-abcdefgh-payload' } },
      { name: 'emptydir-scratch-data', emptyDir: { sizeLimit: '1Gi' } },
    ]);
    expect(sut.containers[0].volumeMounts).toEqual([
      { name: 'payload', mountPath: '/compute/args', readOnly: true },
      { name: 'emptydir-scratch-data', mountPath: '/scratch' },
    ]);
    expect(sut.containers[0].env).toContainEqual({ name: 'RADIX_VOLUME_MOUNT_SCRATCH_DATA', value: '/scratch' });
    expect(pod({ emptyDirs, payload: undefined }, { ...ctx, payloadPath: undefined }).spec!.volumes).toHaveLength(1);
  });
});

describe('the job definition and the request, on the pod', () => {
  const config = aSchedulerConfig({
    runtime: 'kubernetes',
    job: {
      secrets: ['STORAGE_KEY', 'DB_PASSWORD'],
      failurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [42] } }] },
    },
  });
  const manifestOf = (request: object) =>
    jobManifest(buildJobSpec(config, request, { name: 'compute-20260101000000-abcdefgh', payload: undefined }), ctx);

  it("takes the request's failure policy over the definition's, and the definition's without one", () => {
    const own = { rules: [{ action: 'Ignore' as const, onExitCodes: { operator: 'In' as const, values: [3] } }] };
    expect(manifestOf({ failurePolicy: own }).spec!.podFailurePolicy!.rules).toEqual([
      { action: 'Ignore', onExitCodes: { containerName: 'compute', operator: 'In', values: [3] } },
    ]);
    expect(manifestOf({}).spec!.podFailurePolicy!.rules[0].action).toBe('FailJob');
  });

  it("sets a secret's variable from the request's value, with no secretKeyRef left, and keeps the other secrets", () => {
    const env = manifestOf({ variables: { STORAGE_KEY: 'from-request' } }).spec!.template.spec!.containers[0].env!;
    expect(env.filter((e) => e.name === 'STORAGE_KEY')).toEqual([{ name: 'STORAGE_KEY', value: 'from-request' }]);
    expect(env.find((e) => e.name === 'DB_PASSWORD')!.valueFrom!.secretKeyRef).toMatchObject({
      name: 'compute-secrets',
      key: 'DB_PASSWORD',
    });
  });
});

describe('dependants', () => {
  it('keeps the payload bytes in an immutable Secret owned by the Job', () => {
    const bytes = Buffer.from('  ünïcode\n\t ');
    const sut = payloadSecret(created(jobManifest(aSpec(), ctx)), bytes);
    expect(Buffer.from(sut.data!.payload, 'base64')).toEqual(bytes);
    expect(sut.immutable).toBe(true);
    expect(sut.metadata!.ownerReferences).toEqual([
      { apiVersion: 'batch/v1', kind: 'Job', name: 'compute-20260101000000-abcdefgh', uid: 'uid-1', controller: true },
    ]);
  });

  it('gives the job a Service named after it that selects its pods', () => {
    const sut = jobService(created(jobManifest(aSpec(), ctx)), ctx.ports);
    expect(sut.metadata!.name).toBe('compute-20260101000000-abcdefgh');
    expect(sut.spec).toMatchObject({
      selector: { 'job-name': 'compute-20260101000000-abcdefgh' },
      ports: [{ name: 'http', port: 3000, targetPort: 3000 }],
    });
    expect(sut.metadata!.ownerReferences![0].uid).toBe('uid-1');
  });
});
