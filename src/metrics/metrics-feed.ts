import { Injectable } from '@nestjs/common';
import { SchedulerConfig } from '../config/scheduler.config.js';
import { JobEventHub } from '../jobs/job-event-hub.js';
import { JobGateway } from '../jobs/job.gateway.js';
import { SchedulerMetrics } from './scheduler-metrics.js';

/**
 * Counts what the event hub says happened (and what the runtime signalled through it), under
 * this scheduler's job definition. It listens
 * from its construction, before any runtime starts, so that what a start decides counts.
 */
@Injectable()
export class MetricsFeed {
  constructor(metrics: SchedulerMetrics, events: JobEventHub, gateway: JobGateway, config: SchedulerConfig) {
    const definition = config.job.name;
    metrics.countJobs(definition, () => gateway.list());
    events.signals$.subscribe((signal) => {
      if (signal.type === 'relisted') metrics.cacheRelists.inc({ job_definition: definition, resource: signal.resource });
      else metrics.cacheLag.observe({ job_definition: definition }, signal.lagSeconds);
    });
    events.scheduleEvents$.subscribe(({ type, schedule }) =>
      metrics.scheduleFirings.inc({ job_definition: definition, schedule: schedule.expression, outcome: type }, schedule.count),
    );
    events.events$.subscribe(({ type, job, at }) => {
      const created = type === 'created' || type === 'queued';
      if (created) metrics.jobsCreated.inc({ job_definition: definition });
      if (type === 'admitted') metrics.queueWait.observe({ job_definition: definition }, Math.max(0, (at - job.created) / 1000));
      if (created && job.cronSchedule && job.scheduledTime !== undefined) {
        metrics.scheduleFirings.inc({ job_definition: definition, schedule: job.cronSchedule, outcome: 'started' });
        metrics.scheduleLateness.observe({ job_definition: definition }, Math.max(0, (at - job.scheduledTime) / 1000));
      }
      if (type !== 'finished' && type !== 'stopped') return;
      metrics.jobsFinished.inc({ job_definition: definition, outcome: job.status, reason: job.reason ?? '' });
      if (job.started !== undefined && job.ended !== undefined)
        metrics.jobDuration.observe({ job_definition: definition, outcome: job.status }, (job.ended - job.started) / 1000);
    });
  }
}
