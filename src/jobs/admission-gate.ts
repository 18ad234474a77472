import { Injectable } from '@nestjs/common';
import type { JobRecord } from './job.model.js';

/** What the queue (src/queue) tells the rest: whether new jobs wait, and where waiting ones stand. */
export interface AdmissionPolicy {
  /** Whether `count` jobs made now wait in the queue rather than start at once. */
  waits(count: number): boolean;
  /** The records as readers see them: each queued job with its place; the same array while nothing changed. */
  view(records: readonly JobRecord[]): readonly JobRecord[];
}

const START_AT_ONCE: AdmissionPolicy = { waits: () => false, view: (records) => records };

/**
 * The seam between the kernel and the queue: services ask it whether a new job waits and show
 * the records through it; the queue module sets the policy at start. Without a queue every job
 * starts at once and records are shown as they are.
 */
@Injectable()
export class AdmissionGate {
  private policy = START_AT_ONCE;

  use(policy: AdmissionPolicy): void {
    this.policy = policy;
  }

  waits(count: number): boolean {
    return this.policy.waits(count);
  }

  view(records: readonly JobRecord[]): readonly JobRecord[] {
    return this.policy.view(records);
  }

  viewOne(record: JobRecord): JobRecord {
    return this.policy.view([record])[0];
  }
}
