import { BatchV1Api, CoreV1Api, KubeConfig, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';

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
export async function createNamespace(prefix: string): Promise<string> {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  await admin().core.createNamespace({ body: { metadata: { name } } });
  return name;
}

export async function deleteNamespace(name: string): Promise<void> {
  await admin().core.deleteNamespace({ name }).catch(() => undefined);
}

export interface EventuallyOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/** Polls `probe` until `accept` holds; fails with the last value seen, never sleeps blindly. */
export async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, what: string, options: EventuallyOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (accept(last)) return last;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
  }
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}${lastError ? `; last error: ${lastError}` : ''}`);
}
