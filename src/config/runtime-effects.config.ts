import type { JobDefinition } from './job-definition.config.js';
import type { RuntimeKind } from './scheduler.config.js';

/** Job fields that shape a Kubernetes pod, and why a local process has no such thing. */
const POD_ONLY: { key: keyof JobDefinition; reason: string }[] = [
  { key: 'safeToRestart', reason: 'no cluster autoscaler evicts a local process' },
  { key: 'runAsUser', reason: "a local job runs as the scheduler's own user" },
  { key: 'readOnlyFileSystem', reason: "a local job may write wherever the scheduler's user may" },
  { key: 'runtime', reason: 'a local job runs on this machine, whatever node type or architecture it names' },
];

/**
 * One line for each field of the served job definitions that the local runtime reads and
 * validates but cannot apply, so that a file written for Kubernetes is not believed to take
 * effect on a laptop. None on Kubernetes.
 */
export function localNoEffect(runtime: RuntimeKind, definitions: JobDefinition[], label: string): string[] {
  if (runtime !== 'local') return [];
  return definitions.flatMap((definition) =>
    POD_ONLY.filter(({ key }) => definition[key] !== undefined).map(
      ({ key, reason }) => `${label}: jobs[${definition.name}].${key} has no effect on the local runtime: ${reason}`,
    ),
  );
}
