import type {
  V1Affinity,
  V1Container,
  V1EnvVar,
  V1Job,
  V1OwnerReference,
  V1PodSpec,
  V1Secret,
  V1Service,
  V1Toleration,
} from '@kubernetes/client-node';
import type { JobPort } from '../config/job-definition.config.js';
import { type JobSpec, PAYLOAD_FILE_VARIABLE } from '../jobs/job.model.js';
import { ANNOTATION, LABEL, secretsName } from './labels.js';

export const PAYLOAD_KEY = 'payload';

export interface ManifestContext {
  namespace: string;
  /** The job definition's name; also the container's. */
  container: string;
  labels: Record<string, string>;
  payloadPath?: string;
  ports: JobPort[];
  /** The job definition's `runAsNonRoot`; true unless it says false. */
  runAsNonRoot?: boolean;
}

export const payloadSecretName = (job: string) => `${job}-payload`;

/**
 * The Job starts suspended: its Secret and Service are created owned by it, then it is
 * resumed. A create that fails half-way deletes the Job, and the garbage collector takes
 * whatever it already owned; nothing is left behind.
 */
export function jobManifest(spec: JobSpec, ctx: ManifestContext): V1Job {
  const labels = {
    ...ctx.labels,
    ...(spec.jobId ? { [LABEL.jobId]: spec.jobId } : {}),
    ...(spec.batchName ? { [LABEL.batchName]: spec.batchName } : {}),
    ...(spec.batchId ? { [LABEL.batchId]: spec.batchId } : {}),
  };
  const jobLabels = {
    ...labels,
    ...(spec.idempotency ? { [LABEL.idempotencyKey]: spec.idempotency.key } : {}),
    ...(spec.cron ? { [LABEL.cron]: 'true' } : {}),
  };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: spec.name, namespace: ctx.namespace, labels: jobLabels, annotations: annotations(spec) },
    spec: {
      suspend: true,
      backoffLimit: spec.backoffLimit,
      activeDeadlineSeconds: spec.timeLimitSeconds,
      podFailurePolicy: spec.failurePolicy && {
        rules: spec.failurePolicy.rules.map((rule) => ({
          action: rule.action,
          onExitCodes: { containerName: ctx.container, ...rule.onExitCodes },
        })),
      },
      template: { metadata: { labels }, spec: podSpec(spec, ctx) },
    },
  };
}

/** What the Job keeps of the request and of its history, beside the `creating` mark. */
function annotations(spec: JobSpec): Record<string, string> {
  return {
    [ANNOTATION.creating]: 'true',
    [ANNOTATION.description]: JSON.stringify(spec.description),
    ...(spec.batchIndex !== undefined ? { [ANNOTATION.batchIndex]: String(spec.batchIndex) } : {}),
    ...(spec.idempotency ? { [ANNOTATION.requestDigest]: spec.idempotency.request } : {}),
    ...(spec.webhook ? { [ANNOTATION.delivered]: '' } : {}),
    ...(spec.cron
      ? { [ANNOTATION.cronSchedule]: spec.cron.schedule, [ANNOTATION.scheduledTime]: spec.cron.scheduledTime.toISOString() }
      : {}),
    ...(spec.restart
      ? {
          [ANNOTATION.restarts]: String(spec.restart.count),
          [ANNOTATION.restartedAt]: spec.restart.at.toISOString(),
          [ANNOTATION.createdAt]: spec.restart.created.toISOString(),
        }
      : {}),
  };
}

function podSpec(spec: JobSpec, ctx: ManifestContext): V1PodSpec {
  const payload = spec.payload !== undefined && ctx.payloadPath !== undefined;
  const container: V1Container = {
    name: ctx.container,
    image: spec.image,
    // The seed's promise: jobs always pull, so a moved tag is never run stale.
    imagePullPolicy: 'Always',
    command: spec.command,
    args: spec.args,
    env: [...envVars(spec, payload ? `${ctx.payloadPath}/${PAYLOAD_KEY}` : undefined), ...secretVars(spec, ctx.container)],
    envFrom: spec.secretRefs.length > 0 ? spec.secretRefs.map((name) => ({ secretRef: { name } })) : undefined,
    resources: { requests: orUndefined(spec.resources.requests), limits: orUndefined(spec.resources.limits) },
    ports: ctx.ports.length > 0 ? ctx.ports.map((p) => ({ name: p.name, containerPort: p.port })) : undefined,
    volumeMounts: payload ? [{ name: PAYLOAD_KEY, mountPath: ctx.payloadPath!, readOnly: true }] : undefined,
    // What the restricted Pod Security Standard asks, as Radix sets it for its jobs.
    securityContext: { allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ['ALL'] } },
  };
  return {
    restartPolicy: 'Never',
    // A job is a workload, not a controller: it gets no credentials for the API server.
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: ctx.runAsNonRoot !== false, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [container],
    volumes: payload ? [{ name: PAYLOAD_KEY, secret: { secretName: payloadSecretName(spec.name) } }] : undefined,
    ...placement(spec),
  };
}

