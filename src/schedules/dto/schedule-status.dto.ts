import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CONCURRENCY_POLICIES } from '../../config/cron-schedule.config.js';
import { formatTimestamp } from '../../jobs/dto/job-status.dto.js';
import type { JobRecord } from '../../jobs/job.model.js';
import type { Schedule } from '../schedule.model.js';
import type { ScheduleState } from '../schedule-book.js';

const TIMESTAMP = { type: 'string', format: 'date-time', example: '2026-12-07T02:00:00Z' } as const;

/** The last firing of a schedule. */
export class LastRun {
  @ApiProperty({ ...TIMESTAMP, description: 'The time the schedule fired for (RFC 3339, UTC).' }) scheduledTime!: string;
  @ApiProperty({
    enum: ['Started', 'Skipped', 'Missed'],
    enumName: 'FiringOutcome',
    description: 'Started a job; Skipped (its concurrency policy, or the job could not be made); Missed (no scheduler led then).',
  })
  outcome!: string;
  @ApiPropertyOptional({ description: 'The job it started.' }) jobName?: string;
  @ApiPropertyOptional({
    enum: ['Waiting', 'Running', 'Succeeded', 'Failed', 'Stopped'],
    enumName: 'JobState',
    description: "The job's status now; absent when it no longer exists (retention, a delete).",
  })
  status?: string;
}

/** One schedule of the job definition (an extension: Radix's job scheduler has no such route). */
export class ScheduleStatus {
  @ApiProperty({ description: 'Stable id of the schedule: the same for the same expression, across restarts.', example: '5d41402abc4b' })
  id!: string;
  @ApiProperty({ description: 'The cron expression, as radixconfig.yaml gives it.', example: '0 2 * * *' }) schedule!: string;
  @ApiProperty({ description: 'The IANA time zone its times are in.', example: 'Europe/Oslo' }) timeZone!: string;
  @ApiProperty({ enum: CONCURRENCY_POLICIES, enumName: 'ConcurrencyPolicy', description: 'What a firing does while a run is unfinished.' })
  concurrency!: string;
  @ApiProperty({ ...TIMESTAMP, nullable: true, description: 'When it fires next (UTC); null while paused, or when no time ever comes.' })
  nextRun!: string | null;
  @ApiProperty({ description: 'A paused schedule fires nothing until resumed.' }) paused!: boolean;
  @ApiProperty({ type: LastRun, nullable: true, description: 'Its last firing; null before the first.' })
  lastRun!: LastRun | null;
}

export function toScheduleStatus(schedule: Schedule, state: ScheduleState, now: Date, lastJob?: JobRecord): ScheduleStatus {
  const next = state.paused ? undefined : schedule.times.next(now);
  const last = state.last;
  return {
    id: schedule.id,
    schedule: schedule.expression,
    timeZone: schedule.timeZone,
    concurrency: schedule.concurrency,
    nextRun: next ? formatTimestamp(next) : null,
    paused: state.paused,
    lastRun: last
      ? {
          scheduledTime: formatTimestamp(last.scheduledTime),
          outcome: last.outcome,
          ...(last.jobName ? { jobName: last.jobName } : {}),
          ...(lastJob ? { status: lastJob.status } : {}),
        }
      : null,
  };
}
