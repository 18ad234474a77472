import { Injectable, Logger } from '@nestjs/common';
import { toBatchRecord } from '../batches/batch.model.js';
import { SchedulerConfig } from '../config/scheduler.config.js';
import type { HubEvent, JobEvent } from '../jobs/job-event.js';
import { JobGateway } from '../jobs/job.gateway.js';
import { JobHolds } from '../jobs/job-holds.js';
import type { JobRecord } from '../jobs/job.model.js';
import { SchedulerMetrics } from '../metrics/scheduler-metrics.js';
import { BatchMembers } from './batch-members.js';
import { DeliveryQueue, type Pending } from './delivery-queue.js';
import { batchEvent, scheduleEventBody } from './webhook-body.js';
import type { Sent } from './webhook-sender.js';

/**
 * What of a job's state its receiver was told: the same signature for two records means
 * nothing new to tell. The runtime keeps the last one with the job ('' for none yet).
 */
export function deliverySignature(job: JobRecord): string {
  return `${job.status}/${job.restarts ?? 0}/${job.failed ?? 0}`;
}

/** A job whose last change its receiver has not been told of (nor given up on). */
export function deliveryOwed(job: JobRecord): boolean {
  return job.delivered !== undefined && job.delivered !== deliverySignature(job);
}

/** What a delivery queue keeps an event's order under: its job, or its schedule. */
export function deliveryKey(event: HubEvent): string {
  return 'job' in event ? event.job.name : `schedule/${event.schedule.id}`;
}

/**
 * The one owner of webhook delivery state: what is owed in memory (the queue), what each
 * job's receiver was told (kept with the job by the runtime, so that a restart or the next
 * leader knows), what is owed after a start, the hold that keeps a job from retention while
 * its end may still be told, and the batch state each BatchEvent is made of.
 */
@Injectable()
export class DeliveryLedger {
  private readonly logger = new Logger(DeliveryLedger.name);
  private readonly queue: DeliveryQueue;
  private readonly members = new BatchMembers();
  private readonly definition: string;

  constructor(
    private readonly gateway: JobGateway,
    private readonly config: SchedulerConfig,
    holds: JobHolds,
    private readonly metrics: SchedulerMetrics,
  ) {
    this.definition = config.job.name;
    this.queue = new DeliveryQueue(config.webhooks.maxQueue);
    if (!config.job.webhook) return;
    holds.add((job, now) => this.holds(job, now));
    metrics.countWebhookQueue(this.definition, () => this.queue.size);
  }

  /** Whether the jobs' delivery state can be read (the runtime has loaded its jobs). */
  ready(): boolean {
    return this.gateway.readiness().ready;
  }

  /** Every event, told or not: the batches' state follows them. */
  see(event: JobEvent): void {
    this.members.see(event);
  }

  /** Whether firings of schedules that started no job are told too (JOB_SCHEDULER_WEBHOOK_SCHEDULE_EVENTS). */
  get tellsSchedules(): boolean {
    return this.config.webhooks.scheduleEvents;
  }

  /**
   * An event to tell, behind the others of its job (or schedule); past the bound the oldest
   * waiting one is dropped, with a warning. Returns the key it waits under.
   */
  owe(event: HubEvent, sending: (key: string) => boolean): string {
    const key = deliveryKey(event);
    const dropped = this.queue.push(event, key, sending);
    if (dropped)
      this.logger.warn(
        `webhook queue full (${this.config.webhooks.maxQueue}); dropped event id=${dropped.event.id} of ${deliveryKey(dropped.event)}`,
      );
    return key;
  }

  next(name: string): Pending | undefined {
    return this.queue.first(name);
  }

  owing(): string[] {
    return this.queue.names();
  }

  /** Forgets what others will tell: a follower keeps only what it is telling right now. */
  forgetAllBut(sending: (name: string) => boolean): void {
    this.queue.keepOnly(sending);
  }

  /** The Radix BatchEvent of the job's next event, made once: a job of a batch is told with its batch's status. */
  body(pending: Pending): string {
    if (!('job' in pending.event)) return (pending.body ??= scheduleEventBody(pending.event, this.definition));
    const { job } = pending.event;
    const batch = job.batchName
      ? toBatchRecord(job.batchName, this.members.of({ ...job, batchName: job.batchName }), this.config.job.batchStatusRules)
      : undefined;
    return (pending.body ??= batchEvent(pending.event, batch));
  }

  /**
   * After a start, or on becoming leader: the jobs whose receiver was not told of their last
   * change and that wait in no queue. Their batches' state is taken from the same list.
   */
  async untold(): Promise<JobRecord[]> {
    const jobs = await this.gateway.list();
    this.members.seed(jobs);
    return jobs.filter((job) => deliveryOwed(job) && !this.queue.has(job.name));
  }

  /**
   * Books the outcome of one POST of the job's next event: told, or failed past the retry
   * window (given up), ends it; what its receiver was told is kept with the job. True when the
   * event is done with; false when it is to be tried again.
   */
  async record(name: string, pending: Pending, sent: Sent, keepRest: boolean): Promise<boolean> {
    const givenUp = !sent.ok && Date.now() - (pending.since ?? Date.now()) >= this.config.webhooks.retryWindowMs;
    this.metrics.webhookDeliveries.inc({
      job_definition: this.definition,
      result: sent.ok ? 'delivered' : givenUp ? 'given_up' : 'failed',
    });
    if (!sent.ok && !givenUp) return false;
    if (!sent.ok) this.logger.error(`webhook event given up id=${pending.event.id} name=${name} attempts=${pending.attempts}: ${sent.why}`);
    this.queue.shift(name, keepRest);
    const { event } = pending;
    if ('job' in event && event.type !== 'deleted') await this.gateway.markDelivered(name, deliverySignature(event.job));
    return true;
  }

  /**
   * Retention keeps a job whose end is owed while it may still be told: within the retry
   * window after its end. Past it the job may go untold, and the log says so, since its
   * receiver will never know.
   */
  private holds(job: JobRecord, now: Date): boolean {
    if (!deliveryOwed(job)) return false;
    if (now.getTime() - (job.ended ?? job.created) < this.config.webhooks.retryWindowMs) return true;
    this.logger.warn(`retention may delete a job whose webhook was not told of its end within the retry window name=${job.name}`);
    return false;
  }
}
