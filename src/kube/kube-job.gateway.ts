import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { SchedulerConfig } from '../config/scheduler.config.js';
import { Clock } from '../jobs/clock.js';
import { mapLimit } from '../jobs/concurrency.js';
import type { JobChange, RuntimeSignal } from '../jobs/job-event.js';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { type GatewayReadiness, JobGateway, type LogOptions, type StoredJob } from '../jobs/job.gateway.js';
import { isFinished, type JobRecord, type JobSpec } from '../jobs/job.model.js';
import { JobNotActiveError, JobNotFoundError, RuntimeUnavailableError } from '../jobs/jobs.errors.js';
import { JobCache } from './job-cache.js';
import { jobFacts } from './job-facts.js';
import type { ManifestContext } from './job-manifest.js';
import { toJobRecord } from './job-status.js';
import { JobReader, storedDescription } from './job-reader.js';
import { MERGE_PATCH, JobWriter, WRITE_CONCURRENCY } from './job-writer.js';
import { apiStatus, fromApiError } from './kube.errors.js';
import { KeyClaims } from './key-claim.js';
import { KubeClient } from './kube-client.js';
import { ANNOTATION, labelSelector, ownLabels } from './labels.js';
import { ResourceWatch } from './resource-watch.js';
import { ApiServerProbe } from './api-server.probe.js';

/** How often a follow looks whether its attempt's container has started. */
const LOG_POLL_MS = 500;

