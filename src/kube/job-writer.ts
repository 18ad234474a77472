import { PatchStrategy, setHeaderOptions, type V1Job } from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../jobs/clock.js';
import { mapLimit } from '../jobs/concurrency.js';
import type { JobRecord, JobSpec } from '../jobs/job.model.js';
import { RuntimeUnavailableError } from '../jobs/jobs.errors.js';
import type { JobCache } from './job-cache.js';
import { jobFacts } from './job-facts.js';
import { jobManifest, jobService, type ManifestContext, payloadSecret } from './job-manifest.js';
import { toJobRecord } from './job-status.js';
import { apiStatus, fromApiError } from './kube.errors.js';
import type { KeyClaims } from './key-claim.js';
import type { KubeClient } from './kube-client.js';
import { ANNOTATION, secretsName } from './labels.js';
import { Rollback } from './rollback.js';

export const MERGE_PATCH = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
/** API calls of one batch in flight at once: fast, without flooding the API server or its rate limits. */
export const WRITE_CONCURRENCY = 16;
const GONE_POLL_MS = 250;
const GONE_TIMEOUT_MS = 60_000;

/**
 * Every write of the Kubernetes runtime. Jobs are created suspended and marked `creating`;
 * once all of them and what they own (payload Secret, Service) exist, they are resumed. If
 * the create carries an Idempotency-Key, its claim (KeyClaims) is made in between. If
 * any step fails, every Job of the call is deleted and the garbage collector takes what they
 * owned, so nothing is left behind (a deletion the API server refuses is retried until it
 * succeeds); a crash half-way leaves Jobs marked `creating`, which readers never see and the
 * abandoned sweep removes.
 */
export class JobWriter {
  /** Removes what a failed create made; retries in the background while the API server is away. */
  readonly rollback = new Rollback((name) => this.deleteJob(name), WRITE_CONCURRENCY);

  constructor(
    private readonly kube: KubeClient,
    private readonly cache: JobCache,
    private readonly manifest: ManifestContext,
    private readonly claims: KeyClaims,
    private readonly clock: Clock,
  ) {}

  async create(specs: JobSpec[]): Promise<JobRecord[]> {
    await this.checkSecrets(specs);
    return this.createChecked(specs);
  }

  /**
   * A finished job runs again as a new Job under its name. What can be known to fail is
   * checked before anything is deleted, so a refused restart keeps the job. The old Job is
   * deleted in the foreground, so that its pods, Secret and Service are gone (and their names
   * free) before the new one is made.
   */
  async restart(specs: JobSpec[]): Promise<JobRecord[]> {
    await this.checkSecrets(specs);
    await mapLimit(specs, WRITE_CONCURRENCY, (spec) => this.deleteAndWait(spec.name));
    return this.createChecked(specs);
  }

  private async createChecked(specs: JobSpec[]): Promise<JobRecord[]> {
    try {
      const jobs = await mapLimit(specs, WRITE_CONCURRENCY, (spec) => this.createSuspended(spec));
      // A key another create holds throws here, while the Jobs are still unseen: they go, unannounced.
      await this.claims.claim(specs, jobs, this.clock.now());
      await mapLimit(jobs, WRITE_CONCURRENCY, (job, i) => this.createOwned(job, specs[i]));
      const resumed = await mapLimit(jobs, WRITE_CONCURRENCY, (job, i) => this.resume(job, specs[i].queued === true));
      resumed.forEach((job) => this.cache.applyWrite(job, 'created'));
      return resumed.map((job) => toJobRecord(jobFacts(job), []));
    } catch (error) {
      await this.rollback.removeAll(specs.map((spec) => spec.name));
      throw error;
    }
  }

  /**
   * Background propagation: the API's default for Jobs orphans their pods. The cache forgets
   * the job at once, so reads that follow do not see it while the watch catches up. For a
   * restart the deletion is in the foreground: the Job goes only once its pods, Secret and
   * Service have, so their names are free for the new one.
   */
  async deleteJob(name: string, restarting = false): Promise<void> {
    const propagationPolicy = restarting ? 'Foreground' : 'Background';
    await this.kube.batch.deleteNamespacedJob({ name, namespace: this.kube.namespace, propagationPolicy });
    this.cache.forget(name, { restarting });
  }

  private async createSuspended(spec: JobSpec): Promise<V1Job> {
    const namespace = this.kube.namespace;
    try {
      return await this.kube.batch.createNamespacedJob({ namespace, body: jobManifest(spec, this.manifest, this.clock.now()) });
    } catch (error) {
      if (apiStatus(error) === 404) throw new Error(`namespace ${namespace} does not exist`, { cause: error });
      throw fromApiError(error, spec.name);
    }
  }

  /** Secret and Service need only the Job's UID, so they are created side by side. */
  private async createOwned(job: V1Job, spec: JobSpec): Promise<void> {
    const namespace = this.kube.namespace;
    const { payloadPath, ports } = this.manifest;
    try {
      await Promise.all([
        spec.payload !== undefined && payloadPath
          ? this.kube.core.createNamespacedSecret({ namespace, body: payloadSecret(job, spec.payload) })
          : undefined,
        ports.length > 0 ? this.kube.core.createNamespacedService({ namespace, body: jobService(job, ports) }) : undefined,
      ]);
    } catch (error) {
      throw fromApiError(error, spec.name);
    }
  }

  /** Made whole: a job that waits in the queue stays suspended until the leader admits it. */
  private async resume(job: V1Job, queued: boolean): Promise<V1Job> {
    const name = job.metadata!.name!;
    const body = { metadata: { annotations: { [ANNOTATION.creating]: null } }, spec: { suspend: queued } };
    return this.kube.batch
      .patchNamespacedJob({ name, namespace: this.kube.namespace, body }, MERGE_PATCH)
      .catch((error: unknown) => Promise.reject(fromApiError(error, name)));
  }

  /**
   * The Secret `<job>-secrets` must hold every variable the job definition's `secrets` names:
   * a job is refused at once rather than left waiting with CreateContainerConfigError.
   */
  private async checkSecrets(specs: JobSpec[]): Promise<void> {
    const wanted = [...new Set(specs.flatMap((spec) => spec.secrets))];
    if (wanted.length === 0) return;
    const name = secretsName(this.manifest.container);
    const secret = await this.kube.core.readNamespacedSecret({ name, namespace: this.kube.namespace }).catch((error: unknown) => {
      if (apiStatus(error) === 404) return undefined;
      throw fromApiError(error, specs[0].name);
    });
    const missing = wanted.filter((key) => secret?.data?.[key] === undefined);
    if (missing.length === 0) return;
    const what = secret ? `Secret ${name} has no key ${missing.join(', ')}` : `Secret ${name} does not exist`;
    throw new RuntimeUnavailableError(`cannot start jobs: ${what}; it must hold the job's secrets (${wanted.join(', ')})`, 30);
  }

  private async deleteAndWait(name: string): Promise<void> {
    await this.deleteJob(name, true).catch((error: unknown) => {
      if (apiStatus(error) !== 404) throw fromApiError(error, name);
    });
    for (const deadline = Date.now() + GONE_TIMEOUT_MS; Date.now() < deadline; await sleep(GONE_POLL_MS)) {
      const gone = await this.kube.batch.readNamespacedJob({ name, namespace: this.kube.namespace }).then(
        () => false,
        (error: unknown) => (apiStatus(error) === 404 ? true : Promise.reject(fromApiError(error, name))),
      );
      if (gone) return;
    }
    throw new RuntimeUnavailableError(`job ${name} is still being deleted; try the restart again`);
  }
}
