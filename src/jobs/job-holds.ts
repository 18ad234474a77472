import { Injectable } from '@nestjs/common';
import type { JobRecord } from './job.model.js';

/** A reason to keep a finished job past retention's limits for now; true keeps it. */
export type JobHold = (job: JobRecord, now: Date) => boolean;

/**
 * Why retention must keep a job it would otherwise delete. A feature that still owes
 * something of a finished job adds its hold (webhooks: an end not yet told); retention asks,
 * and knows no feature.
 */
@Injectable()
export class JobHolds {
  private readonly holds: JobHold[] = [];

  add(hold: JobHold): void {
    this.holds.push(hold);
  }

  keeps(job: JobRecord, now: Date): boolean {
    return this.holds.some((hold) => hold(job, now));
  }
}
