import { ApiProperty } from '@nestjs/swagger';
import type { QueueLimits } from '../admission.js';
import type { QueueCounts } from '../queue-view.js';

/** The queue of the job definition (an extension: Radix's job scheduler has none). */
export class QueueStatus {
  @ApiProperty({ description: 'A paused queue admits nothing; running jobs go on.' }) paused!: boolean;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'Jobs started and unfinished, at most (JOB_SCHEDULER_MAX_CONCURRENT_JOBS, or radixconfig.yaml); null for no cap.',
    example: 25,
  })
  maxConcurrentJobs!: number | null;
  @ApiProperty({ type: 'integer', description: 'Jobs started and unfinished.' }) running!: number;
  @ApiProperty({ type: 'integer', description: 'Jobs waiting in the queue.' }) queued!: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Seconds the oldest queued job has waited; null when none waits.' })
  oldestQueuedSeconds!: number | null;
}

export function toQueueStatus(status: QueueCounts & QueueLimits, now: Date): QueueStatus {
  return {
    paused: status.paused,
    maxConcurrentJobs: status.maxConcurrentJobs ?? null,
    running: status.running,
    queued: status.queued,
    oldestQueuedSeconds: status.oldestQueued !== undefined ? Math.max(0, Math.floor((now.getTime() - status.oldestQueued) / 1000)) : null,
  };
}
