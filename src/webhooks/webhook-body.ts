import type { BatchRecord } from '../batches/batch.model.js';
import { toBatchStatus } from '../batches/dto/batch-status.dto.js';
import type { JobEvent, ScheduleEvent } from '../jobs/job-event.js';
import { formatTimestamp, toJobStatus } from '../jobs/dto/job-status.dto.js';

/**
 * Radix's `BatchEvent`: `event` is Create, Update or Delete, and `jobStatuses` holds the job
 * that changed. A job of a batch is told as its batch (with the batch's status); a single job
 * as a batch of type `job` named after it, as Radix's single jobs are.
 */
export function batchEvent(event: JobEvent, batch: BatchRecord | undefined): string {
  const kind = event.type === 'created' || event.type === 'queued' ? 'Create' : event.type === 'deleted' ? 'Delete' : 'Update';
  const job = toJobStatus(event.job);
  if (batch) return JSON.stringify({ ...toBatchStatus(batch, false), event: kind, jobStatuses: [job] });
  const { name, jobId, created, started, ended, status, message } = job;
  return JSON.stringify({
    name,
    ...(jobId ? { jobId } : {}),
    batchType: 'job',
    event: kind,
    created,
    started,
    ended,
    status,
    ...(message ? { message } : {}),
    jobStatuses: [job],
  });
}

/**
 * A firing of a schedule that started no job (sent only with JOB_SCHEDULER_WEBHOOK_SCHEDULE_EVENTS):
 * no BatchEvent, so `event` is one no Radix receiver knows (`ScheduleSkipped`, `ScheduleMissed`).
 */
export function scheduleEventBody(event: ScheduleEvent, definition: string): string {
  const { schedule } = event;
  return JSON.stringify({
    event: event.type === 'skipped' ? 'ScheduleSkipped' : 'ScheduleMissed',
    jobDefinition: definition,
    schedule: { id: schedule.id, schedule: schedule.expression },
    scheduledTime: formatTimestamp(schedule.scheduledTime),
    reason: schedule.reason,
    count: schedule.count,
  });
}
