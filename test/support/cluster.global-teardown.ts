import type {} from './test-cluster.js';

/** Stops the test control plane started by the global setup (test-cluster.ts) and waits until it is gone. */
export default async function stopCluster(): Promise<void> {
  await globalThis.testCluster?.stop();
}
