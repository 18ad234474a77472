import type { V1Affinity, V1NodeSelectorRequirement, V1PodSpec, V1Toleration } from '@kubernetes/client-node';
import type { NodePlacement } from '../config/node-placement.config.js';
import type { JobSpec } from '../jobs/job.model.js';

const GPU_TOLERATION: V1Toleration = { key: 'radix-node-gpu-count', operator: 'Exists', effect: 'NoSchedule' };

/**
 * Where a job's pod may run, as Radix places batch jobs: a node type is a node pool of its own
 * (its label required, its taint tolerated), whatever the architecture; else the deprecated GPU
 * node labels; else Linux nodes of the job's architecture, in the job node pool when the
 * settings name one. The label and taint keys, and the default architecture, are settings.
 */
export function placement(spec: JobSpec, settings: NodePlacement): Pick<V1PodSpec, 'affinity' | 'tolerations'> {
  const nodeType = spec.runtime?.nodeType;
  if (nodeType) {
    return {
      affinity: required([{ key: settings.nodeTypeKey, operator: 'In', values: [nodeType] }]),
      tolerations: [{ key: settings.nodeTypeKey, operator: 'Equal', value: nodeType, effect: 'NoSchedule' }],
    };
  }
  const gpu = gpuRequirements(spec);
  if (gpu) return { affinity: required(gpu), tolerations: [GPU_TOLERATION] };
  const pool = settings.jobNodePoolKey;
  const architecture = spec.runtime?.architecture ?? settings.defaultArchitecture;
  return {
    affinity: required([
      ...(pool ? [{ key: pool, operator: 'Exists' }] : []),
      { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
      ...(architecture ? [{ key: 'kubernetes.io/arch', operator: 'In', values: [architecture] }] : []),
    ]),
    tolerations: pool ? [{ key: pool, operator: 'Exists', effect: 'NoSchedule' }] : undefined,
  };
}

function required(matchExpressions: V1NodeSelectorRequirement[]): V1Affinity {
  return { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] } } };
}

/** Radix's `node.gpu` (types, `-type` excluded) and `node.gpuCount` (at least that many). */
function gpuRequirements(spec: JobSpec): V1NodeSelectorRequirement[] | undefined {
  const types = (spec.node?.gpu ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const include = types.filter((t) => !t.startsWith('-'));
  const exclude = types.filter((t) => t.startsWith('-')).map((t) => t.slice(1));
  const count = Number(spec.node?.gpuCount ?? 0);
  if (include.length === 0 && count <= 0) return undefined;
  return [
    ...(include.length > 0 ? [{ key: 'radix-node-gpu', operator: 'In', values: include }] : []),
    ...(exclude.length > 0 ? [{ key: 'radix-node-gpu', operator: 'NotIn', values: exclude }] : []),
    { key: 'radix-node-gpu-count', operator: 'Gt', values: [String(Math.max(count, 1) - 1)] },
  ];
}
