import { type V1Lease, V1MicroTime } from '@kubernetes/client-node';
import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { BehaviorSubject, distinctUntilChanged } from 'rxjs';
import { SchedulerConfig } from '../config/scheduler.config.js';
import { Clock } from '../jobs/clock.js';
import { Leadership } from '../jobs/leadership.js';
import { apiStatus } from './kube.errors.js';
import { KubeClient } from './kube-client.js';
import { type ElectionTimings, LeaseElector, type LeaseRecord, type LeaseStore } from './lease-elector.js';
import { ownLabels } from './labels.js';

/** A SIGKILLed leader is replaced within LEASE + RETRY (12 s); a leader cut off stops after RENEW_DEADLINE. */
export const ELECTION: ElectionTimings & { retryMs: number } = { leaseMs: 10_000, renewDeadlineMs: 7_000, retryMs: 2_000 };

/**
 * Replicas of one job definition elect their leader with a coordination.k8s.io Lease named
 * after the job definition. client-node has no leader election, and no maintained package
 * fits client-node 2 and an injected clock, so the election (LeaseElector) is our own, after
 * client-go's. On shutdown the leader gives the Lease up, so a rolling update hands over at once.
 */
@Injectable()
export class LeaseLeadership extends Leadership implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(LeaseLeadership.name);
  private readonly elector: LeaseElector;
  private readonly state = new BehaviorSubject(false);
  readonly changes$ = this.state.pipe(distinctUntilChanged());
  private timer?: NodeJS.Timeout;
  private round?: Promise<void>;

  constructor(
    kube: KubeClient,
    config: SchedulerConfig,
    private readonly clock: Clock,
  ) {
    super();
    const identity = `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
    this.elector = new LeaseElector(new KubeLeaseStore(kube, leaseName(config), ownLabels(config)), identity, ELECTION);
  }

  isLeader(): boolean {
    return this.state.value;
  }

  onModuleInit(): void {
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.round;
    this.state.next(false);
    await this.elector
      .release(this.clock.now().getTime())
      .catch((error: unknown) => this.logger.warn(`could not give the Lease up: ${(error as Error).message}`));
  }

  private schedule(delay: number): void {
    this.timer = setTimeout(() => {
      this.round = this.tryOnce().finally(() => {
        if (this.timer) this.schedule(ELECTION.retryMs);
      });
    }, delay);
    this.timer.unref();
  }

  private async tryOnce(): Promise<void> {
    const leading = await this.elector.tryAcquireOrRenew(this.clock.now().getTime()).catch((error: unknown) => {
      this.logger.warn(`leader election: ${(error as Error).message}`);
      return false;
    });
    if (leading !== this.state.value) this.logger.log(`${leading ? 'leading' : 'no longer leading'} identity=${this.elector.identity}`);
    this.state.next(leading);
  }
}

/** `job-scheduler-<app>-<environment>-<job>`: one election per job definition, whichever process serves it. */
export function leaseName(config: SchedulerConfig): string {
  return `job-scheduler-${config.app}-${config.environment}-${config.job.name}`;
}

/** The Lease through the API server; a 409 (someone wrote first) is a lost round, not an error. */
class KubeLeaseStore implements LeaseStore {
  constructor(
    private readonly kube: KubeClient,
    private readonly name: string,
    private readonly labels: Record<string, string>,
  ) {}

  async read(): Promise<LeaseRecord | undefined> {
    const lease = await this.kube.coordination
      .readNamespacedLease({ name: this.name, namespace: this.kube.namespace })
      .catch((error: unknown) => {
        if (apiStatus(error) === 404) return undefined;
        throw error;
      });
    if (!lease) return undefined;
    const spec = lease.spec ?? {};
    return {
      holder: spec.holderIdentity || undefined,
      durationSeconds: spec.leaseDurationSeconds ?? 0,
      acquireTime: spec.acquireTime ? new Date(spec.acquireTime) : undefined,
      renewTime: spec.renewTime ? new Date(spec.renewTime) : undefined,
      transitions: spec.leaseTransitions ?? 0,
      version: lease.metadata?.resourceVersion,
    };
  }

  create(lease: LeaseRecord): Promise<boolean> {
    return this.written(this.kube.coordination.createNamespacedLease({ namespace: this.kube.namespace, body: this.body(lease) }));
  }

  replace(lease: LeaseRecord): Promise<boolean> {
    return this.written(
      this.kube.coordination.replaceNamespacedLease({ name: this.name, namespace: this.kube.namespace, body: this.body(lease) }),
    );
  }

  private async written(write: Promise<V1Lease>): Promise<boolean> {
    return write.then(
      () => true,
      (error: unknown) => {
        if (apiStatus(error) === 409) return false;
        throw error;
      },
    );
  }

  private body(lease: LeaseRecord): V1Lease {
    const time = (date?: Date) => (date ? new V1MicroTime(date.getTime()) : undefined);
    return {
      metadata: { name: this.name, labels: this.labels, resourceVersion: lease.version },
      spec: {
        holderIdentity: lease.holder,
        leaseDurationSeconds: lease.durationSeconds,
        acquireTime: time(lease.acquireTime),
        renewTime: time(lease.renewTime),
        leaseTransitions: lease.transitions,
      },
    };
  }
}
