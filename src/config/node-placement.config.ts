import type { Setting, SettingSources } from './setting-sources.config.js';

/**
 * Kubernetes: the node labels and taints that place a job's pod, named as the cluster names
 * them. The defaults keep pods schedulable on a cluster that has none of Radix's node pools;
 * Radix's own values are `radix-nodetype`, `nodepooltasks` and `amd64`.
 */
export interface NodePlacement {
  /** Label (required, In) and taint (tolerated, NoSchedule) key of a job's `runtime.nodeType`. */
  nodeTypeKey: string;
  /** Label (required, Exists) and taint (tolerated) key of the node pool for jobs; unset, jobs run on any node. */
  jobNodePoolKey?: string;
  /** The architecture a job that names none is placed on; unset, any. */
  defaultArchitecture?: 'amd64' | 'arm64';
}

export const DEFAULT_PLACEMENT: NodePlacement = { nodeTypeKey: 'radix-nodetype' };

export const PLACEMENT_SETTINGS = {
  nodeTypeKey: { env: 'JOB_SCHEDULER_NODE_TYPE_KEY' },
  jobNodePoolKey: { env: 'JOB_SCHEDULER_JOB_NODE_POOL_KEY' },
  defaultArchitecture: { env: 'JOB_SCHEDULER_DEFAULT_ARCHITECTURE' },
} satisfies Record<string, Setting>;

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const KEY_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Reads the placement settings; a bad one is recorded in `sources.problems` with the rest. */
export function readPlacement(sources: SettingSources): NodePlacement {
  return {
    nodeTypeKey: labelKey(sources, PLACEMENT_SETTINGS.nodeTypeKey) ?? DEFAULT_PLACEMENT.nodeTypeKey,
    jobNodePoolKey: labelKey(sources, PLACEMENT_SETTINGS.jobNodePoolKey),
    defaultArchitecture: sources.oneOf(PLACEMENT_SETTINGS.defaultArchitecture, ['amd64', 'arm64'] as const),
  };
}

/** A label key as Kubernetes takes it for labels and taints: `[prefix/]name`. */
function labelKey(sources: SettingSources, setting: Setting): string | undefined {
  const { value, name } = sources.raw(setting);
  if (value === undefined) return undefined;
  const slash = value.lastIndexOf('/');
  const [prefix, key] = slash < 0 ? [undefined, value] : [value.slice(0, slash), value.slice(slash + 1)];
  const prefixOk = prefix === undefined || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix));
  if (prefixOk && key.length <= 63 && KEY_NAME.test(key)) return value;
  sources.problems.push(
    `${name}=${value}: must be a label key such as nodepooltasks or example.com/pool (an optional DNS prefix and /, then at most 63 letters, digits, -, _ or .)`,
  );
  return undefined;
}
