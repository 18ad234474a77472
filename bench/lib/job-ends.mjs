import { performance } from 'node:perf_hooks';

/**
 * One watch on the namespace's Jobs, for runs one after another: `count(n, mine, onEach)`
 * resolves when `n` Jobs matching `mine` have been seen with a terminal condition (each Job
 * once), calling `onEach` at each, to the instants (performance.now()) they were seen.
 */
export async function endsWatch(cluster) {
  const ended = new Set();
  let waiter;
  const controller = await cluster.watch.watch(
    `/apis/batch/v1/namespaces/${cluster.namespace}/jobs`,
    {},
    (type, job) => {
      const name = job?.metadata?.name;
      if (!name || ended.has(name) || !waiter?.mine(job)) return;
      if (!(job.status?.conditions ?? []).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')) return;
      ended.add(name);
      waiter.ended.push(performance.now());
      waiter.onEach?.();
      if (waiter.ended.length >= waiter.n) waiter.resolve(waiter.ended);
    },
    () => undefined,
  );
  return {
    stop: () => controller.abort(),
    /** Gives up after two seconds a Job and two minutes more: far beyond any run seen. */
    count: (n, mine, onEach) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`bench: timed out waiting for ${n} Jobs to finish`)), n * 2000 + 120_000);
        timer.unref();
        const done = (ended) => {
          clearTimeout(timer);
          resolve(ended);
        };
        waiter = { n, ended: [], mine, onEach, resolve: done };
      }),
  };
}
