import { createHash } from 'node:crypto';
import type { ConcurrencyPolicy, CronDefinition } from '../config/cron-schedule.config.js';
import { parseCron } from '../validation/cron-grammar.js';
import { ScheduleTimes } from './schedule-times.js';

/** One cron expression of a job definition, ready to fire. */
export interface Schedule {
  /** Stable across restarts and replicas: a digest of the expression, which is unique in its definition. */
  id: string;
  expression: string;
  timeZone: string;
  concurrency: ConcurrencyPolicy;
  /** Extension: after a restart or failover, the most recent missed firing starts if it is at most this old. */
  startingDeadlineSeconds?: number;
  times: ScheduleTimes;
}

export const SCHEDULE_ID = /^[0-9a-f]{12}$/;

export function scheduleId(expression: string): string {
  return createHash('sha256').update(expression).digest('hex').slice(0, 12);
}

/** The schedules of a job definition's cron (none without one); the expressions were checked at start. */
export function schedulesOf(cron: CronDefinition | undefined): Schedule[] {
  return (cron?.schedules ?? []).map((expression) => ({
    id: scheduleId(expression),
    expression,
    timeZone: cron!.timeZone,
    concurrency: cron!.concurrency,
    startingDeadlineSeconds: cron!.startingDeadlineSeconds,
    times: new ScheduleTimes(parseCron(expression), cron!.timeZone),
  }));
}

/** How a firing ended: a job started, or none (skipped by the concurrency policy or a failure, or missed while no scheduler led). */
export type FiringOutcome = 'Started' | 'Skipped' | 'Missed';

/** The last firing of a schedule, as kept across restarts. */
export interface LastFiring {
  scheduledTime: Date;
  outcome: FiringOutcome;
  jobName?: string;
}