function envVars(spec: JobSpec, payloadFile: string | undefined): V1EnvVar[] {
  const env = { ...spec.env, ...(payloadFile ? { [PAYLOAD_FILE_VARIABLE]: payloadFile } : {}) };
  return Object.entries(env).map(([name, value]) => ({ name, value }));
}

/**
 * The job definition's `secrets`, each from its key in the Secret `<job>-secrets`. Not
 * optional: a missing key keeps the container from starting rather than giving it "".
 */
function secretVars(spec: JobSpec, job: string): V1EnvVar[] {
  return spec.secrets.map((name) => ({ name, valueFrom: { secretKeyRef: { name: secretsName(job), key: name, optional: false } } }));
}

/** Node placement as Radix does it: GPU node labels and taints, architecture, node pool. */
function placement(spec: JobSpec): Pick<V1PodSpec, 'nodeSelector' | 'affinity' | 'tolerations'> {
  const nodeSelector: Record<string, string> = {};
  const tolerations: V1Toleration[] = [];
  if (spec.runtime?.architecture) nodeSelector['kubernetes.io/arch'] = spec.runtime.architecture;
  if (spec.runtime?.nodeType) {
    nodeSelector['radix-nodetype'] = spec.runtime.nodeType;
    tolerations.push({ key: 'radix-nodetype', operator: 'Equal', value: spec.runtime.nodeType, effect: 'NoSchedule' });
  }
  const affinity = gpuAffinity(spec);
  if (affinity) tolerations.push({ key: 'radix-node-gpu-count', operator: 'Exists', effect: 'NoSchedule' });
  return {
    nodeSelector: Object.keys(nodeSelector).length > 0 ? nodeSelector : undefined,
    tolerations: tolerations.length > 0 ? tolerations : undefined,
    affinity,
  };
}

function gpuAffinity(spec: JobSpec): V1Affinity | undefined {
  const types = (spec.node?.gpu ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const include = types.filter((t) => !t.startsWith('-'));
  const exclude = types.filter((t) => t.startsWith('-')).map((t) => t.slice(1));
  const count = Number(spec.node?.gpuCount ?? 0);
  if (include.length === 0 && count <= 0) return undefined;
  const expressions = [
    ...(include.length > 0 ? [{ key: 'radix-node-gpu', operator: 'In', values: include }] : []),
    ...(exclude.length > 0 ? [{ key: 'radix-node-gpu', operator: 'NotIn', values: exclude }] : []),
    { key: 'radix-node-gpu-count', operator: 'Gt', values: [String(Math.max(count, 1) - 1)] },
  ];
  return { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: expressions }] } } };
}

function ownedBy(job: V1Job): V1OwnerReference[] {
  return [{ apiVersion: 'batch/v1', kind: 'Job', name: job.metadata!.name!, uid: job.metadata!.uid!, controller: true }];
}

/** The payload, immutable, owned by its Job; mounted read-only as `<payload.path>/payload`. */
export function payloadSecret(job: V1Job, payload: Buffer): V1Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: payloadSecretName(job.metadata!.name!), labels: job.metadata!.labels, ownerReferences: ownedBy(job) },
    type: 'Opaque',
    immutable: true,
    data: { [PAYLOAD_KEY]: payload.toString('base64') },
  };
}

/** Makes `http://<job name>:<port>` reach the job's container. */
export function jobService(job: V1Job, ports: JobPort[]): V1Service {
  const name = job.metadata!.name!;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels: job.metadata!.labels, ownerReferences: ownedBy(job) },
    spec: {
      selector: { [LABEL.jobName]: name },
      ports: ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.port, protocol: 'TCP' })),
    },
  };
}

function orUndefined(map: Record<string, string>): Record<string, string> | undefined {
  return Object.keys(map).length > 0 ? map : undefined;
}
