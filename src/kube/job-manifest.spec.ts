import { describe, expect, it } from '@jest/globals';
import type { V1Job } from '@kubernetes/client-node';
import type { JobSpec } from '../jobs/job.model.js';
import { jobManifest, jobService, type ManifestContext, payloadSecret } from './job-manifest.js';

const ctx: ManifestContext = {
  namespace: 'demo-dev',
  container: 'compute',
  labels: { 'radix-app': 'demo', 'radix-component': 'compute' },
  payloadPath: '/compute/args',
  ports: [{ name: 'http', port: 3000 }],
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
