/** Stops the test control plane started by the global setup and waits until it is gone. */
export default async function stopCluster(): Promise<void> {
  const child = globalThis.testCluster;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}
