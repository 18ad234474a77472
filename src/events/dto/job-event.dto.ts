import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { JobEventType } from '../../jobs/job-event.js';
import { JobStatus } from '../../jobs/dto/job-status.dto.js';

/** Every event type once; a Record, so the compiler says when job-event.ts gains or loses one. */
const EVENT_TYPES: Record<JobEventType, true> = {
  created: true,
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
      'What happened: created; waiting (with a reason); started; finished (Succeeded or Failed, as job.status says); stopped; restarted; deleted; or updated (another change, such as a failed attempt and a new one).',
  })
  event!: JobEventType;

  @ApiProperty({ description: 'When it happened: RFC 3339 in UTC to the second.', example: '2021-04-07T09:08:37Z' }) at!: string;

  @ApiProperty({ type: () => JobStatus, description: 'The job after the change; for deleted, as it was last.' }) job!: JobStatus;
}
