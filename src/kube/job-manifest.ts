import type {
  V1Container,
  V1EnvVar,
  V1Job,
  V1OwnerReference,
  V1PodSpec,
  V1Secret,
  V1Service,
  V1Volume,
  V1VolumeMount,
} from '@kubernetes/client-node';
import type { JobPort } from '../config/job-definition.config.js';
import type { NodePlacement } from '../config/node-placement.config.js';
import { type JobSpec, PAYLOAD_FILE_VARIABLE, volumeMountVariable } from '../jobs/job.model.js';
import { ANNOTATION, LABEL, secretsName } from './labels.js';
import { placement } from './node-placement.js';
import { podFailurePolicy, SAFE_TO_EVICT, safeToEvict } from './pod-policy.js';

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
  placement: NodePlacement;
}

export const payloadSecretName = (job: string) => `${job}-payload`;

/**
 * The Job starts suspended: its Secret and Service are created owned by it, then it is
 * resumed. A create that fails half-way deletes the Job, and the garbage collector takes
 * whatever it already owned; nothing is left behind.
 */
export function jobManifest(spec: JobSpec, ctx: ManifestContext, now?: Date): V1Job {
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
    metadata: { name: spec.name, namespace: ctx.namespace, labels: jobLabels, annotations: annotations(spec, now) },
    spec: {
      suspend: true,
      backoffLimit: spec.backoffLimit,
      activeDeadlineSeconds: spec.timeLimitSeconds,
      podFailurePolicy: podFailurePolicy(spec, ctx.container),
      template: { metadata: { labels, annotations: { [SAFE_TO_EVICT]: String(safeToEvict(spec)) } }, spec: podSpec(spec, ctx) },
    },
  };
}

/** What the Job keeps of the request and of its history, beside the `creating` mark. */
function annotations(spec: JobSpec, now?: Date): Record<string, string> {
  return {
    [ANNOTATION.creating]: 'true',
    [ANNOTATION.description]: JSON.stringify(spec.description),
    ...(spec.batchIndex !== undefined ? { [ANNOTATION.batchIndex]: String(spec.batchIndex) } : {}),
    ...(spec.idempotency ? { [ANNOTATION.requestDigest]: spec.idempotency.request } : {}),
    ...(spec.webhook ? { [ANNOTATION.delivered]: '' } : {}),
    // A queued job keeps when it was accepted to the millisecond: the queue is first in, first out.
    ...(spec.queued ? { [ANNOTATION.queued]: 'true', ...(now ? { [ANNOTATION.createdAt]: now.toISOString() } : {}) } : {}),
    ...(spec.priority ? { [ANNOTATION.priority]: String(spec.priority) } : {}),
    ...(spec.batchMaxConcurrentJobs !== undefined ? { [ANNOTATION.batchMaxConcurrentJobs]: String(spec.batchMaxConcurrentJobs) } : {}),
    ...(spec.startDeadlineSeconds !== undefined ? { [ANNOTATION.startDeadlineSeconds]: String(spec.startDeadlineSeconds) } : {}),
    ...(spec.cron
      ? { [ANNOTATION.cronSchedule]: spec.cron.schedule, [ANNOTATION.scheduledTime]: spec.cron.scheduledTime.toISOString() }
      : {}),
    ...(spec.restart
      ? {
          [ANNOTATION.restarts]: String(spec.restart.count),
          [ANNOTATION.restartedAt]: spec.restart.at.toISOString(),
          [ANNOTATION.createdAt]: new Date(spec.restart.created).toISOString(),
        }
      : {}),
  };
}

function podSpec(spec: JobSpec, ctx: ManifestContext): V1PodSpec {
  const payload = spec.payload !== undefined && ctx.payloadPath !== undefined;
  const { volumes, volumeMounts } = volumesOf(spec, payload ? ctx.payloadPath : undefined);
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
    volumeMounts,
    // What the restricted Pod Security Standard asks, as Radix sets it for its jobs; the pod's runAsNonRoot holds for any runAsUser.
    securityContext: {
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ['ALL'] },
      runAsUser: spec.runAsUser,
      readOnlyRootFilesystem: spec.readOnlyFileSystem,
    },
  };
  return {
    restartPolicy: 'Never',
    // A job is a workload, not a controller: it gets no credentials for the API server.
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: ctx.runAsNonRoot !== false, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [container],
    volumes,
    ...placement(spec, ctx.placement),
  };
}

/** The payload Secret, read-only at payload.path, and each emptyDir at its path, fresh for each pod. */
function volumesOf(spec: JobSpec, payloadPath: string | undefined): { volumes?: V1Volume[]; volumeMounts?: V1VolumeMount[] } {
  const volumes: V1Volume[] = spec.emptyDirs.map((m) => ({ name: `emptydir-${m.name}`, emptyDir: { sizeLimit: m.sizeLimit } }));
  const volumeMounts: V1VolumeMount[] = spec.emptyDirs.map((m) => ({ name: `emptydir-${m.name}`, mountPath: m.path }));
  if (payloadPath !== undefined) {
    volumes.unshift({ name: PAYLOAD_KEY, secret: { secretName: payloadSecretName(spec.name) } });
    volumeMounts.unshift({ name: PAYLOAD_KEY, mountPath: payloadPath, readOnly: true });
  }
  return volumes.length > 0 ? { volumes, volumeMounts } : {};
}

/** Each emptyDir's path is named by its variable, as the local runtime names its folder. */
function envVars(spec: JobSpec, payloadFile: string | undefined): V1EnvVar[] {
  const env = {
    ...spec.env,
    ...(payloadFile ? { [PAYLOAD_FILE_VARIABLE]: payloadFile } : {}),
    ...Object.fromEntries(spec.emptyDirs.map((m) => [volumeMountVariable(m.name), m.path])),
  };
  return Object.entries(env).map(([name, value]) => ({ name, value }));
}

/**
 * The job definition's `secrets`, each from its key in the Secret `<job>-secrets`. Not
 * optional: a missing key keeps the container from starting rather than giving it "".
 */
function secretVars(spec: JobSpec, job: string): V1EnvVar[] {
  return spec.secrets.map((name) => ({ name, valueFrom: { secretKeyRef: { name: secretsName(job), key: name, optional: false } } }));
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
