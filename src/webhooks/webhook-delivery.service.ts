import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { filter } from 'rxjs';
import { backoff } from '../jobs/backoff.js';
import { toBatchRecord } from '../batches/batch.model.js';
import { deliveryPending, deliverySignature, type JobEvent } from '../jobs/job-event.js';
import { JobEventHub } from '../jobs/job-event-hub.js';
import { JobGateway } from '../jobs/job.gateway.js';
import { Leadership } from '../jobs/leadership.js';
import type { JobRecord } from '../jobs/job.model.js';
import { SchedulerMetrics } from '../metrics/scheduler-metrics.js';
import { batchEvent } from './webhook-body.js';
import { WebhookSender } from './webhook-sender.js';

/** POSTs at once, over all jobs; each job's events go one after the other. */
const PARALLEL = 8;
const RETRY = { firstMs: 1000, maxMs: 5 * 60 * 1000, jitter: 0.5 };

interface Pending {
  event: JobEvent;
  body?: string;
  since?: number;
  attempts: number;
}

/**
 * Tells the job definition's webhook of every event, in order per job, at least once:
 * - each failed POST is retried with exponential back-off and jitter, until the retry window
 *   has passed; then the event is given up, and the log says so;
 * - what the receiver was told is kept with the job (gateway.markDelivered), so that after a
 *   restart the scheduler tells it the state of every job it was not told of, and retention
 *   keeps a job until its end has been told;
 * - the queue is bounded; past it the oldest event is dropped, with a warning, so that a slow
 *   or dead receiver never slows the API.
 */
@Injectable()
export class WebhookDelivery implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookDelivery.name);
  private readonly queues = new Map<string, Pending[]>();
  private readonly busy = new Set<string>();
  private readonly waiting: string[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private inFlight = 0;
  private size = 0;
  private stopped = false;
  /** Sending begins with the app, on the leader; events of the start wait in the queue until then. */
  private started = false;

  constructor(
    private readonly events: JobEventHub,
    private readonly gateway: JobGateway,
    private readonly sender: WebhookSender,
    private readonly metrics: SchedulerMetrics,
    private readonly leadership: Leadership,
  ) {
    // Before any runtime starts: what a local start decides (a job it fails) is an event too.
    // Only the leader tells: every replica sees every change, and each would tell it again.
    if (sender.url) this.events.events$.pipe(filter(() => leadership.isLeader())).subscribe((event) => this.enqueue(event));
  }

  onApplicationBootstrap(): void {
    if (!this.sender.url) return;
    this.metrics.countWebhookQueue(this.sender.settings.definition, () => this.size);
    this.leadership.changes$.subscribe((leading) => (leading ? this.lead() : this.follow()));
  }

  /** Starts telling: what waits, then what the last leader (or the last run) did not tell. */
  private lead(): void {
    this.started = true;
    for (const name of this.queues.keys()) this.schedule(name);
    void this.recover();
  }

  /** Another replica tells from now on; what it finds untold in the jobs' delivery state, it tells. */
  private follow(): void {
    this.started = false;
    this.clearTimers();
    this.waiting.length = 0;
    for (const name of this.queues.keys()) if (!this.busy.has(name)) this.queues.delete(name);
    this.size = [...this.queues.values()].reduce((sum, queue) => sum + queue.length, 0);
  }

  beforeApplicationShutdown(): void {
    this.stopped = true;
    this.clearTimers();
  }

  private clearTimers(): void {
    this.timers.forEach(clearTimeout);
    this.timers.clear();
  }

  /** Events waiting to be told, for metrics. */
  get depth(): number {
    return this.size;
  }

  private enqueue(event: JobEvent): void {
    if (this.size >= this.sender.settings.maxQueue) this.dropOldest();
    const name = event.job.name;
    const queue = this.queues.get(name) ?? [];
    queue.push({ event, attempts: 0 });
    this.queues.set(name, queue);
    this.size++;
    this.schedule(name);
  }

  /** After a start: every job whose receiver was not told of its last change is told of it now. */
  private async recover(): Promise<void> {
    while (!this.gateway.readiness().ready && !this.stopped) await this.pause(250);
    if (this.stopped) return;
    const untold = (await this.gateway.list()).filter((job) => deliveryPending(job) && !this.queues.has(job.name));
    for (const job of untold) this.enqueue(this.events.retell(job, job.delivered === '' ? 'created' : 'updated'));
    if (untold.length > 0) this.logger.log(`webhook events told again after a start count=${untold.length}`);
  }

  private schedule(name: string): void {
    if (!this.started || this.busy.has(name) || this.stopped || !this.queues.get(name)?.length) return;
    this.busy.add(name);
    this.waiting.push(name);
    this.pump();
  }

  private pump(): void {
    while (this.inFlight < PARALLEL && this.waiting.length > 0) {
      const name = this.waiting.shift()!;
      this.inFlight++;
      void this.attempt(name).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async attempt(name: string): Promise<void> {
    const pending = this.queues.get(name)?.[0];
    if (!pending || this.stopped || !this.started) return void this.busy.delete(name);
    pending.body ??= batchEvent(pending.event, await this.batchOf(pending.event.job));
    pending.since ??= Date.now();
    pending.attempts++;
    const sent = await this.sender.send(pending.event.id, pending.body);
    const givenUp = !sent.ok && Date.now() - pending.since >= this.sender.settings.retryWindowMs;
    this.metrics.webhookDeliveries.inc({
      job_definition: this.sender.settings.definition,
      result: sent.ok ? 'delivered' : givenUp ? 'given_up' : 'failed',
    });
    if (sent.ok || givenUp) {
      if (!sent.ok)
        this.logger.error(`webhook event given up id=${pending.event.id} name=${name} attempts=${pending.attempts}: ${sent.why}`);
      await this.done(name, pending);
      return;
    }
    const delay = backoff(RETRY, pending.attempts);
    this.logger.warn(
      `webhook event not delivered id=${pending.event.id} name=${name} attempt=${pending.attempts}, retrying in ${Math.round(delay)} ms: ${sent.why}`,
    );
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.waiting.push(name);
      this.pump();
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }

  private async done(name: string, pending: Pending): Promise<void> {
    const queue = this.queues.get(name)!;
    queue.shift();
    this.size--;
    // A follower keeps no more than what it was telling when it stopped leading.
    if (queue.length === 0 || !this.started) {
      this.size -= queue.length;
      this.queues.delete(name);
    }
    if (pending.event.type !== 'deleted') await this.gateway.markDelivered(name, deliverySignature(pending.event.job));
    this.busy.delete(name);
    this.schedule(name);
  }

  /** The oldest event not being sent right now goes (queues keep the order they were made in). */
  private dropOldest(): void {
    for (const [name, queue] of this.queues) {
      const index = this.busy.has(name) ? 1 : 0;
      if (queue.length <= index) continue;
      const [dropped] = queue.splice(index, 1);
      this.size--;
      if (queue.length === 0) this.queues.delete(name);
      this.logger.warn(`webhook queue full (${this.sender.settings.maxQueue}); dropped event id=${dropped.event.id} name=${name}`);
      return;
    }
  }

  private async batchOf(job: JobRecord) {
    if (!job.batchName) return undefined;
    const jobs = (await this.gateway.list()).filter((other) => other.batchName === job.batchName);
    return toBatchRecord(job.batchName, jobs.length > 0 ? jobs : [job], this.sender.settings.batchStatusRules);
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms).unref());
  }
}
