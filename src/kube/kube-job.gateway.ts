import { PatchStrategy, setHeaderOptions, type V1Job } from '@kubernetes/client-node';
import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { SchedulerConfig } from '../config/scheduler.config.js';
import { Clock } from '../jobs/clock.js';
import { type GatewayReadiness, JobGateway } from '../jobs/job.gateway.js';
import { isFinished, type JobRecord, type JobSpec } from '../jobs/job.model.js';
import { JobNotActiveError, JobNotFoundError, RuntimeUnavailableError } from '../jobs/jobs.errors.js';
import { JobCache } from './job-cache.js';
import { jobFacts, podFacts, type PodFacts } from './job-facts.js';
import { jobManifest, jobService, type ManifestContext, payloadSecret } from './job-manifest.js';
import { toJobRecord } from './job-status.js';
import { apiStatus, fromApiError } from './kube.errors.js';
import { KubeClient } from './kube-client.js';
import { ANNOTATION, isOwn, LABEL, labelSelector, ownLabels } from './labels.js';
import { Reflector } from './reflector.js';

const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** Jobs as Kubernetes Jobs: writes go to the API server, reads come from the watch-fed cache. */
@Injectable()
export class KubeJobGateway extends JobGateway implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(KubeJobGateway.name);
  private readonly cache = new JobCache();
  private readonly labels: Record<string, string>;
  private readonly selector: string;
  private readonly reflectors: Reflector<never>[];
  private readonly manifest: ManifestContext;

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

  async create(spec: JobSpec): Promise<JobRecord> {
    const namespace = this.kube.namespace;
    const created = await this.kube.batch.createNamespacedJob({ namespace, body: jobManifest(spec, this.manifest) }).catch(async (error: unknown) => {
      const status = apiStatus(error);
      if (status === 404) throw new Error(`namespace ${namespace} does not exist`);
      // No answer: the server may have made the Job all the same.
      if (status === undefined) await this.removeHalfCreated(spec.name);
      throw fromApiError(error, spec.name);
    });
    try {
      await Promise.all([this.createSecret(created, spec), this.createService(created)]);
      const body = { metadata: { annotations: { [ANNOTATION.creating]: null } }, spec: { suspend: false } };
      const resumed = await this.kube.batch.patchNamespacedJob({ name: spec.name, namespace, body }, MERGE_PATCH);
      this.cache.applyWrite(resumed, 'created');
      return toJobRecord(jobFacts(resumed), []);
    } catch (error) {
      await this.removeHalfCreated(spec.name);
      throw fromApiError(error, spec.name);
    }
  }

  /** Secret and Service need only the Job's UID, so they are created side by side. */
  private async createSecret(job: V1Job, spec: JobSpec): Promise<void> {
    if (spec.payload === undefined || !this.manifest.payloadPath) return;
    await this.kube.core.createNamespacedSecret({ namespace: this.kube.namespace, body: payloadSecret(job, spec.payload) });
  }

  private async createService(job: V1Job): Promise<void> {
    if (this.manifest.ports.length === 0) return;
    await this.kube.core.createNamespacedService({ namespace: this.kube.namespace, body: jobService(job, this.manifest.ports) });
  }

  async list(): Promise<JobRecord[]> {
    if (!this.readiness().ready) throw new RuntimeUnavailableError('the job list is not loaded from the Kubernetes API server yet');
    return this.cache.list();
  }

  async get(name: string): Promise<JobRecord | undefined> {
    return this.cache.get(name) ?? (await this.lookUp(name));
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

  async delete(name: string): Promise<void> {
    if (!(await this.get(name))) throw new JobNotFoundError(name);
    await this.deleteJob(name).catch((error: unknown) => Promise.reject(fromApiError(error, name)));
  }

  async removeAbandoned(before: Date): Promise<string[]> {
    const removed: string[] = [];
    for (const name of this.cache.abandoned(before)) {
      try {
        await this.deleteJob(name);
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
   */
  private async lookUp(name: string): Promise<JobRecord | undefined> {
    const namespace = this.kube.namespace;
    try {
      const job = await this.kube.batch.readNamespacedJob({ name, namespace });
      if (!isOwn(job.metadata?.labels, this.labels)) return undefined;
      const pods = await this.kube.core.listNamespacedPod({ namespace, labelSelector: `${this.selector},${LABEL.jobName}=${name}` });
      return toJobRecord(jobFacts(job), pods.items.map(podFacts).filter((p): p is PodFacts => p !== undefined));
    } catch (error) {
      if (apiStatus(error) === 404) return undefined;
      throw fromApiError(error, name);
    }
  }

  /**
   * Background propagation: the API's default for Jobs orphans their pods. The cache forgets
   * the job at once, so reads that follow do not see it while the watch catches up.
   */
  private async deleteJob(name: string): Promise<void> {
    await this.kube.batch.deleteNamespacedJob({ name, namespace: this.kube.namespace, propagationPolicy: 'Background' });
    this.cache.forget(name);
  }

  private async removeHalfCreated(name: string): Promise<void> {
    try {
      await this.deleteJob(name);
    } catch (error) {
      if (apiStatus(error) !== 404) this.logger.error(`could not remove half-created job name=${name}: ${(error as Error).message}`);
    }
  }
}
