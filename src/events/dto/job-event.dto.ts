import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { JobEventType } from '../../jobs/job-event.js';
import { JobStatus } from '../../jobs/dto/job-status.dto.js';

/** Every event type once; a Record, so the compiler says when job-event.ts gains or loses one. */
const EVENT_TYPES: Record<JobEventType, true> = {
  created: true,
  queued: true,
  admitted: true,
  waiting: true,
  started: true,
  finished: true,
  stopped: true,
  restarted: true,
  deleted: true,
  updated: true,
};
export const JOB_EVENT_TYPES = Object.keys(EVENT_TYPES) as JobEventType[];

/**
 * The data of one frame of `GET /api/v1/events`. Not an answer of any operation (the stream
 * is text), so the document carries it as an extra model, and the client gets its type.
 */
@ApiSchema({ name: 'JobEvent', description: 'The `data:` of one frame of the event stream (`GET /api/v1/events`), as JSON.' })
export class StreamedJobEvent {
  @ApiProperty({
    description: "Grows with every event, across restarts of the scheduler too; also the frame's `id:`, to send back as Last-Event-ID.",
    type: 'integer',
    format: 'int64',
    example: 1617790117000000,
  })
  id!: number;

  @ApiProperty({
    enum: JOB_EVENT_TYPES,
    enumName: 'JobEventType',
    description:
      'What happened: created; queued (created to wait in the queue; an extension); admitted (out of the queue to run; an extension); waiting (with a reason); started; finished (Succeeded or Failed, as job.status says); stopped; restarted; deleted; or updated (another change, such as a failed attempt and a new one).',
  })
  event!: JobEventType;

  @ApiProperty({ description: 'When it happened: RFC 3339 in UTC to the second.', example: '2021-04-07T09:08:37Z' }) at!: string;

  @ApiProperty({ type: () => JobStatus, description: 'The job after the change; for deleted, as it was last.' }) job!: JobStatus;
}

/** The schedule's firing that started no job, in a frame of its own type (`event: schedule`). */
export class FiringSummary {
  @ApiProperty({ description: 'The schedule (GET /api/v1/schedules).', example: '5d41402abc4b' }) id!: string;
  @ApiProperty({ description: 'Its cron expression.', example: '0 2 * * *' }) expression!: string;
  @ApiProperty({ description: 'The (last) time it fired for: RFC 3339 in UTC to the second.', example: '2026-12-07T02:00:00Z' })
  scheduledTime!: string;
  @ApiProperty({ description: 'Why no job started.', example: 'Forbid: 1 run(s) unfinished, first etl-20261206020000-k2v9q0xe' })
  reason!: string;
  @ApiProperty({ description: 'How many firings this tells of (missed ones come together).', type: 'integer', example: 1 }) count!: number;
}

/** The data of an `event: schedule` frame of `GET /api/v1/events` (an extension). */
@ApiSchema({
  name: 'ScheduleEvent',
  description: 'The `data:` of an `event: schedule` frame of the event stream: a firing of a schedule that started no job, as JSON.',
})
export class StreamedScheduleEvent {
  @ApiProperty({ description: 'In the same sequence as job events; the frame’s `id:`.', type: 'integer', format: 'int64' }) id!: number;
  @ApiProperty({
    enum: ['skipped', 'missed'],
    enumName: 'ScheduleEventType',
    description: 'skipped: its concurrency policy (or a failure) started no job; missed: no scheduler led at the time.',
  })
  event!: 'skipped' | 'missed';
  @ApiProperty({ description: 'When it was told: RFC 3339 in UTC to the second.', example: '2026-12-07T02:00:00Z' }) at!: string;
  @ApiProperty({ type: () => FiringSummary }) schedule!: FiringSummary;
}
