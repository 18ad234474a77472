import { BatchV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { mapLimit } from '../../src/jobs/concurrency.js';
import { ANNOTATION } from '../../src/kube/labels.js';
import type { Reply } from './scheduler.js';

/** One create of a load: its job's name when it was accepted, or how it was refused. */
export interface CreateOutcome {
  status: number;
  name?: string;
  retryAfter: string | null;
  /** The network error when no answer came at all. */
  error?: string;
}

/**
 * Runs `count` creates, `concurrency` at a time. `between` runs before create `i` is sent;
 * it may wait, so that a test can hold the rest of the load back around a fault.
 */
export async function createLoad(
  count: number,
  concurrency: number,
  create: () => Promise<Reply<{ name?: string }>>,
  between: (i: number) => Promise<void> | void = () => undefined,
): Promise<CreateOutcome[]> {
  return mapLimit(
    Array.from({ length: count }, (_, i) => i),
    concurrency,
    async (i) => {
      await between(i);
      try {
        const reply = await create();
        return {
          status: reply.status,
          name: reply.status === 200 ? reply.body.name : undefined,
          retryAfter: reply.headers.get('retry-after'),
        };
      } catch (error) {
        const cause = (error as Error).cause as Error | undefined;
        return { status: 0, retryAfter: null, error: `${String(error)}${cause ? ` (${cause.message})` : ''}` };
      }
    },
  );
}

/** What the namespace holds of the scheduler's jobs: Jobs by name, and the Secrets and Services they own. */
export interface Leftovers {
  jobs: Map<string, { uid: string; creating: boolean }>;
  secrets: { name: string; owner?: string }[];
  services: { name: string; owner?: string }[];
}

export async function leftovers(kubeconfig: string, namespace: string, labelSelector: string): Promise<Leftovers> {
  const config = new KubeConfig();
  config.loadFromFile(kubeconfig);
  const [jobs, secrets, services] = await Promise.all([
    config.makeApiClient(BatchV1Api).listNamespacedJob({ namespace, labelSelector }),
    config.makeApiClient(CoreV1Api).listNamespacedSecret({ namespace, labelSelector }),
    config.makeApiClient(CoreV1Api).listNamespacedService({ namespace, labelSelector }),
  ]);
  const owned = (o: { metadata?: { name?: string; ownerReferences?: { uid: string }[] } }) => ({
    name: o.metadata!.name!,
    owner: o.metadata?.ownerReferences?.[0]?.uid,
  });
  return {
    jobs: new Map(
      jobs.items.map((job) => [
        job.metadata!.name!,
        { uid: job.metadata!.uid!, creating: job.metadata?.annotations?.[ANNOTATION.creating] !== undefined },
      ]),
    ),
    secrets: secrets.items.map(owned),
    services: services.items.map(owned),
  };
}

/** Secrets and Services whose owning Job is gone: what a create must never leave behind. */
export function orphans({ jobs, secrets, services }: Leftovers): string[] {
  const uids = new Set([...jobs.values()].map((job) => job.uid));
  return [
    ...secrets.filter((s) => !s.owner || !uids.has(s.owner)).map((s) => `secret/${s.name}`),
    ...services.filter((s) => !s.owner || !uids.has(s.owner)).map((s) => `service/${s.name}`),
  ];
}

/** Jobs still marked as being created: a create that never finished. */
export function halfCreated({ jobs }: Leftovers): string[] {
  return [...jobs].filter(([, job]) => job.creating).map(([name]) => name);
}

/** Accepted jobs that lack their Job, payload Secret or Service. */
export function incomplete(accepted: string[], { jobs, secrets, services }: Leftovers): string[] {
  const secretNames = new Set(secrets.map((s) => s.name));
  const serviceNames = new Set(services.map((s) => s.name));
  return accepted.flatMap((name) => [
    ...(jobs.has(name) ? [] : [`job/${name}`]),
    ...(secretNames.has(`${name}-payload`) ? [] : [`secret/${name}-payload`]),
    ...(serviceNames.has(name) ? [] : [`service/${name}`]),
  ]);
}
