import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { backoff } from '../jobs/backoff.js';
import { JobEventHub } from '../jobs/job-event-hub.js';
import { Leadership } from '../jobs/leadership.js';
import { DeliveryLedger } from './delivery-ledger.js';
import { WebhookSender } from './webhook-sender.js';

/** POSTs at once, over all jobs; each job's events go one after the other. */
const PARALLEL = 8;
const RETRY = { firstMs: 1000, maxMs: 5 * 60 * 1000, jitter: 0.5 };

/**
 * Tells the job definition's webhook of every event, in order per job, at least once, from
 * the leader only (every replica sees every change, and each would tell it again):
 * - each failed POST is retried with exponential back-off and jitter, until the ledger gives
 *   the event up (its retry window has passed);
 * - what is owed and what was told is the ledger's (DeliveryLedger): after a restart, or on
 *   becoming leader, the receiver is told the state of every job it was not told of;
 * - the queue is bounded, so that a slow or dead receiver never slows the API.
 */
@Injectable()
export class WebhookDelivery implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookDelivery.name);
  /** Jobs with a POST in flight or a retry waiting: at most one each. */
  private readonly busy = new Set<string>();
  private readonly waiting: string[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly sending = (name: string) => this.busy.has(name);
  private inFlight = 0;
  private stopped = false;
  /** Sending begins with the app, on the leader; events of the start wait in the queue until then. */
  private started = false;

  constructor(
    private readonly events: JobEventHub,
    private readonly ledger: DeliveryLedger,
    private readonly sender: WebhookSender,
    private readonly leadership: Leadership,
  ) {
    // Before any runtime starts: what a local start decides (a job it fails) is an event too.
    if (!sender.url) return;
    this.events.events$.subscribe((event) => {
      this.ledger.see(event);
      if (leadership.isLeader()) this.schedule(this.ledger.owe(event, this.sending));
    });
    if (ledger.tellsSchedules)
      this.events.scheduleEvents$.subscribe((event) => leadership.isLeader() && this.schedule(this.ledger.owe(event, this.sending)));
  }

  onApplicationBootstrap(): void {
    if (!this.sender.url) return;
    this.leadership.changes$.subscribe((leading) => (leading ? this.lead() : this.follow()));
  }

  beforeApplicationShutdown(): void {
    this.stopped = true;
    this.clearTimers();
  }

  /** Starts telling: what waits, then what the last leader (or the last run) did not tell. */
  private lead(): void {
    this.started = true;
    for (const name of this.ledger.owing()) this.schedule(name);
    void this.recover();
  }

  /** Another replica tells from now on; what it finds untold in the jobs' delivery state, it tells. */
  private follow(): void {
    this.started = false;
    this.clearTimers();
    this.waiting.length = 0;
    this.ledger.forgetAllBut(this.sending);
  }

  private clearTimers(): void {
    this.timers.forEach(clearTimeout);
    this.timers.clear();
  }

  /** After a start: every job whose receiver was not told of its last change is told of it now. */
  private async recover(): Promise<void> {
    while (!this.ledger.ready() && !this.stopped) await pause(250);
    if (this.stopped) return;
    const untold = await this.ledger.untold();
    for (const job of untold)
      this.schedule(this.ledger.owe(this.events.retell(job, job.delivered === '' ? 'created' : 'updated'), this.sending));
    if (untold.length > 0) this.logger.log(`webhook events told again after a start count=${untold.length}`);
  }

  private schedule(name: string): void {
    if (!this.started || this.busy.has(name) || this.stopped || !this.ledger.next(name)) return;
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
    const pending = this.ledger.next(name);
    if (!pending || this.stopped || !this.started) return void this.busy.delete(name);
    const body = this.ledger.body(pending);
    pending.since ??= Date.now();
    pending.attempts++;
    const sent = await this.sender.send(pending.event.id, body);
    // A follower keeps no more than what it was telling when it stopped leading.
    if (await this.ledger.record(name, pending, sent, this.started)) {
      this.busy.delete(name);
      this.schedule(name);
      return;
    }
    const delay = backoff(RETRY, pending.attempts);
    this.logger.warn(
      `webhook event not delivered id=${pending.event.id} name=${name} attempt=${pending.attempts}, retrying in ${Math.round(delay)} ms: ${!sent.ok ? sent.why : ''}`,
    );
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.waiting.push(name);
      this.pump();
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
