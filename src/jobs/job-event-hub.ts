import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { Subject, type Subscription } from 'rxjs';
import { Clock } from './clock.js';
import {
  EventIds,
  type HubEvent,
  type JobChange,
  type JobEvent,
  type JobEventType,
  type RuntimeSignal,
  type ScheduleEvent,
  eventTypeOf,
} from './job-event.js';
import type { JobRecord } from './job.model.js';
import { JobGateway } from './job.gateway.js';
import { ReplayWindow } from './replay-window.js';

/** Events kept for callers that resume a stream (Last-Event-ID). */
export const REPLAY_EVENTS = 10_000;

/**
 * The one place where what happens to jobs becomes events, in order: both runtimes feed it
 * their changes (and their signals), and retention, webhooks, the event stream, `wait` and
 * metrics read from it. It knows none of them.
 * State a runtime loads at start is not announced as a change; the runtime sees to that.
 */
@Injectable()
export class JobEventHub implements BeforeApplicationShutdown {
  private readonly logger = new Logger(JobEventHub.name);
  private readonly subject = new Subject<JobEvent>();
  private readonly ids = new EventIds();
  private readonly replay: ReplayWindow<HubEvent>;
  private closed = false;
  readonly events$ = this.subject.asObservable();
  private readonly schedules = new Subject<ScheduleEvent>();
  /** Firings of schedules that started no job, in the same order and id sequence as job events. */
  readonly scheduleEvents$ = this.schedules.asObservable();
  private readonly signals = new Subject<RuntimeSignal>();
  /** What the runtime notices about itself (a relist, a late end), for metrics; no event, no id. */
  readonly signals$ = this.signals.asObservable();

  constructor(
    gateway: JobGateway,
    private readonly clock: Clock,
  ) {
    // Events of an earlier run of the scheduler are not kept: a stream resuming from one may miss some.
    this.replay = new ReplayWindow(REPLAY_EVENTS, this.ids.next(clock.now()));
    // In the constructor, before any runtime starts: a local restart announces the jobs it fails.
    gateway.onChange((change) => this.publish(change));
    gateway.onSignal((signal) => this.signals.next(signal));
  }

  /** Makes the event of a change, if it is one, and tells every subscriber. */
  publish(change: JobChange): JobEvent | undefined {
    const type = eventTypeOf(change);
    const job = change.current ?? change.previous;
    if (!type || !job || this.closed) return undefined;
    const now = this.clock.now();
    return this.tell(this.subject, { id: this.ids.next(now), type, at: now.getTime(), job });
  }

  /** Tells of a schedule's firing that started no job. */
  publishSchedule(type: ScheduleEvent['type'], schedule: ScheduleEvent['schedule']): ScheduleEvent | undefined {
    if (this.closed) return undefined;
    const now = this.clock.now();
    return this.tell(this.schedules, { id: this.ids.next(now), type, at: now.getTime(), schedule });
  }

  private tell<T extends HubEvent>(subject: Subject<T>, event: T): T {
    this.replay.push(event);
    try {
      subject.next(event);
    } catch (error) {
      this.logger.error(`an event subscriber failed event=${event.type} id=${event.id}`, (error as Error).stack);
    }
    return event;
  }

  /** An event of a job's present state, told again (after a restart) to a consumer that missed it; nobody else hears it. */
  retell(job: JobRecord, type: JobEventType): JobEvent {
    const now = this.clock.now();
    return { id: this.ids.next(now), type, at: now.getTime(), job };
  }

  /**
   * The events after `id`, oldest first; undefined when some may be missing: `id` is older
   * than the kept events, or is no id this run of the scheduler gave. Ids are made from each
   * replica's own clock, so an id from another replica (a stream reconnected through a
   * Service) would otherwise resume at a point in time that is not the client's.
   */
  since(id: number): HubEvent[] | undefined {
    return this.replay.since(id);
  }

  /** The id of the newest event (or of the newest no longer kept): `since(lastId)` is what comes next. */
  get lastId(): number {
    return this.replay.newestId;
  }

  /**
   * Resolves at the first event `accept` takes, after `ms`, or at shutdown, whichever comes
   * first; `ready` is checked once subscribed, so an event that came just before is not missed.
   */
  async waitFor(accept: (event: JobEvent) => boolean, ms: number, ready: () => Promise<boolean>): Promise<void> {
    if (this.closed) return;
    let timer: NodeJS.Timeout | undefined;
    let subscription: Subscription | undefined;
    const seen = new Promise<void>((resolve) => {
      subscription = this.events$.subscribe({ next: (event) => accept(event) && resolve(), complete: resolve });
      timer = setTimeout(resolve, ms);
    });
    try {
      if (await ready()) return;
      await seen;
    } finally {
      clearTimeout(timer);
      subscription?.unsubscribe();
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Ends every subscription (open streams, waiting requests), so that shutdown never waits on them. */
  beforeApplicationShutdown(): void {
    this.closed = true;
    this.subject.complete();
    this.schedules.complete();
    this.signals.complete();
  }
}
