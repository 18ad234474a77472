import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { filter, merge, type Subscription, tap } from 'rxjs';
import { Clock } from '../jobs/clock.js';
import type { JobEvent } from '../jobs/job-event.js';
import { JobEventHub } from '../jobs/job-event-hub.js';
import { JobGateway } from '../jobs/job.gateway.js';
import { isFinished, type JobRecord } from '../jobs/job.model.js';
import { JobNotActiveError, JobNotFoundError } from '../jobs/jobs.errors.js';
import { Leadership } from '../jobs/leadership.js';
import { lineOf, planAdmission } from './admission.js';
import { QueueView } from './queue-view.js';

/** Node fires a longer timeout at once. */
const LONGEST_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Admits queued jobs, and fails jobs not running by their start deadline. Every replica plans
 * after each change (so that each shows the queue's places), but only the leader admits and
 * expires. Plans never overlap: changes that come during one make one more. A job admitted a
 * moment ago counts as running until its change comes back, so that the cap never overflows
 * and no job is admitted twice; after a restart or a change of leader, the queue is rebuilt
 * from the jobs themselves.
 *
 * A plan reads only the unfinished jobs, kept here from the events: a scheduler that knows
 * 10,000 finished jobs spent half its CPU planning over all of them after every change (B2
 * with the jobs of B1 and B4 known). They are read whole from the runtime at the first plan,
 * at a change of leader, a pause or resume, a runtime's relist, and a start deadline's timer.
 */
@Injectable()
export class Admissions implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(Admissions.name);
  private readonly admitting = new Set<string>();
  /** When each line (a batch, or the single jobs) last had a job admitted: turns go on across plans. */
  private readonly served = new Map<string, number>();
  private admissions = 0;
  private subscription?: Subscription;
  private planning?: Promise<void>;
  private again = false;
  private deadline?: NodeJS.Timeout;
  private stopped = false;
  /** The jobs not finished, by name, as the last event of each told. */
  private unfinished = new Map<string, JobRecord>();
  /** Whether `unfinished` must be read whole from the runtime before the next plan. */
  private stale = true;
  /** Events that came while `unfinished` was being read, to apply on top of what was read. */
  private reading?: JobEvent[];

  constructor(
    private readonly gateway: JobGateway,
    private readonly events: JobEventHub,
    private readonly leadership: Leadership,
    private readonly view: QueueView,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.events.events$.subscribe((event) => {
      if (event.type === 'created') this.view.seen();
      this.take(event);
      this.reading?.push(event);
    });
    const rereads = merge(
      this.leadership.changes$,
      this.view.pauses$,
      this.events.signals$.pipe(filter(({ type }) => type === 'relisted')),
    );
    this.subscription = merge(this.events.events$, rereads.pipe(tap(() => (this.stale = true)))).subscribe(() => this.planSoon());
  }

  beforeApplicationShutdown(): void {
    this.stopped = true;
    this.subscription?.unsubscribe();
    clearTimeout(this.deadline);
  }

  /** One plan at a time; what changes meanwhile is planned right after. */
  planSoon(): void {
    if (this.stopped) return;
    if (this.planning) {
      this.again = true;
      return;
    }
    // Never within the telling of an event: an admission tells its own event, which would reach
    // the event stream before the one being told (a job's end after the next one's admission).
    this.planning = Promise.resolve()
      .then(() => this.plan())
      .catch((error: unknown) => this.logger.warn(`queue not planned: ${(error as Error).message}`))
      .finally(() => {
        this.planning = undefined;
        if (this.again) {
          this.again = false;
          this.planSoon();
        }
      });
  }

  /** Plans with the jobs as they are now; the leader admits and expires. */
  async plan(): Promise<void> {
    if (!this.gateway.readiness().ready) return;
    if (this.stale) await this.readUnfinished();
    const records = [...this.unfinished.values()];
    this.forgetSettled(records);
    const plan = planAdmission(records, this.view.limits(), this.admitting, this.served);
    this.view.update(plan, records);
    if (!this.leadership.isLeader()) return;
    await Promise.all(plan.admit.map((job) => this.admit(job)));
    await this.enforceDeadlines(records);
  }

  /** Keeps a job while it is unfinished, by the record its event carries. */
  private take(event: JobEvent): void {
    if (event.type === 'deleted' || isFinished(event.job.status)) this.unfinished.delete(event.job.name);
    else this.unfinished.set(event.job.name, event.job);
  }

  /** Reads the unfinished jobs whole from the runtime; events that come meanwhile are newer. */
  private async readUnfinished(): Promise<void> {
    this.stale = false;
    this.reading = [];
    try {
      const records = await this.gateway.list();
      this.unfinished = new Map(records.filter((job) => !isFinished(job.status)).map((job) => [job.name, job]));
      this.reading.forEach((event) => this.take(event));
    } catch (error) {
      this.stale = true;
      throw error;
    } finally {
      this.reading = undefined;
    }
  }

  private async admit(job: JobRecord): Promise<void> {
    this.admitting.add(job.name);
    this.served.set(lineOf(job), ++this.admissions);
    try {
      await this.gateway.admit(job.name);
    } catch (error) {
      this.admitting.delete(job.name);
      this.logger.warn(`could not admit name=${job.name}: ${(error as Error).message}`);
    }
  }

  /** A job whose admission has come back (or that ended, or went) no longer needs its place held. */
  private forgetSettled(records: readonly JobRecord[]): void {
    const waiting = records.filter((job) => job.queued && !isFinished(job.status));
    const names = new Set(waiting.map((job) => job.name));
    for (const name of this.admitting) if (!names.has(name)) this.admitting.delete(name);
    // A batch with no job left waiting needs no turn remembered.
    const lines = new Set(waiting.map(lineOf));
    for (const line of this.served.keys()) if (!line.endsWith('/') && !lines.has(line)) this.served.delete(line);
  }

  /** Fails each job not running by its deadline; waits for the next deadline to come. */
  private async enforceDeadlines(records: readonly JobRecord[]): Promise<void> {
    clearTimeout(this.deadline);
    const now = this.clock.now().getTime();
    let next = Infinity;
    for (const job of records) {
      if (job.startDeadlineSeconds === undefined || job.started !== undefined || isFinished(job.status)) continue;
      const due = job.created + job.startDeadlineSeconds * 1000;
      if (due > now) next = Math.min(next, due);
      else await this.expire(job);
    }
    if (next < Infinity)
      this.deadline = setTimeout(
        () => {
          this.stale = true;
          this.planSoon();
        },
        Math.min(next - now, LONGEST_TIMEOUT_MS),
      );
  }

  /** Fails a job past its deadline, if the runtime's record still says it has not started. */
  private async expire(known: JobRecord): Promise<void> {
    try {
      // `started` can come without an event (a pod began and failed, the next one waits): the runtime's record decides.
      const job = await this.gateway.get(known.name);
      if (job && !isFinished(job.status)) this.unfinished.set(job.name, job);
      if (!job || job.started !== undefined || isFinished(job.status)) return;
      await this.gateway.expire(job.name);
      this.logger.log(`job failed: not running by its start deadline name=${job.name} seconds=${job.startDeadlineSeconds}`);
    } catch (error) {
      if (error instanceof JobNotActiveError || error instanceof JobNotFoundError) return;
      this.logger.warn(`could not fail name=${known.name} past its start deadline: ${(error as Error).message}`);
    }
  }
}
