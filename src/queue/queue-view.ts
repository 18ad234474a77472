import { Injectable } from '@nestjs/common';
import { SchedulerConfig } from '../config/scheduler.config.js';
import { AdmissionGate, type AdmissionPolicy } from '../jobs/admission-gate.js';
import { Clock } from '../jobs/clock.js';
import type { EpochMs, JobRecord } from '../jobs/job.model.js';
import type { AdmissionPlan, QueueLimits, QueuePlace } from './admission.js';
import { QueuePause } from './queue-pause.js';

/** A create let through at once that has not shown up as a job within this long failed; its slot is free again. */
const RESERVATION_MS = 30_000;

/** What the queue looks like now, for GET /api/v1/queue. */
export interface QueueCounts {
  running: number;
  queued: number;
  oldestQueued?: EpochMs;
}

/**
 * The queue as the rest of the scheduler sees it (the AdmissionGate's policy): whether a job
 * made now waits, and where each waiting job stands, from the last plan (see Admissions).
 *
 * With a cap on Kubernetes every job is made queued and the leader admits it, so that replicas
 * never pass the cap together. On the local runtime, the one process decides at once: a job
 * starts when there is room and nobody waits before it, its slot reserved until its creation
 * shows up among the jobs.
 */
@Injectable()
export class QueueView implements AdmissionPolicy {
  private places = new Map<string, QueuePlace>();
  private counts: QueueCounts = { running: 0, queued: 0 };
  private reserved: number[] = [];
  private last?: { input: readonly JobRecord[]; output: readonly JobRecord[]; places: Map<string, QueuePlace> };
  private readonly shown = new Map<string, { record: JobRecord; place: QueuePlace; view: JobRecord }>();

  constructor(
    private readonly config: SchedulerConfig,
    private readonly pause: QueuePause,
    private readonly clock: Clock,
    gate: AdmissionGate,
  ) {
    gate.use(this);
  }

  /** Whether the queue is paused, at once and at every change. */
  get pauses$() {
    return this.pause.changes$;
  }

  limits(): QueueLimits {
    return { maxConcurrentJobs: this.config.queue.maxConcurrentJobs, paused: this.pause.paused };
  }

  status(): QueueCounts & QueueLimits {
    return { ...this.counts, ...this.limits() };
  }

  waits(count: number): boolean {
    const { maxConcurrentJobs: cap, paused } = this.limits();
    if (paused) return true;
    if (cap === undefined) return false;
    if (this.config.runtime === 'kubernetes') return true;
    const now = this.clock.now().getTime();
    this.reserved = this.reserved.filter((at) => now - at < RESERVATION_MS);
    if (this.counts.queued > 0 || this.counts.running + this.reserved.length + count > cap) return true;
    for (let i = 0; i < count; i++) this.reserved.push(now);
    return false;
  }

  /** A job made without waiting has shown up: its reservation is spent. */
  seen(): void {
    this.reserved.shift();
  }

  /** Takes in the last plan: the places of the waiting jobs, and the counts. */
  update(plan: AdmissionPlan, records: readonly JobRecord[]): void {
    this.places = plan.places;
    const queued = records.filter((job) => plan.places.has(job.name));
    const oldestQueued = queued.reduce<EpochMs | undefined>(
      (oldest, job) => (oldest === undefined || job.created < oldest ? job.created : oldest),
      undefined,
    );
    this.counts = { running: plan.running + plan.admit.length, queued: queued.length, oldestQueued };
    for (const name of this.shown.keys()) if (!this.places.has(name)) this.shown.delete(name);
  }

  /** Each waiting job with its place; the same array again while neither the records nor the places changed. */
  view(records: readonly JobRecord[]): readonly JobRecord[] {
    if (this.places.size === 0) return records;
    const last = this.last;
    if (last && last.input === records && last.places === this.places) return last.output;
    const output = Object.freeze(records.map((record) => this.withPlace(record)));
    this.last = { input: records, output, places: this.places };
    return output;
  }

  private withPlace(record: JobRecord): JobRecord {
    const place = this.places.get(record.name);
    if (!place || !record.queued) return record;
    const shown = this.shown.get(record.name);
    if (shown?.record === record && shown.place.position === place.position && shown.place.reason === place.reason) return shown.view;
    const view = Object.freeze({ ...record, queue: place });
    this.shown.set(record.name, { record, place, view });
    return view;
  }
}
