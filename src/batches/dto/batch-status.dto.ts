import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BATCH_STATES } from '../../config/radix-vocabulary.config.js';
import type { BatchRecord } from '../batch.model.js';
import { formatTimestamp, JobStatus, toJobStatus } from '../../jobs/dto/job-status.dto.js';

const TIMESTAMP = { description: 'RFC 3339 in UTC to the second, or "" when not set.', example: '2021-04-07T09:08:37Z' };

/** State of one batch and its jobs, as `GET /api/v1/batches/{batchName}` returns it. */
export class BatchStatus {
  @ApiProperty({
    description: 'Unique name: `batch-<job>-<yyyyMMddHHmmss>-<8 random chars>`.',
    example: 'batch-compute-20210407105556-rkwaibwe',
  })
  name!: string;

  @ApiPropertyOptional({ description: 'The batchId given when it was created.' }) batchId?: string;
  @ApiProperty({ enum: ['batch'], enumName: 'BatchType', description: 'Always `batch`, as Radix reports batches.' }) batchType!: 'batch';
  @ApiProperty({ ...TIMESTAMP, description: 'When the batch was accepted.' }) created!: string;
  @ApiProperty({ ...TIMESTAMP, description: 'When its first job started.' }) started!: string;
  @ApiProperty({ ...TIMESTAMP, description: 'When its last job finished, once every job has.' }) ended!: string;

  @ApiProperty({
    enum: BATCH_STATES,
    enumName: 'BatchState',
    description:
      "Waiting: no job started yet. Active: some jobs run or wait while others ran. Completed: every job finished. Stopped: every job finished and one was stopped. The job definition's batchStatusRules may say otherwise.",
  })
  status!: string;

  @ApiProperty({ type: () => [JobStatus], description: 'Its jobs, in the order of the request.' }) jobStatuses!: JobStatus[];
}

export function toBatchStatus(batch: BatchRecord, withJobs = true): BatchStatus {
  return {
    name: batch.name,
    ...(batch.batchId ? { batchId: batch.batchId } : {}),
    batchType: 'batch',
    created: formatTimestamp(batch.created),
    started: formatTimestamp(batch.started),
    ended: formatTimestamp(batch.ended),
    status: batch.status,
    jobStatuses: withJobs ? batch.jobs.map(toJobStatus) : [],
  };
}
