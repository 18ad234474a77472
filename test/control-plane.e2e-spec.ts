import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiException, type V1Job } from '@kubernetes/client-node';
import { BatchV1Api, KubeConfig } from '@kubernetes/client-node';
import { admin, createNamespace, deleteNamespace, eventually, serviceAccountKubeconfig } from './support/kube-admin.js';

/**
 * The test control plane itself: a real kube-apiserver and Job controller, with the
 * simulated kubelet playing pods as their SIM_* variables say.
 */
describe('the test control plane', () => {
  const { batch, core } = admin();
  let namespace: string;

  beforeAll(async () => {
    namespace = await createNamespace('control-plane');
  });

  afterAll(() => deleteNamespace(namespace));

  const aJob = (name: string, env: Record<string, string>, spec: Partial<V1Job['spec']> = {}): V1Job => ({
    metadata: { name },
    spec: {
      backoffLimit: 0,
      ...spec,
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'main', image: 'busybox', env: Object.entries(env).map(([n, value]) => ({ name: n, value })) }],
        },
      },
    },
  });

  const condition = (job: V1Job, type: string) => job.status?.conditions?.find((c) => c.type === type && c.status === 'True');
  const readJob = (name: string) => batch.readNamespacedJob({ name, namespace });
  const podsOf = async (name: string) => (await core.listNamespacedPod({ namespace, labelSelector: `job-name=${name}` })).items;

  it('completes a Job whose container exits 0', async () => {
    await batch.createNamespacedJob({ namespace, body: aJob('exits-0', { SIM_RUN_SECONDS: '0.5' }) });
    const job = await eventually(
      () => readJob('exits-0'),
      (j) => condition(j, 'Complete') !== undefined,
      'Complete',
    );
    expect(job.status?.succeeded).toBe(1);
  });

  it('fails a Job whose container exits 3, and its pod shows exit code 3', async () => {
    await batch.createNamespacedJob({ namespace, body: aJob('exits-3', { SIM_RUN_SECONDS: '0.5', SIM_EXIT_CODE: '3' }) });
    await eventually(
      () => readJob('exits-3'),
      (j) => condition(j, 'Failed') !== undefined,
      'Failed',
    );
    const [pod] = await podsOf('exits-3');
    expect(pod.status?.phase).toBe('Failed');
    expect(pod.status?.containerStatuses?.[0].state?.terminated?.exitCode).toBe(3);
  });

  it('fails a Job past activeDeadlineSeconds with reason DeadlineExceeded', async () => {
    await batch.createNamespacedJob({ namespace, body: aJob('deadline', { SIM_RUN_SECONDS: '60' }, { activeDeadlineSeconds: 2 }) });
    const job = await eventually(
      () => readJob('deadline'),
      (j) => condition(j, 'Failed') !== undefined,
      'Failed',
    );
    expect(condition(job, 'Failed')?.reason).toBe('DeadlineExceeded');
  });

  it('removes the pod of a suspended Job and keeps the Job', async () => {
    await batch.createNamespacedJob({ namespace, body: aJob('suspend', { SIM_RUN_SECONDS: '60' }) });
    await eventually(
      () => podsOf('suspend'),
      (pods) => pods.some((p) => p.status?.phase === 'Running'),
      'a running pod',
    );
    await batch.patchNamespacedJob({ name: 'suspend', namespace, body: [{ op: 'replace', path: '/spec/suspend', value: true }] });
    await eventually(
      () => podsOf('suspend'),
      (pods) => pods.length === 0,
      'the pod to go',
    );
    const job = await readJob('suspend');
    expect(condition(job, 'Suspended')).toBeDefined();
  });

  it("deletes a Job's pods and owned Secret on a background delete", async () => {
    const created = await batch.createNamespacedJob({ namespace, body: aJob('deleted', { SIM_RUN_SECONDS: '60' }) });
    await core.createNamespacedSecret({
      namespace,
      body: {
        metadata: {
          name: 'deleted-payload',
          ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'deleted', uid: created.metadata!.uid! }],
        },
        stringData: { payload: 'x' },
      },
    });
    await eventually(
      () => podsOf('deleted'),
      (pods) => pods.length === 1,
      'a pod',
    );
    await batch.deleteNamespacedJob({ name: 'deleted', namespace, propagationPolicy: 'Background' });
    await eventually(
      () => podsOf('deleted'),
      (pods) => pods.length === 0,
      'the pods to go',
    );
    await eventually(
      () =>
        core.readNamespacedSecret({ name: 'deleted-payload', namespace }).then(
          () => 200,
          (e: ApiException<unknown>) => e.code,
        ),
      (code) => code === 404,
      'the garbage collector to delete the owned Secret',
    );
  });

  it('refuses a service account without a Role (403) and serves one bound to a Role allowing jobs', async () => {
    const client = (kubeconfig: string) => {
      const config = new KubeConfig();
      config.loadFromFile(kubeconfig);
      return config.makeApiClient(BatchV1Api);
    };
    const without = client(await serviceAccountKubeconfig(namespace, 'no-role', []));
    await expect(without.listNamespacedJob({ namespace })).rejects.toMatchObject({ code: 403 });
    const allowed = client(
      await serviceAccountKubeconfig(namespace, 'job-reader', [{ apiGroups: ['batch'], resources: ['jobs'], verbs: ['list'] }]),
    );
    await expect(allowed.listNamespacedJob({ namespace })).resolves.toMatchObject({ items: expect.any(Array) });
  });

  it('serves the simulated container log through the API server', async () => {
    await batch.createNamespacedJob({ namespace, body: aJob('logs', { SIM_RUN_SECONDS: '0.2', SIM_LOG: 'hello from the simulator\n' }) });
    await eventually(
      () => readJob('logs'),
      (j) => condition(j, 'Complete') !== undefined,
      'Complete',
    );
    const [pod] = await podsOf('logs');
    const log = await core.readNamespacedPodLog({ name: pod.metadata!.name!, namespace });
    expect(log).toBe('hello from the simulator\n');
  });
});
