import type { Logger } from '@nestjs/common';
import type { EpochMs } from '../jobs/job.model.js';
import type { JobDocument } from './job-document.js';
import { closeInterrupted } from './job-outcome.js';
import type { JobRunner } from './job-runner.js';
import type { JobStore } from './job-store.js';

export interface RecoveryDeps {
  runner: JobRunner;
  store: JobStore;
  now: EpochMs;
  logger: Logger;
  /** Why a job found on disk may not run (see distrust), or undefined. */
  distrust: (document: JobDocument) => string | undefined;
}

/**
 * Settles the records found at start. A job that was running when the scheduler died failed:
 * nothing captures its output or end any more, so its processes (and those of a job that was
 * being stopped) are killed when provably still there. Returns the names of the jobs that were
 * admitted and waiting to start, oldest first, to start again; queued ones wait for the queue.
 */
export async function recoverJobs(documents: JobDocument[], deps: RecoveryDeps): Promise<string[]> {
  for (const document of documents) {
    const { name, status } = document.record;
    if (status !== 'Running' && !document.process) continue;
    if (document.process && deps.runner.killOrphan(document.process)) {
      deps.logger.warn(`killing the orphaned processes of job name=${name} pid=${document.process.pid}`);
    }
    closeInterrupted(document, deps.now);
    await deps.store.save(document);
    if (status === 'Running') deps.logger.warn(`job failed: the scheduler stopped while it was running name=${name}`);
  }
  for (const document of documents.filter((d) => d.record.status === 'Waiting')) {
    const reason = deps.distrust(document);
    if (!reason) continue;
    const message = `not run: ${reason} (its job.json was changed outside the scheduler)`;
    Object.assign(document.record, { status: 'Failed', reason: 'StartError', message, ended: deps.now });
    await deps.store.save(document);
    deps.logger.warn(`job failed: ${reason} name=${document.record.name}`);
  }
  return documents
    .map((document) => document.record)
    .filter((record) => record.status === 'Waiting' && !record.queued)
    .sort((a, b) => a.created - b.created || a.name.localeCompare(b.name))
    .map((record) => record.name);
}
