import { type V1Job, type V1Lease, V1MicroTime } from '@kubernetes/client-node';
import { IDEMPOTENCY_WINDOW_MS } from '../jobs/idempotency.js';
import type { JobSpec } from '../jobs/job.model.js';
import { KeyClaimedError, RuntimeUnavailableError } from '../jobs/jobs.errors.js';
import { apiStatus, fromApiError } from './kube.errors.js';
import type { KubeClient } from './kube-client.js';
import { ANNOTATION, LABEL } from './labels.js';

const ATTEMPTS = 4;

/**
 * Makes an Idempotency-Key make one job (or batch) across every replica. Once a create's Jobs
 * exist (suspended, marked `creating`, so no reader sees them), it creates a Lease named after
 * the key's digest, owned by those Jobs: the API server's name uniqueness picks one winner;
 * the losers delete their Jobs and answer with the winner's. The garbage collector deletes the
 * claim with its Jobs (a crash half-way included: the abandoned sweep deletes the Jobs). A
 * claim whose Jobs are gone, or older than the key's window, is stale and is taken over with
 * an update that names the resourceVersion read, so two takers cannot both win.
 */
export class KeyClaims {
  constructor(
    private readonly kube: KubeClient,
    private readonly labels: Record<string, string>,
    private readonly definition: string,
  ) {}

  /** Claims the key of `specs` (one create) for `jobs`; throws KeyClaimedError when another create holds it. */
  async claim(specs: JobSpec[], jobs: V1Job[], now: Date): Promise<void> {
    const stamp = specs[0].idempotency;
    if (!stamp) return;
    const batch = specs[0].batchName;
    const holder = batch ?? specs[0].name;
    const name = `${this.definition}-${batch ? 'batch' : 'job'}-key-${stamp.key}`;
    const namespace = this.kube.namespace;
    const body: V1Lease = {
      metadata: {
        name,
        labels: { ...this.labels, [LABEL.idempotencyKey]: stamp.key },
        annotations: { [ANNOTATION.requestDigest]: stamp.request },
        ownerReferences: jobs.map((job) => ({ apiVersion: 'batch/v1', kind: 'Job', name: job.metadata!.name!, uid: job.metadata!.uid! })),
      },
      spec: { holderIdentity: holder, acquireTime: new V1MicroTime(now.getTime()) },
    };
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const created = await this.kube.coordination.createNamespacedLease({ namespace, body }).then(
        () => true,
        (error: unknown) => (apiStatus(error) === 409 ? false : Promise.reject(fromApiError(error, holder))),
      );
      if (created) return;
      const existing = await this.read(name, holder);
      if (!existing) continue; // collected meanwhile: create again
      if (await this.holds(existing, now)) {
        throw new KeyClaimedError(existing.spec?.holderIdentity ?? '', existing.metadata?.annotations?.[ANNOTATION.requestDigest] ?? '');
      }
      const replaced = { ...body, metadata: { ...body.metadata, resourceVersion: existing.metadata?.resourceVersion } };
      const taken = await this.kube.coordination.replaceNamespacedLease({ name, namespace, body: replaced }).then(
        () => true,
        (error: unknown) => ([404, 409].includes(apiStatus(error) ?? 0) ? false : Promise.reject(fromApiError(error, holder))),
      );
      if (taken) return;
    }
    throw new RuntimeUnavailableError(`Idempotency-Key: contended by other creates; try again`, 1);
  }

  private read(name: string, holder: string): Promise<V1Lease | undefined> {
    return this.kube.coordination.readNamespacedLease({ name, namespace: this.kube.namespace }).catch((error: unknown) => {
      if (apiStatus(error) === 404) return undefined;
      throw fromApiError(error, holder);
    });
  }

  /** Whether a claim still holds its key: within the window, and one of its Jobs still exists. */
  private async holds(claim: V1Lease, now: Date): Promise<boolean> {
    const acquired = claim.spec?.acquireTime ? new Date(claim.spec.acquireTime).getTime() : 0;
    if (now.getTime() - acquired >= IDEMPOTENCY_WINDOW_MS) return false;
    for (const owner of claim.metadata?.ownerReferences ?? []) {
      const job = await this.kube.batch.readNamespacedJob({ name: owner.name, namespace: this.kube.namespace }).catch((error: unknown) => {
        if (apiStatus(error) === 404) return undefined;
        throw fromApiError(error, owner.name);
      });
      if (job?.metadata?.uid === owner.uid && !job.metadata?.deletionTimestamp) return true;
    }
    return false;
  }
}
