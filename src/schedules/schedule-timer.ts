import { type BeforeApplicationShutdown, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { Clock } from '../jobs/clock.js';
import { Leadership } from '../jobs/leadership.js';
import { ConfiguredSchedules } from './configured-schedules.js';
import { ScheduleBook, type ScheduleState } from './schedule-book.js';
import { ScheduleRunner } from './schedule-runner.js';
import type { Schedule } from './schedule.model.js';

/** Node fires a longer timeout at once; a far next time is reached in steps of this. */
const LONGEST_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * When schedules fire: on the leader only, each at its next time. On becoming leader it first
 * looks at what no scheduler fired since the last firing it knows of: the most recent of those
 * starts if the definition's startingDeadlineSeconds allows it, and the rest are missed (Radix
 * drops them all without a word). The timer is one line around `tick`, which tests call with
 * the instants they choose.
 */
@Injectable()
export class ScheduleTimer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ScheduleTimer.name);
  private readonly due = new Map<Schedule, Date>();
  private timer?: NodeJS.Timeout;
  private leading?: Subscription;
  private stopped = false;

  constructor(
    private readonly schedules: ConfiguredSchedules,
    private readonly runner: ScheduleRunner,
    private readonly book: ScheduleBook,
    private readonly leadership: Leadership,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (this.schedules.all.length === 0) return;
    this.leading = this.leadership.changes$.subscribe((leads) => (leads ? void this.lead(this.clock.now()) : this.follow()));
  }

  beforeApplicationShutdown(): void {
    this.stopped = true;
    this.leading?.unsubscribe();
    this.follow();
  }

  /** Starts firing: what was missed first, then each schedule at its next time after `now`. */
  async lead(now: Date): Promise<void> {
    const states = await this.book.states(this.schedules.all.map((schedule) => schedule.id)).catch((error: unknown) => {
      this.logger.warn(`schedules start without their last firings: ${(error as Error).message}`);
      return new Map<string, ScheduleState>();
    });
    await Promise.all(
      this.schedules.all.map(async (schedule) => {
        const state = states.get(schedule.id);
        if (state && !state.paused) await this.catchUp(schedule, state.last?.scheduledTime ?? state.since, now);
        if (!state?.since && !state?.last) await this.book.begin(schedule.id, now).catch(() => undefined);
        this.plan(schedule, now);
      }),
    );
    this.arm();
  }

  /** Fires every schedule whose time has come by `now`, each once, then waits for the next. */
  async tick(now: Date): Promise<void> {
    const firing = [...this.due].filter(([, at]) => at <= now);
    for (const [schedule] of firing) this.plan(schedule, now);
    await Promise.all(firing.map(([schedule, at]) => this.fireUnlessPaused(schedule, at)));
    this.arm();
  }

  /** The next time each schedule fires, while this replica leads (for the API and tests). */
  nextTimes(): ReadonlyMap<Schedule, Date> {
    return this.due;
  }

  private follow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.due.clear();
  }

  private async catchUp(schedule: Schedule, from: Date | undefined, now: Date): Promise<void> {
    const latest = from && schedule.times.latest(from, now);
    if (!from || !latest) return;
    const count = schedule.times.countBetween(from, now);
    const deadline = schedule.startingDeadlineSeconds;
    const inTime = deadline !== undefined && now.getTime() - latest.getTime() <= deadline * 1000;
    if (!inTime) return this.runner.missed(schedule, latest, count).catch(() => undefined);
    if (count > 1)
      await this.runner.missed(schedule, schedule.times.latest(from, new Date(latest.getTime() - 1))!, count - 1).catch(() => undefined);
    await this.runner.fire(schedule, latest);
  }

  private async fireUnlessPaused(schedule: Schedule, at: Date): Promise<void> {
    const paused = await this.book.state(schedule.id).then(
      (state) => state.paused,
      () => false,
    );
    if (!paused) await this.runner.fire(schedule, at);
  }

  private plan(schedule: Schedule, after: Date): void {
    const next = schedule.times.next(after);
    if (next) this.due.set(schedule, next);
    else this.due.delete(schedule);
  }

  /** One timer, for the earliest next time; re-armed after each tick. */
  private arm(): void {
    clearTimeout(this.timer);
    if (this.stopped || this.due.size === 0 || !this.leadership.isLeader()) return;
    const earliest = Math.min(...[...this.due.values()].map((at) => at.getTime()));
    const wait = Math.min(Math.max(0, earliest - this.clock.now().getTime()), LONGEST_TIMEOUT_MS);
    this.timer = setTimeout(() => void this.tick(this.clock.now()), wait);
  }
}
