import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type KubernetesObject, KubernetesObjectApi } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { parseRadixConfig } from '../../src/config/radixconfig.config.js';
import { admin } from '../support/kube-admin.js';
import { KubernetesHarness } from '../support/runtimes.js';

const harness = new KubernetesHarness('deploy');
const manifests = ['deploy/rbac.yaml', 'deploy/scheduler.yaml'].flatMap((file) =>
  parseAllDocuments(readFileSync(file, 'utf8')).map((document) => ({ file, object: document.toJS() as KubernetesObject })),
);

describe('the deploy manifests', () => {
  beforeAll(() => harness.setUp());
  afterAll(() => harness.tearDown());

  it.each(manifests.map((m) => ({ ...m, name: `${m.object.kind}/${m.object.metadata?.name}` })))(
    '$file: the API server accepts $name (server-side dry run)',
    async ({ object }) => {
      const api = KubernetesObjectApi.makeApiClient(admin().config);
      const created = await api.create({ ...object, metadata: { ...object.metadata, namespace: harness.namespace } }, undefined, 'All');
      expect(created.metadata?.name).toBe(object.metadata?.name);
    },
  );

  it('ships a radixconfig.yaml in its ConfigMap that the scheduler loads', () => {
    const configMap = manifests.find((m) => m.object.kind === 'ConfigMap')!.object as KubernetesObject & { data: Record<string, string> };
    const parsed = parseRadixConfig(configMap.data['radixconfig.yaml'], 'configmap');
    expect(Array.isArray(parsed) ? parsed : []).toEqual([]);
  });
});
