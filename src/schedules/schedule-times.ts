import { Cron } from 'croner';
import type { CronTiming } from '../validation/cron-grammar.js';

/**
 * When a schedule fires. Calendar patterns are computed by croner in the schedule's time zone;
 * around daylight saving a fixed time fires once: a time the clocks skip fires when they jump
 * (02:30 on a spring-forward night fires at 03:00), and a time they repeat fires the first
 * time only (robfig, and so Radix, skips the first and fires the second twice). `@every`
 * intervals count from the Unix epoch, not from the start of the process, so that every
 * replica and every restart computes the same times (robfig counts from its start).
 */
export class ScheduleTimes {
  private readonly calendar?: Cron;
  private readonly everyMs?: number;

  constructor(timing: CronTiming, timeZone: string) {
    if (timing.kind === 'every') this.everyMs = timing.seconds * 1000;
    else this.calendar = new Cron(timing.pattern, { timezone: timing.timeZone ?? timeZone, paused: true, mode: '5-part' });
  }

  /** The first time after `after`; undefined when there is none (a day that never comes, such as 31 February). */
  next(after: Date): Date | undefined {
    if (this.everyMs) return new Date((Math.floor(after.getTime() / this.everyMs) + 1) * this.everyMs);
    return this.calendar!.nextRun(after) ?? undefined;
  }

  /** The latest time in (`after`, `until`], if any: the firing a restart missed most recently. */
  latest(after: Date, until: Date): Date | undefined {
    let time: Date | undefined;
    if (this.everyMs) time = new Date(Math.floor(until.getTime() / this.everyMs) * this.everyMs);
    else time = this.calendar!.previousRuns(1, new Date(until.getTime() + 1000))[0];
    return time && time > after && time <= until ? time : undefined;
  }

  /** How many times fell in (`after`, `until`], counted up to `most`. */
  countBetween(after: Date, until: Date, most = 1000): number {
    let count = 0;
    for (let time = this.next(after); time && time <= until && count < most; time = this.next(time)) count++;
    return count;
  }
}
