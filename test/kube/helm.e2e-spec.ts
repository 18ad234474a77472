import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type ApiException,
  CoordinationV1Api,
  type KubernetesObject,
  KubernetesObjectApi,
  type V1ConfigMap,
  type V1Deployment,
  type V1Pod,
} from '@kubernetes/client-node';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { chartAccountKubeconfig, type ChartValues, lintChart, ofKind, renderChart } from '../support/helm.js';
import { admin, createNamespace, deleteNamespace, eventually } from '../support/kube-admin.js';
import { freePort, SchedulerProcess } from '../support/process.js';
import { requestJson } from '../support/scheduler.js';

const SEVERAL = { replicas: 2, 'webhooks.fromJobs': true, 'webhooks.secretName': 'compute-webhook', 'apiToken.secretName': 'compute-api' };

/** A Pod as the Deployment's template makes it: what Pod Security admission judges. */
function podOf(objects: KubernetesObject[], namespace: string): V1Pod {
  const [deployment] = ofKind<V1Deployment>(objects, 'Deployment');
  const template = deployment.spec!.template;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { ...template.metadata, name: 'compute-scheduler-probe', namespace },
    spec: template.spec,
  };
}

describe('the Helm chart', () => {
  let namespace = '';
  const api = () => KubernetesObjectApi.makeApiClient(admin().config);
  const dryRun = (object: KubernetesObject) => api().create({ ...object, metadata: { ...object.metadata, namespace } }, undefined, 'All');
  let kubeconfig: string;

  beforeAll(async () => {
    const labels = { 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest' };
    namespace = await createNamespace('helm-restricted', labels);
    kubeconfig = await chartAccountKubeconfig(namespace);
  });

  afterAll(() => deleteNamespace(namespace));

  it.each([
    { name: 'default values', values: {} },
    { name: 'two replicas, webhooks reaching it from jobs, secrets for token and signature', values: SEVERAL },
  ])('passes helm lint --strict with $name', ({ values }) => {
    const run = lintChart(values);
    expect(run.output).toContain('1 chart(s) linted, 0 chart(s) failed');
    expect(run.status).toBe(0);
  });

  it.each<{ values: ChartValues; named: string }>([
    { values: { replicas: 0 }, named: 'replicas' },
    { values: { port: 70000 }, named: 'port' },
    { values: { logLevel: 'loud' }, named: 'logLevel' },
    { values: { job: 'Not_A_Label' }, named: 'job' },
  ])('fails helm lint on a bad value: $named', ({ values, named }) => {
    const run = lintChart(values);
    expect(run.status).not.toBe(0);
    expect(run.output).toContain(named);
  });

  it('renders what deploy/ ships by hand, the Service named after the job on port 8000', () => {
    const objects = renderChart(namespace, { replicas: 2 });
    expect(objects.map((o) => `${o.kind}/${o.metadata!.name}`).sort()).toEqual([
      'ConfigMap/compute-scheduler',
      'Deployment/compute-scheduler',
      'NetworkPolicy/compute-scheduler',
      'PodDisruptionBudget/compute-scheduler',
      'Role/compute-scheduler',
      'RoleBinding/compute-scheduler',
      'Service/compute',
      'ServiceAccount/compute-scheduler',
    ]);
    const [service] = ofKind(objects, 'Service');
    expect(service).toMatchObject({ spec: { ports: [{ name: 'http', port: 8000, targetPort: 'http' }] } });
    const pod = ofKind<V1Deployment>(objects, 'Deployment')[0].spec!.template.spec!;
    const [container] = pod.containers;
    expect([container.readinessProbe?.httpGet?.path, container.livenessProbe?.httpGet?.path]).toEqual(['/health/ready', '/health/live']);
    expect(container.resources?.requests).toBeDefined();
    // The restricted standard does not ask for a read-only root filesystem; the chart does, with /tmp writable.
    expect(container.securityContext?.readOnlyRootFilesystem).toBe(true);
    const tmp = container.volumeMounts!.find((mount) => mount.mountPath === '/tmp')!;
    expect(pod.volumes!.find((volume) => volume.name === tmp.name)?.emptyDir).toBeDefined();
    expect(renderChart(namespace).map((o) => o.kind)).not.toContain('PodDisruptionBudget');
  });

  it("keeps the scheduler's own jobs out of its API unless webhooks.fromJobs lets them in", () => {
    // Parsed YAML, not client-node's model: the field is `from`.
    const sources = (values: ChartValues) => ofKind(renderChart(namespace, values), 'NetworkPolicy')[0].spec.ingress[0].from;
    expect(sources({})).toEqual([
      { podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/managed-by', operator: 'NotIn', values: ['job-scheduler'] }] } },
    ]);
    expect(sources({ 'webhooks.fromJobs': true })).toEqual([{ podSelector: {} }]);
  });

  it('takes the API token and the webhook secret from Secrets, never as values', () => {
    const [deployment] = ofKind<V1Deployment>(renderChart(namespace, SEVERAL), 'Deployment');
    const env = deployment.spec!.template.spec!.containers[0].env!;
    expect(env.find((e) => e.name === 'JOB_SCHEDULER_API_TOKEN')).toEqual({
      name: 'JOB_SCHEDULER_API_TOKEN',
      valueFrom: { secretKeyRef: { name: 'compute-api', key: 'token' } },
    });
    expect(env.find((e) => e.name === 'JOB_SCHEDULER_WEBHOOK_SECRET')).toEqual({
      name: 'JOB_SCHEDULER_WEBHOOK_SECRET',
      valueFrom: { secretKeyRef: { name: 'compute-webhook', key: 'secret' } },
    });
  });

  it('is admitted by the API server into a namespace that enforces the restricted standard (server-side dry run)', async () => {
    const objects = renderChart(namespace, SEVERAL).filter((o) => !['ServiceAccount', 'Role', 'RoleBinding'].includes(o.kind!));
    for (const object of objects) expect((await dryRun(object)).metadata?.name).toBe(object.metadata?.name);
    const admitted = await dryRun(podOf(objects, namespace));
    expect(admitted.metadata?.name).toBe('compute-scheduler-probe');
  });

  it.each<{ name: string; values: ChartValues; rule: string }>([
    { name: 'root allowed', values: { 'podSecurityContext.runAsNonRoot': false }, rule: 'runAsNonRoot != true' },
    {
      name: 'privilege escalation allowed',
      values: { 'containerSecurityContext.allowPrivilegeEscalation': true },
      rule: 'allowPrivilegeEscalation != false',
    },
    { name: 'no seccomp profile', values: { 'podSecurityContext.seccompProfile': null }, rule: 'seccompProfile' },
    { name: 'capabilities kept', values: { 'containerSecurityContext.capabilities': null }, rule: 'unrestricted capabilities' },
  ])('has its pod refused there when it is weakened: $name', async ({ values, rule }) => {
    const pod = podOf(renderChart(namespace, values), namespace);
    const refusal = (await dryRun(pod).catch((error: ApiException<string>) => error)) as ApiException<string>;
    expect(refusal.code).toBe(403);
    const { message } = JSON.parse(refusal.body) as { message: string };
    expect(message).toContain('violates PodSecurity "restricted:latest"');
    expect(message).toContain(rule);
  });

  it('runs the scheduler as the chart configures it, with its ServiceAccount token: ready, leading, running a job', async () => {
    const objects = renderChart(namespace);
    const [configMap] = ofKind<V1ConfigMap>(objects, 'ConfigMap');
    const configFile = join(mkdtempSync(join(tmpdir(), 'chart-config-')), 'radixconfig.yaml');
    writeFileSync(configFile, configMap.data!['radixconfig.yaml']);
    const env = Object.fromEntries(
      ofKind<V1Deployment>(objects, 'Deployment')[0].spec!.template.spec!.containers[0].env!.map((e) => [e.name, e.value!]),
    );
    expect(env).toMatchObject({
      RADIX_CONFIG_FILE: '/config/radixconfig.yaml',
      RADIX_COMPONENT: 'compute',
      JOB_SCHEDULER_RUNTIME: 'kubernetes',
      JOB_SCHEDULER_PORT: '8000',
    });
    // Outside a pod: the ConfigMap's file where it is, the account's token from a kubeconfig, a free port.
    const port = await freePort();
    const sut = SchedulerProcess.start([], {
      ...env,
      RADIX_CONFIG_FILE: configFile,
      KUBECONFIG: kubeconfig,
      JOB_SCHEDULER_PORT: String(port),
    });
    try {
      const url = `http://127.0.0.1:${port}`;
      await sut.ready(url);
      const created = await requestJson<JobStatus>(url, 'POST', '/api/v1/jobs', { payload: '{"x": 1, "y": 2}' });
      expect(created.status).toBe(200);
      await eventually(
        () => requestJson<JobStatus>(url, 'GET', `/api/v1/jobs/${created.body.name}`),
        (r) => r.body.status === 'Succeeded',
        'the job to succeed',
      );
      const leases = await eventually(
        () => admin().config.makeApiClient(CoordinationV1Api).listNamespacedLease({ namespace }),
        (l) => l.items.length === 1,
        'a Lease',
      );
      expect(leases.items[0].spec?.holderIdentity).toBeTruthy();
    } finally {
      await sut.stop();
    }
  });
});