/** Jobs as Kubernetes Jobs: writes go to the API server (see JobWriter), reads come from the watch-fed cache. */
@Injectable()
export class KubeJobGateway extends JobGateway implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(KubeJobGateway.name);
  private readonly cache = new JobCache();
  private readonly labels: Record<string, string>;
  private readonly selector: string;
  private readonly watches: ResourceWatch<never>[];
  private readonly manifest: ManifestContext;
  private readonly writer: JobWriter;
  private readonly reader: JobReader;
  private readonly probe: ApiServerProbe;
  private readonly signalListeners: ((signal: RuntimeSignal) => void)[] = [];

  constructor(
    private readonly kube: KubeClient,
    config: SchedulerConfig,
    private readonly clock: Clock,
  ) {
    super();
    const definition = config.job.name;
    const namespace = kube.namespace;
    this.labels = ownLabels(config);
    this.selector = labelSelector(this.labels);
    this.manifest = {
      namespace,
      container: config.job.name,
      labels: this.labels,
      payloadPath: config.job.payloadPath,
      ports: config.job.ports,
      runAsNonRoot: config.job.runAsNonRoot,
      placement: config.placement,
    };
    this.writer = new JobWriter(kube, this.cache, this.manifest, new KeyClaims(kube, this.labels, definition), clock);
    this.reader = new JobReader(kube, this.labels, this.manifest);
    this.probe = new ApiServerProbe(() => kube.version.getCode());
    const selector = this.selector;
    this.watches = [
      new ResourceWatch(
        'jobs',
        kube.watch,
        {
          path: `/apis/batch/v1/namespaces/${namespace}/jobs`,
          labelSelector: selector,
          list: () => kube.batch.listNamespacedJob({ namespace, labelSelector: selector }),
          listed: () => this.signal({ type: 'relisted', resource: 'jobs' }),
        },
        this.cache.jobHandlers,
      ),
      new ResourceWatch(
        'pods',
        kube.watch,
        {
          path: `/api/v1/namespaces/${namespace}/pods`,
          labelSelector: selector,
          list: () => kube.core.listNamespacedPod({ namespace, labelSelector: selector }),
          listed: () => this.signal({ type: 'relisted', resource: 'pods' }),
        },
        this.cache.podHandlers,
      ),
    ] as ResourceWatch<never>[];
    // How long after the API server's end condition (to the second: conditions have no finer time) the cache saw it.
    this.cache.onChange(({ previous, current }) => {
      if (current?.ended !== undefined && isFinished(current.status) && previous && !isFinished(previous.status)) {
        this.signal({ type: 'endSeen', lagSeconds: Math.max(0, (Date.now() - current.ended) / 1000) });
      }
    });
  }

  onModuleInit(): void {
    this.probe.start();
    // Not awaited: the API answers 503 and readiness stays false until the cache syncs,
    // so a cluster that is down at start does not keep the process from starting.
    void Promise.all(this.watches.map((watch) => watch.start())).then(() => this.cache.startAnnouncing());
  }

  /** After the HTTP server has closed: requests in flight on shutdown still read a live cache. */
  onApplicationShutdown(): void {
    this.watches.forEach((watch) => watch.stop());
    this.probe.stop();
    this.writer.rollback.stop();
  }

  /**
   * Ready while the cache is synced and the API server answers. Lists answer from the cache
   * even while the API server is away; readiness tells the Service to send writes elsewhere.
   */
  readiness(): GatewayReadiness {
    if (!this.synced()) return { ready: false, reason: 'watch cache not synced with the Kubernetes API server yet' };
    const unreachable = this.probe.unreachable;
    return unreachable ? { ready: false, reason: `Kubernetes API server unreachable: ${unreachable}` } : { ready: true };
  }

  private synced(): boolean {
    return this.watches.every((watch) => watch.synced);
  }

  onChange(listener: (change: JobChange) => void): void {
    this.cache.onChange(listener);
  }

  override onSignal(listener: (signal: RuntimeSignal) => void): void {
    this.signalListeners.push(listener);
  }

  private signal(signal: RuntimeSignal): void {
    for (const listener of this.signalListeners) listener(signal);
  }

  create(specs: JobSpec[]): Promise<JobRecord[]> {
    return this.writer.create(specs);
  }

  restart(specs: JobSpec[]): Promise<JobRecord[]> {
    return this.writer.restart(specs);
  }

  async list(): Promise<readonly JobRecord[]> {
    if (!this.synced()) throw new RuntimeUnavailableError('the job list is not loaded from the Kubernetes API server yet');
    return this.cache.list();
  }

  override listCurrent(): Promise<JobRecord[]> {
    return this.reader.listAll();
  }

  async get(name: string): Promise<JobRecord | undefined> {
    return this.cache.get(name) ?? (await this.reader.lookUp(name))?.record;
  }

  async describe(name: string): Promise<StoredJob> {
    const found = await this.reader.lookUp(name);
    if (!found) throw new JobNotFoundError(name);
    return { description: storedDescription(found.job), payload: await this.reader.payload(name) };
  }

  /**
   * The attempt's pod log, through the API server (pods/log). A container not started yet has
   * none: a follow waits for it (while the job has not finished), anything else answers empty.
   */
  async logs(name: string, options: LogOptions): Promise<Readable> {
    for (;;) {
      const job = await this.get(name);
      if (!job) throw new JobNotFoundError(name);
      const log = await this.reader.logs(job, options);
      if (log) return log;
      if (!options.follow || isFinished(job.status) || options.signal?.aborted) return Readable.from([]);
      await sleep(LOG_POLL_MS, undefined, { signal: options.signal }).catch(() => undefined);
    }
  }

  async stop(name: string): Promise<JobRecord> {
    const job = await this.get(name);
    if (!job) throw new JobNotFoundError(name);
    if (isFinished(job.status)) throw new JobNotActiveError(name, job.status);
    const annotations = {
      [ANNOTATION.stoppedAt]: this.clock.now().toISOString(),
      ...(job.started !== undefined ? { [ANNOTATION.startedAt]: new Date(job.started).toISOString() } : {}),
    };
    // Suspending makes the Job controller delete the pods while the Job and its record stay.
    const body = { metadata: { annotations }, spec: { suspend: true } };
    const stopped = await this.kube.batch
      .patchNamespacedJob({ name, namespace: this.kube.namespace, body }, MERGE_PATCH)
      .catch((error: unknown) => Promise.reject(fromApiError(error, name)));
    this.cache.applyWrite(stopped, 'updated');
    return this.cache.get(name) ?? toJobRecord(jobFacts(stopped), []);
  }

  /** Resumes a queued Job. Admitting twice (two leaders a moment apart) patches to the same state: the job runs once. */
  async admit(name: string): Promise<void> {
    const job = this.cache.get(name);
    if (!job?.queued || isFinished(job.status)) return;
    const body = { metadata: { annotations: { [ANNOTATION.queued]: null } }, spec: { suspend: false } };
    const admitted = await this.kube.batch
      .patchNamespacedJob({ name, namespace: this.kube.namespace, body }, MERGE_PATCH)
      .catch((error: unknown) => Promise.reject(fromApiError(error, name)));
    this.cache.applyWrite(admitted, 'updated');
  }

  /** Suspending makes the Job controller delete its pods while the Job and its record stay, Failed with StartDeadlineExceeded. */
  async expire(name: string): Promise<JobRecord> {
    const job = await this.get(name);
    if (!job) throw new JobNotFoundError(name);
    if (isFinished(job.status)) throw new JobNotActiveError(name, job.status);
    const body = { metadata: { annotations: { [ANNOTATION.expiredAt]: this.clock.now().toISOString() } }, spec: { suspend: true } };
    const expired = await this.kube.batch
      .patchNamespacedJob({ name, namespace: this.kube.namespace, body }, MERGE_PATCH)
      .catch((error: unknown) => Promise.reject(fromApiError(error, name)));
    this.cache.applyWrite(expired, 'updated');
    return this.cache.get(name) ?? toJobRecord(jobFacts(expired), []);
  }

  async markDelivered(name: string, signature: string): Promise<void> {
    const body = { metadata: { annotations: { [ANNOTATION.delivered]: signature } } };
    try {
      const marked = await this.kube.batch.patchNamespacedJob({ name, namespace: this.kube.namespace, body }, MERGE_PATCH);
      this.cache.applyWrite(marked, 'updated');
    } catch (error) {
      // Not kept: after a restart the receiver is told again, which at-least-once allows.
      if (apiStatus(error) !== 404) this.logger.warn(`could not keep what the webhook was told name=${name}: ${(error as Error).message}`);
    }
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
}
