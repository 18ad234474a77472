import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { JobRecord } from '../jobs/job.model.js';

const DURATION_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21_600, 86_400];
const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const FINISHED: ReadonlySet<string> = new Set(['Succeeded', 'Failed', 'Stopped']);
const LAG_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * One registry per process, even when it serves several job definitions: each app of the
 * process adds its series under its `job_definition` label. Built in main.ts and handed to
 * every app; a test app builds its own.
 */
export class SchedulerMetrics {
  readonly registry = new Registry();
  private readonly jobSources = new Map<string, () => Promise<readonly JobRecord[]>>();
  private readonly queueSources = new Map<string, () => number>();

  readonly jobsCreated = new Counter({
    name: 'job_scheduler_jobs_created_total',
    help: 'Jobs created.',
    labelNames: ['job_definition'],
    registers: [this.registry],
  });
  readonly jobsFinished = new Counter({
    name: 'job_scheduler_jobs_finished_total',
    help: 'Jobs that finished, by outcome (Succeeded, Failed, Stopped) and reason.',
    labelNames: ['job_definition', 'outcome', 'reason'],
    registers: [this.registry],
  });
  readonly jobDuration = new Histogram({
    name: 'job_scheduler_job_duration_seconds',
    help: "From a job's start to its end, by outcome.",
    labelNames: ['job_definition', 'outcome'],
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'job_scheduler_http_request_duration_seconds',
    help: 'HTTP requests, by route, method and status code.',
    labelNames: ['job_definition', 'route', 'method', 'code'],
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });
  readonly webhookDeliveries = new Counter({
    name: 'job_scheduler_webhook_deliveries_total',
    help: 'Webhook POSTs, by result: delivered, failed (to be retried) or given_up.',
    labelNames: ['job_definition', 'result'],
    registers: [this.registry],
  });
  readonly scheduleFirings = new Counter({
    name: 'job_scheduler_schedule_firings_total',
    help: 'Firings of cron schedules, by schedule and outcome: started (a job), skipped (the concurrency policy, or the job could not be made) or missed (no scheduler led).',
    labelNames: ['job_definition', 'schedule', 'outcome'],
    registers: [this.registry],
  });
  readonly scheduleLateness = new Histogram({
    name: 'job_scheduler_schedule_lateness_seconds',
    help: 'From the time a schedule fired for to its job created.',
    labelNames: ['job_definition'],
    buckets: LAG_BUCKETS,
    registers: [this.registry],
  });
  readonly queueWait = new Histogram({
    name: 'job_scheduler_queue_wait_seconds',
    help: 'From a queued job created to admitted.',
    labelNames: ['job_definition'],
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  readonly cacheRelists = new Counter({
    name: 'job_scheduler_cache_relists_total',
    help: 'Full lists of the watch cache (Kubernetes runtime), by resource: the first, and each after a watch could not resume.',
    labelNames: ['job_definition', 'resource'],
    registers: [this.registry],
  });
  readonly cacheLag = new Histogram({
    name: 'job_scheduler_cache_lag_seconds',
    help: "From a Job's end condition on the API server to the cache seeing it (Kubernetes runtime).",
    labelNames: ['job_definition'],
    buckets: LAG_BUCKETS,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'job_scheduler_' });
    const jobSources = this.jobSources;
    const queueSources = this.queueSources;
    new Gauge({
      name: 'job_scheduler_jobs',
      help: 'Jobs known now, by status.',
      labelNames: ['job_definition', 'status'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [definition, list] of jobSources) {
          const counts = new Map<string, number>(['Waiting', 'Running', 'Succeeded', 'Failed', 'Stopped'].map((status) => [status, 0]));
          for (const job of await list().catch(() => [])) counts.set(job.status, (counts.get(job.status) ?? 0) + 1);
          for (const [status, count] of counts) this.set({ job_definition: definition, status }, count);
        }
      },
    });
    new Gauge({
      name: 'job_scheduler_queue_length',
      help: 'Jobs waiting in the queue.',
      labelNames: ['job_definition'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [definition, list] of jobSources) {
          const jobs = await list().catch(() => []);
          this.set({ job_definition: definition }, jobs.filter((job) => job.queued && !FINISHED.has(job.status)).length);
        }
      },
    });
    new Gauge({
      name: 'job_scheduler_webhook_queue_depth',
      help: 'Webhook events waiting to be delivered.',
      labelNames: ['job_definition'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [definition, depth] of queueSources) this.set({ job_definition: definition }, depth());
      },
    });
  }

  /** Where the jobs of a job definition are counted from. */
  countJobs(definition: string, list: () => Promise<readonly JobRecord[]>): void {
    this.jobSources.set(definition, list);
  }

  countWebhookQueue(definition: string, depth: () => number): void {
    this.queueSources.set(definition, depth);
  }
}
