import { Injectable } from '@nestjs/common';
import { StateStore } from '../jobs/state-store.js';
import type { FiringOutcome, LastFiring } from './schedule.model.js';

/** What is kept of one schedule across restarts, and shared by every replica. */
export interface ScheduleState {
  paused: boolean;
  /** From when firings count: the first start, or the last resume. */
  since?: Date;
  last?: LastFiring;
}

const key = (id: string, part: 'paused' | 'since' | 'last') => `schedule.${id}.${part}`;

/**
 * The schedules' state in the runtime's StateStore: whether each is paused, since when its
 * firings count, and its last firing. Each part is a key of its own, so that a pause written on
 * one replica and the leader's firing written on another never overwrite each other.
 */
@Injectable()
export class ScheduleBook {
  constructor(private readonly store: StateStore) {}

  async state(id: string): Promise<ScheduleState> {
    return stateOf(await this.store.read(), id);
  }

  /** Every schedule's state, from one read. */
  async states(ids: readonly string[]): Promise<Map<string, ScheduleState>> {
    const values = await this.store.read();
    return new Map(ids.map((id) => [id, stateOf(values, id)]));
  }

  async pause(id: string): Promise<void> {
    await this.store.write({ [key(id, 'paused')]: 'true' });
  }

  /** Firings count again from `now`: none that fell in the pause is missed. */
  async resume(id: string, now: Date): Promise<void> {
    await this.store.write({ [key(id, 'paused')]: 'false', [key(id, 'since')]: now.toISOString() });
  }

  /** Marks when a schedule's firings begin to count, when nothing does yet. */
  async begin(id: string, now: Date): Promise<void> {
    await this.store.write({ [key(id, 'since')]: now.toISOString() });
  }

  async fired(id: string, scheduledTime: Date, outcome: FiringOutcome, jobName?: string): Promise<void> {
    await this.store.write({ [key(id, 'last')]: JSON.stringify({ scheduledTime: scheduledTime.toISOString(), outcome, jobName }) });
  }
}

function stateOf(values: Readonly<Record<string, string>>, id: string): ScheduleState {
  const since = values[key(id, 'since')];
  return {
    paused: values[key(id, 'paused')] === 'true',
    since: since ? new Date(since) : undefined,
    last: lastOf(values[key(id, 'last')]),
  };
}

function lastOf(text: string | undefined): LastFiring | undefined {
  if (!text) return undefined;
  try {
    const { scheduledTime, outcome, jobName } = JSON.parse(text) as { scheduledTime: string; outcome: FiringOutcome; jobName?: string };
    const time = new Date(scheduledTime);
    return Number.isNaN(time.getTime()) ? undefined : { scheduledTime: time, outcome, jobName };
  } catch {
    // A value this version cannot read counts as none: the schedule fires on from now.
    return undefined;
  }
}
