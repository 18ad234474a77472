import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EXTENSION } from '../api-docs.js';
import { type EpochMs, FAILURE_REASONS, type JobRecord, type ReplicaRecord } from '../job.model.js';

const TIMESTAMP = { description: 'RFC 3339 in UTC to the second, or "" when not set.', example: '2021-04-07T09:08:37Z' };

/** RFC 3339 in UTC to the second (`2021-04-07T09:08:37Z`), or `""` when unknown. */
/** Radix's timestamps: RFC 3339 in whole seconds, '' for none. */
export function formatTimestamp(time: Date | EpochMs | undefined): string {
  if (time === undefined) return '';
  return (typeof time === 'number' ? new Date(time) : time).toISOString().replace(/\.\d+Z$/, 'Z');
}

export class ReplicaStatus {
  @ApiProperty({
    enum: ['Pending', 'Running', 'Succeeded', 'Failed', 'Stopped'],
    enumName: 'ReplicaState',
    description: 'State of the container.',
  })
  status!: string;
}

export class PodStatus {
  @ApiProperty({ description: 'Name of the pod (locally: of the attempt).' }) name!: string;
  @ApiProperty({ ...TIMESTAMP, description: 'When the pod (locally: the attempt) was created; "" when not known.' }) created!: string;
  @ApiProperty({ ...TIMESTAMP, description: 'When the container started; "" before.' }) startTime!: string;
  @ApiProperty({ ...TIMESTAMP, description: 'When the container finished; "" before.' }) endTime!: string;
  @ApiPropertyOptional({ description: 'Exit code of the container, once it finished.', type: 'integer', format: 'int32' })
  exitCode?: number;
  @ApiPropertyOptional({ description: 'CamelCase reason for the state, e.g. ImagePullBackOff, Error, DeadlineExceeded.' }) reason?: string;
  @ApiPropertyOptional({ description: 'Human-readable details of the state.' }) statusMessage?: string;
  @ApiPropertyOptional({ description: 'Image the container runs.' }) image?: string;
  @ApiProperty({ description: 'Restarts of the container; 0 when none.', type: 'integer', format: 'int32' }) restartCount!: number;
  @ApiProperty({ description: 'Index of the attempt.', type: 'integer', format: 'int64' }) podIndex!: number;
  @ApiProperty({ type: () => ReplicaStatus }) replicaStatus!: ReplicaStatus;
}

/** State of one job, as `GET /api/v1/jobs` returns it. */
/** Where a job waiting in the queue stands (an extension). */
export class QueuePlace {
  @ApiProperty({ description: '1 for the job admitted next.', type: 'integer', example: 3 }) position!: number;
  @ApiProperty({
    enum: ['Capacity', 'BatchCapacity', 'Paused'],
    enumName: 'QueueReason',
    description: "Why it waits: the cap is reached (the definition's, or its batch's own), or the queue is paused.",
  })
  reason!: string;
}

export class JobStatus {
  @ApiProperty({
    description: 'Unique name: `<job>-<yyyyMMddHHmmss>-<8 random chars>`; also the host name of its Service.',
    example: 'compute-20210407105556-rkwaibwe',
  })
  name!: string;

  @ApiProperty({ ...TIMESTAMP, description: 'When the job was accepted.' }) created!: string;
  @ApiProperty({ ...TIMESTAMP, description: 'When its container first started; "" while Waiting.' }) started!: string;
  @ApiProperty({ ...TIMESTAMP, description: 'When it finished (Succeeded, Failed or Stopped); "" before.' }) ended!: string;

  @ApiProperty({
    enum: ['Waiting', 'Running', 'Succeeded', 'Failed', 'Stopped'],
    enumName: 'JobState',
    description: 'Waiting: accepted, no container running yet.',
  })
  status!: string;

  @ApiPropertyOptional({ description: 'Why the job is waiting or failed, in words.' }) message?: string;

  @ApiPropertyOptional({
    enum: FAILURE_REASONS,
    enumName: 'FailureReason',
    description:
      'Why a finished job did not succeed, the same on both runtimes: DeadlineExceeded (timeLimitSeconds), BackoffLimitExceeded (failed past backoffLimit), PodFailurePolicy (a FailJob rule), OOMKilled, ImagePullFailed, StartError (the program could not start), Stopped, SchedulerRestarted and SchedulerShutdown (local runtime).',
  })
  reason?: string;
  @ApiPropertyOptional({ description: 'The jobId given when it was created.' }) jobId?: string;
  @ApiPropertyOptional({
    description: 'The batch the job belongs to; absent for a single job.',
    example: 'batch-compute-20210407105556-rkwaibwe',
  })
  batchName?: string;
  @ApiPropertyOptional({ description: 'The batchId of its batch.' }) batchId?: string;
  @ApiPropertyOptional({ description: 'Number of failed attempts; absent when none.', type: 'integer', format: 'int32' }) failed?: number;
  @ApiPropertyOptional({ ...TIMESTAMP, description: 'When the job was last restarted.' }) restart?: string;
  @ApiPropertyOptional({ description: 'How many times the job was restarted; absent when never.', type: 'integer', format: 'int32' })
  restarts?: number;
  @ApiPropertyOptional({
    description: 'The cron expression of the schedule that started the job, as Radix reports it; absent for a job started otherwise.',
    example: '0 1 * * *',
  })
  cronSchedule?: string;
  @ApiPropertyOptional({
    ...TIMESTAMP,
    ...EXTENSION,
    description:
      'Extension: the time the schedule fired for (a run started by hand: when it was asked for); absent for a job started otherwise.',
  })
  scheduledTime?: string;
  @ApiPropertyOptional({ type: () => QueuePlace, description: 'Extension: where a job waiting in the queue stands; absent otherwise.' })
  queue?: QueuePlace;
  @ApiPropertyOptional({ type: () => [PodStatus], description: 'One entry per attempt; absent before the first.' })
  podStatuses?: PodStatus[];
}

export function toJobStatus(record: JobRecord): JobStatus {
  return {
    name: record.name,
    created: formatTimestamp(record.created),
    started: formatTimestamp(record.started),
    ended: formatTimestamp(record.ended),
    status: record.status,
    ...(record.message ? { message: record.message } : {}),
    ...(record.reason ? { reason: record.reason } : {}),
    ...(record.jobId ? { jobId: record.jobId } : {}),
    ...(record.batchName ? { batchName: record.batchName } : {}),
    ...(record.batchId ? { batchId: record.batchId } : {}),
    ...(record.failed ? { failed: record.failed } : {}),
    ...(record.restarts ? { restart: formatTimestamp(record.restartedAt), restarts: record.restarts } : {}),
    ...(record.cronSchedule ? { cronSchedule: record.cronSchedule, scheduledTime: formatTimestamp(record.scheduledTime) } : {}),
    ...(record.queue ? { queue: record.queue } : {}),
    ...(record.replicas.length > 0 ? { podStatuses: record.replicas.map(toPodStatus) } : {}),
  };
}

function toPodStatus(replica: ReplicaRecord): PodStatus {
  return {
    name: replica.name,
    created: formatTimestamp(replica.created),
    startTime: formatTimestamp(replica.started),
    endTime: formatTimestamp(replica.ended),
    ...(replica.exitCode !== undefined ? { exitCode: replica.exitCode } : {}),
    ...(replica.reason ? { reason: replica.reason } : {}),
    ...(replica.message ? { statusMessage: replica.message } : {}),
    ...(replica.image ? { image: replica.image } : {}),
    restartCount: replica.restartCount ?? 0,
    podIndex: replica.podIndex ?? 0,
    replicaStatus: { status: replica.state },
  };
}
