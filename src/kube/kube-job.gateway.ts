import type { V1Job } from '@kubernetes/client-node';
import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { SchedulerConfig } from '../config/scheduler.config.js';
import { Clock } from '../jobs/clock.js';
import { mapLimit } from '../jobs/concurrency.js';
import { type GatewayReadiness, JobGateway, type StoredJob } from '../jobs/job.gateway.js';
import { isFinished, type JobDescription, type JobRecord, type JobSpec } from '../jobs/job.model.js';
import { JobNotActiveError, JobNotFoundError, RuntimeUnavailableError } from '../jobs/jobs.errors.js';
import { JobCache } from './job-cache.js';
import { jobFacts, podFacts, type PodFacts } from './job-facts.js';
import { type ManifestContext, PAYLOAD_KEY, payloadSecretName } from './job-manifest.js';
import { toJobRecord } from './job-status.js';
import { MERGE_PATCH, JobWriter, WRITE_CONCURRENCY } from './job-writer.js';
import { apiStatus, fromApiError } from './kube.errors.js';
import { KubeClient } from './kube-client.js';
import { ANNOTATION, isOwn, LABEL, labelSelector, ownLabels } from './labels.js';
import { Reflector } from './reflector.js';

/** Jobs as Kubernetes Jobs: writes go to the API server (see JobWriter), reads come from the watch-fed cache. */
@Injectable()
export class KubeJobGateway extends JobGateway implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(KubeJobGateway.name);
  private readonly cache = new JobCache();
  private readonly labels: Record<string, string>;
  private readonly selector: string;
  private readonly reflectors: Reflector<never>[];
  private readonly manifest: ManifestContext;
  private readonly writer: JobWriter;

  constructor(
    private readonly kube: KubeClient,
    config: SchedulerConfig,
    private readonly clock: Clock,
  ) {
    super();
    const namespace = kube.namespace;
    this.labels = ownLabels(config);
    this.selector = labelSelector(this.labels);
    this.manifest = { namespace, container: config.job.name, labels: this.labels, payloadPath: config.job.payloadPath, ports: config.job.ports };
    this.writer = new JobWriter(kube, this.cache, this.manifest);
    const selector = this.selector;
    this.reflectors = [
      new Reflector('jobs', kube.watch, {
        path: `/apis/batch/v1/namespaces/${namespace}/jobs`,
        labelSelector: selector,
        list: () => kube.batch.listNamespacedJob({ namespace, labelSelector: selector }),
      }, this.cache.jobHandlers),
      new Reflector('pods', kube.watch, {
        path: `/api/v1/namespaces/${namespace}/pods`,
        labelSelector: selector,
        list: () => kube.core.listNamespacedPod({ namespace, labelSelector: selector }),
      }, this.cache.podHandlers),
    ] as Reflector<never>[];
  }

  onModuleInit(): void {
    // Not awaited: the API answers 503 and readiness stays false until the cache syncs,
    // so a cluster that is down at start does not keep the process from starting.
    this.reflectors.forEach((reflector) => void reflector.start());
  }

  /** After the HTTP server has closed: requests in flight on shutdown still read a live cache. */
  onApplicationShutdown(): void {
    this.reflectors.forEach((reflector) => reflector.stop());
  }

  readiness(): GatewayReadiness {
    return this.reflectors.every((r) => r.synced) ? { ready: true } : { ready: false, reason: 'watch cache not synced with the Kubernetes API server yet' };
  }

  onFinished(listener: (job: JobRecord) => void): void {
    this.cache.onFinished(listener);
  }

  create(specs: JobSpec[]): Promise<JobRecord[]> {
    return this.writer.create(specs);
  }

  restart(specs: JobSpec[]): Promise<JobRecord[]> {
    return this.writer.restart(specs);
  }

  async list(): Promise<JobRecord[]> {
    if (!this.readiness().ready) throw new RuntimeUnavailableError('the job list is not loaded from the Kubernetes API server yet');
    return this.cache.list();
  }

  async get(name: string): Promise<JobRecord | undefined> {
    return this.cache.get(name) ?? (await this.lookUp(name))?.record;
  }

  async describe(name: string): Promise<StoredJob> {
    const found = await this.lookUp(name);
    if (!found) throw new JobNotFoundError(name);
    return { description: storedDescription(found.job), payload: await this.readPayload(name) };
  }

  async stop(name: string): Promise<JobRecord> {
    const job = await this.get(name);
    if (!job) throw new JobNotFoundError(name);
    if (isFinished(job.status)) throw new JobNotActiveError(name, job.status);
    const annotations = {
      [ANNOTATION.stoppedAt]: this.clock.now().toISOString(),
      ...(job.started ? { [ANNOTATION.startedAt]: job.started.toISOString() } : {}),
    };
    // Suspending makes the Job controller delete the pods while the Job and its record stay.
    const body = { metadata: { annotations }, spec: { suspend: true } };
    const stopped = await this.kube.batch
      .patchNamespacedJob({ name, namespace: this.kube.namespace, body }, MERGE_PATCH)
      .catch((error: unknown) => Promise.reject(fromApiError(error, name)));
    this.cache.applyWrite(stopped, 'updated');
    return this.cache.get(name) ?? toJobRecord(jobFacts(stopped), []);
  }

  /** Deletes those of `names` that exist; not found only when none does. */
  async delete(names: string[]): Promise<void> {
    let found = 0;
    await mapLimit(names, WRITE_CONCURRENCY, async (name) => {
      if (!(await this.get(name))) return;
      found++;
      await this.writer.deleteJob(name).catch((error: unknown) => {
        if (apiStatus(error) !== 404) throw fromApiError(error, name);
      });
    });
    if (found === 0) throw new JobNotFoundError(names[0]);
  }

  async removeAbandoned(before: Date): Promise<string[]> {
    const removed: string[] = [];
    for (const name of this.cache.abandoned(before)) {
      try {
        await this.writer.deleteJob(name);
        removed.push(name);
      } catch (error) {
        if (apiStatus(error) !== 404) this.logger.warn(`could not remove abandoned job name=${name}: ${(error as Error).message}`);
      }
    }
    return removed;
  }

  /**
   * A job missing from the cache may be one another replica created a moment ago, or one
   * the watch has not delivered yet: ask the API server before answering "not found".
   * A Job still being created does not exist yet.
   */
  private async lookUp(name: string): Promise<{ job: V1Job; record: JobRecord } | undefined> {
    const namespace = this.kube.namespace;
    try {
      const job = await this.kube.batch.readNamespacedJob({ name, namespace });
      const facts = jobFacts(job);
      if (!isOwn(job.metadata?.labels, this.labels) || facts.creating) return undefined;
      const pods = await this.kube.core.listNamespacedPod({ namespace, labelSelector: `${this.selector},${LABEL.jobName}=${name}` });
      return { job, record: toJobRecord(facts, pods.items.map(podFacts).filter((p): p is PodFacts => p !== undefined)) };
    } catch (error) {
      if (apiStatus(error) === 404) return undefined;
      throw fromApiError(error, name);
    }
  }

  private async readPayload(name: string): Promise<Buffer | undefined> {
    if (!this.manifest.payloadPath) return undefined;
    try {
      const secret = await this.kube.core.readNamespacedSecret({ name: payloadSecretName(name), namespace: this.kube.namespace });
      return Buffer.from(secret.data?.[PAYLOAD_KEY] ?? '', 'base64');
    } catch (error) {
      if (apiStatus(error) === 404) return Buffer.alloc(0);
      throw fromApiError(error, name);
    }
  }
}

/** The request a Job was made from; a Job made before requests were kept has only its jobId. */
function storedDescription(job: V1Job): JobDescription {
  const jobId = job.metadata?.labels?.[LABEL.jobId];
  try {
    const stored = JSON.parse(job.metadata?.annotations?.[ANNOTATION.description] ?? '{}') as JobDescription & { jobId?: string };
    return typeof stored === 'object' && stored !== null ? stored : { ...(jobId ? { jobId } : {}) };
  } catch {
    return { ...(jobId ? { jobId } : {}) };
  }
}
