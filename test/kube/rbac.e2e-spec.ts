import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { JobStatus } from '../../src/jobs/dto/job-status.dto.js';
import { ofKind, renderChart } from '../support/helm.js';
import { eventually, type PolicyRule, serviceAccountKubeconfig } from '../support/kube-admin.js';
import { KubernetesHarness } from '../support/runtimes.js';
import { type RunningScheduler, startScheduler } from '../support/scheduler.js';

const harness = new KubernetesHarness('rbac');

/**
 * The rules of the Role that the Helm chart renders: the one source of truth. deploy/rbac.yaml,
 * for those who apply plain manifests, must hold the same rules (tested below).
 */
function shippedRoleRules(): PolicyRule[] {
  return ofKind(renderChart(harness.namespace), 'Role')[0].rules;
}

describe('the scheduler under a namespaced Role', () => {
  const started: RunningScheduler[] = [];

  const schedulerWith = async (account: string, rules: PolicyRule[]) => {
    const kubeconfig = await serviceAccountKubeconfig(harness.namespace, account, rules);
    const sut = await startScheduler(
      harness.config({
        job: { ports: [{ name: 'http', port: 3000 }] },
        kubernetes: { kubeconfig, inCluster: false, namespace: harness.namespace },
      }),
    );
    started.push(sut);
    return sut;
  };

  beforeAll(() => harness.setUp());

  afterAll(async () => {
    await Promise.all(started.map((sut) => sut.close()));
    await harness.tearDown();
  });

  it("ships the chart's Role in deploy/rbac.yaml too", () => {
    const documents = parseAllDocuments(readFileSync('deploy/rbac.yaml', 'utf8')).map((d) => d.toJS());
    expect(documents.find((d) => d.kind === 'Role').rules).toEqual(shippedRoleRules());
  });

  it('does all its work with the Role that the Helm chart ships', async () => {
    const sut = await schedulerWith('shipped-role', shippedRoleRules());
    const { status, body } = await sut.post<JobStatus>('/api/v1/jobs', { payload: 'x', variables: { SIM_RUN_SECONDS: '30' } });
    expect(status).toBe(200);
    await eventually(
      () => sut.get<JobStatus>(`/api/v1/jobs/${body.name}`),
      (r) => r.body.status === 'Running',
      'running',
    );
    // A running pod's log goes through pods/log.
    expect((await fetch(`${sut.url}/api/v1/jobs/${body.name}/logs`)).status).toBe(200);
    expect((await sut.post(`/api/v1/jobs/${body.name}/stop`)).status).toBe(200);
    expect(await (await fetch(`${sut.url}/api/v1/jobs/${body.name}/payload`)).text()).toBe('x');
    const copy = await sut.post<JobStatus>(`/api/v1/jobs/${body.name}/copy`);
    expect(copy.status).toBe(200);
    expect((await sut.post(`/api/v1/jobs/${body.name}/restart`)).status).toBe(200);
    const batch = await sut.post<{ name: string }>('/api/v1/batches', { jobScheduleDescriptions: [{ payload: 'a' }, { payload: 'b' }] });
    expect(batch.status).toBe(200);
    expect((await sut.delete(`/api/v1/batches/${batch.body.name}`)).status).toBe(200);
    for (const name of [body.name, copy.body.name]) {
      expect((await sut.delete(`/api/v1/jobs/${name}`)).status).toBe(200);
      await eventually(
        () => harness.leftoversOf(name),
        (left) => left.length === 0,
        'the job and its dependants to go',
      );
    }
  });

  it('removes a half-created job when a later step is refused, and reports a server error', async () => {
    const withoutServices = shippedRoleRules()
      .map((rule) => ({ ...rule, resources: rule.resources.filter((r) => r !== 'services') }))
      .filter((rule) => rule.resources.length > 0);
    const sut = await schedulerWith('no-services', withoutServices);
    const reply = await sut.post('/api/v1/jobs', { payload: 'x' });
    expect(reply.status).toBe(500);
    expect(reply.body).toEqual({ status: 'Failure', reason: 'InternalError', code: 500, message: 'internal error; see the scheduler log' });
    await eventually(
      () => harness.leftoversOf('compute-'),
      (left) => left.length === 0,
      'no half-created job or Secret to be left',
    );
  });
});
