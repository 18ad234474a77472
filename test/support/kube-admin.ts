import { BatchV1Api, CoreV1Api, KubeConfig, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Cluster-admin clients for the test control plane the global setup started. */
export function admin() {
  const config = new KubeConfig();
  config.loadFromFile(process.env.KUBECONFIG!);
  return {
    config,
    batch: config.makeApiClient(BatchV1Api),
    core: config.makeApiClient(CoreV1Api),
    rbac: config.makeApiClient(RbacAuthorizationV1Api),
  };
}

/** A fresh namespace for one test file, ready once its `default` service account exists. */
export async function createNamespace(prefix: string, labels: Record<string, string> = {}): Promise<string> {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  await admin().core.createNamespace({ body: { metadata: { name, labels } } });
  return name;
}

export async function deleteNamespace(name: string): Promise<void> {
  await admin()
    .core.deleteNamespace({ name })
    .catch(() => undefined);
}

export { eventually, type EventuallyOptions } from './eventually.js';

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

/**
 * A kubeconfig for a fresh service account in `namespace` bound to a Role with `rules`,
 * so a test can run the scheduler with exactly those permissions.
 */
export async function serviceAccountKubeconfig(namespace: string, name: string, rules: PolicyRule[]): Promise<string> {
  const { core, rbac } = admin();
  await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name } } });
  await rbac.createNamespacedRole({ namespace, body: { metadata: { name }, rules } });
  await rbac.createNamespacedRoleBinding({
    namespace,
    body: {
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace }],
    },
  });
  return tokenKubeconfig(namespace, name);
}

/** A kubeconfig file for the test control plane, authenticated as service account `name` with a fresh token. */
export async function tokenKubeconfig(namespace: string, name: string): Promise<string> {
  const { core, config } = admin();
  const request = await core.createNamespacedServiceAccountToken({
    name,
    namespace,
    body: { spec: { audiences: [], expirationSeconds: 3600 } },
  });
  const cluster = config.getCurrentCluster()!;
  const path = join(mkdtempSync(join(tmpdir(), 'sa-kubeconfig-')), 'config');
  writeFileSync(
    path,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'test', cluster: { server: cluster.server, 'certificate-authority-data': cluster.caData } }],
      users: [{ name, user: { token: request.status!.token } }],
      contexts: [{ name, context: { cluster: 'test', user: name, namespace } }],
      'current-context': name,
    }),
  );
  return path;
}
