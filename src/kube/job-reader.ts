import type { V1Job } from '@kubernetes/client-node';
import { PassThrough, Readable } from 'node:stream';
import type { LogOptions } from '../jobs/job.gateway.js';
import type { JobDescription, JobRecord } from '../jobs/job.model.js';
import { jobFacts, podFacts, type PodFacts } from './job-facts.js';
import { type ManifestContext, PAYLOAD_KEY, payloadSecretName } from './job-manifest.js';
import { toJobRecord } from './job-status.js';
import { apiStatus, fromApiError } from './kube.errors.js';
import type { KubeClient } from './kube-client.js';
import { ANNOTATION, isOwn, LABEL, labelSelector } from './labels.js';

const NO_LOG_YET: ReadonlySet<number | undefined> = new Set([204, 400, 404]);

/** Reads that go to the API server rather than the cache: a job the cache misses, a payload, a pod log. */
export class JobReader {
  private readonly selector: string;

  constructor(
    private readonly kube: KubeClient,
    private readonly labels: Record<string, string>,
    private readonly manifest: ManifestContext,
  ) {
    this.selector = labelSelector(labels);
  }

  /**
   * A job missing from the cache may be one another replica created a moment ago, or one
   * the watch has not delivered yet: ask the API server before answering "not found".
   * A Job still being created does not exist yet.
   */
  async lookUp(name: string): Promise<{ job: V1Job; record: JobRecord } | undefined> {
    const namespace = this.kube.namespace;
    try {
      const job = await this.kube.batch.readNamespacedJob({ name, namespace });
      const facts = jobFacts(job);
      if (!isOwn(job.metadata?.labels, this.labels) || facts.creating) return undefined;
      const pods = await this.kube.core.listNamespacedPod({ namespace, labelSelector: `${this.selector},${LABEL.jobName}=${name}` });
      return {
        job,
        record: toJobRecord(
          facts,
          pods.items.map((pod) => podFacts(pod)).filter((p): p is PodFacts => p !== undefined),
        ),
      };
    } catch (error) {
      if (apiStatus(error) === 404) return undefined;
      throw fromApiError(error, name);
    }
  }

  /** Every job of this job definition, straight from the API server; Jobs being created are none yet. */
  async listAll(): Promise<JobRecord[]> {
    const namespace = this.kube.namespace;
    try {
      const [jobs, pods] = await Promise.all([
        this.kube.batch.listNamespacedJob({ namespace, labelSelector: this.selector }),
        this.kube.core.listNamespacedPod({ namespace, labelSelector: this.selector }),
      ]);
      const podsOf = new Map<string, PodFacts[]>();
      for (const pod of pods.items.map((item) => podFacts(item))) if (pod) podsOf.set(pod.job, [...(podsOf.get(pod.job) ?? []), pod]);
      return jobs.items
        .map((job) => jobFacts(job))
        .filter((facts) => !facts.creating)
        .map((facts) => toJobRecord(facts, podsOf.get(facts.name) ?? []));
    } catch (error) {
      throw fromApiError(error, 'list');
    }
  }

  async payload(name: string): Promise<Buffer | undefined> {
    if (!this.manifest.payloadPath) return undefined;
    try {
      const secret = await this.kube.core.readNamespacedSecret({ name: payloadSecretName(name), namespace: this.kube.namespace });
      return Buffer.from(secret.data?.[PAYLOAD_KEY] ?? '', 'base64');
    } catch (error) {
      if (apiStatus(error) === 404) return Buffer.alloc(0);
      throw fromApiError(error, name);
    }
  }

  /** The log of the attempt, or undefined while it has none: no pod yet, or a container not started. */
  async logs(job: JobRecord, options: LogOptions): Promise<Readable | undefined> {
    if (options.tail === 0) return Readable.from([]);
    const pod = options.attempt === undefined ? job.replicas[job.replicas.length - 1] : job.replicas[options.attempt];
    if (!pod) return undefined;
    const out = new PassThrough();
    // client-node pipes the response into `out` and leaves the response's errors unheard; an
    // abort (the client went, or shutdown) would crash the process without this handler.
    out.on('pipe', (source: NodeJS.ReadableStream) => source.on('error', () => out.end()));
    try {
      const abort = await this.kube.log.log(this.kube.namespace, pod.name, this.manifest.container, out, {
        follow: options.follow,
        tailLines: options.tail,
      });
      out.on('close', () => abort.abort());
      return out;
    } catch (error) {
      // No log yet: 400 (container not started), 404 (pod gone), and 204, which the API server
      // answers for a pod not yet bound to a node (client-node throws it as an error).
      if (NO_LOG_YET.has(apiStatus(error))) return undefined;
      throw fromApiError(error, job.name);
    }
  }
}

/** The request a Job was made from; a Job made before requests were kept has only its jobId. */
export function storedDescription(job: V1Job): JobDescription {
  const jobId = job.metadata?.labels?.[LABEL.jobId];
  try {
    const stored = JSON.parse(job.metadata?.annotations?.[ANNOTATION.description] ?? '{}') as JobDescription & { jobId?: string };
    return typeof stored === 'object' && stored !== null ? stored : { ...(jobId ? { jobId } : {}) };
  } catch {
    return { ...(jobId ? { jobId } : {}) };
  }
}
