import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../jobs/clock.js';
import { JobEventHub } from '../jobs/job-event-hub.js';
import { newJobName, scheduledJobName } from '../jobs/job-name.js';
import { JobPlanner } from '../jobs/job-planner.js';
import { JobGateway } from '../jobs/job.gateway.js';
import { isFinished, type JobRecord } from '../jobs/job.model.js';
import { JobConflictError } from '../jobs/jobs.errors.js';
import { stopEach } from '../jobs/jobs.service.js';
import { ScheduleBook } from './schedule-book.js';
import type { Schedule } from './schedule.model.js';
import { RunForbiddenError } from './schedules.errors.js';

/**
 * Starts a schedule's runs: ordinary single jobs with no payload and the definition's
 * defaults, carrying the expression and the time they were scheduled for. The concurrency
 * policy counts the definition's unfinished cron runs from their creation, Waiting ones
 * included (Radix counts only Active ones, so a slow image pull let a second run start), and
 * never a job started through the API.
 */
@Injectable()
export class ScheduleRunner {
  private readonly logger = new Logger(ScheduleRunner.name);

  constructor(
    private readonly gateway: JobGateway,
    private readonly planner: JobPlanner,
    private readonly book: ScheduleBook,
    private readonly events: JobEventHub,
    private readonly clock: Clock,
  ) {}

  /**
   * The firing of `schedule` for `scheduledTime`, under a name made from both: a second leader
   * or a restart firing the same time finds the name taken and starts nothing. Never throws;
   * a firing that starts nothing is a `skipped` event.
   */
  async fire(schedule: Schedule, scheduledTime: Date): Promise<JobRecord | undefined> {
    const name = scheduledJobName(this.planner.jobName, scheduledTime, schedule.id);
    try {
      const unfinished = await this.unfinishedRuns();
      if (unfinished.length > 0 && schedule.concurrency === 'Forbid')
        return void (await this.skip(
          schedule,
          scheduledTime,
          `Forbid: ${unfinished.length} run(s) unfinished, first ${unfinished[0].name}`,
        ));
      const job = await this.start(schedule, scheduledTime, name, unfinished);
      await this.book.fired(schedule.id, scheduledTime, 'Started', job.name);
      return job;
    } catch (error) {
      if (error instanceof JobConflictError) return this.gateway.get(name);
      this.logger.warn(
        `schedule firing failed schedule="${schedule.expression}" at=${scheduledTime.toISOString()}: ${(error as Error).message}`,
      );
      await this.skip(schedule, scheduledTime, (error as Error).message).catch(() => undefined);
      return undefined;
    }
  }

  /** A run asked for now, by hand, under the same policy: Forbid refuses it (RunForbiddenError). */
  async runNow(schedule: Schedule): Promise<JobRecord> {
    const now = this.clock.now();
    const unfinished = await this.unfinishedRuns();
    if (unfinished.length > 0 && schedule.concurrency === 'Forbid')
      throw new RunForbiddenError(
        schedule.expression,
        unfinished.map((job) => job.name),
      );
    const job = await this.start(schedule, now, newJobName(this.planner.jobName, now), unfinished);
    await this.book.fired(schedule.id, now, 'Started', job.name);
    return job;
  }

  /** Firings that no scheduler made (it was down, or none led), the last at `latest`. */
  async missed(schedule: Schedule, latest: Date, count: number): Promise<void> {
    this.logger.warn(`schedule missed firings schedule="${schedule.expression}" count=${count} last=${latest.toISOString()}`);
    this.events.publishSchedule('missed', {
      id: schedule.id,
      expression: schedule.expression,
      scheduledTime: latest,
      reason: 'no scheduler led',
      count,
    });
    await this.book.fired(schedule.id, latest, 'Missed');
  }

  private async start(schedule: Schedule, scheduledTime: Date, name: string, unfinished: JobRecord[]): Promise<JobRecord> {
    // Replace stops the unfinished runs, keeping their records as any stop does, then starts.
    if (unfinished.length > 0 && schedule.concurrency === 'Replace') await stopEach(this.gateway, unfinished, this.logger);
    const spec = this.planner.plan({}, { name, cron: { schedule: schedule.expression, scheduledTime } });
    const [job] = await this.gateway.create([spec]);
    this.logger.log(`scheduled job created name=${job.name} schedule="${schedule.expression}" at=${scheduledTime.toISOString()}`);
    return job;
  }

  private async skip(schedule: Schedule, scheduledTime: Date, reason: string): Promise<void> {
    this.logger.log(`schedule firing skipped schedule="${schedule.expression}" at=${scheduledTime.toISOString()}: ${reason}`);
    this.events.publishSchedule('skipped', { id: schedule.id, expression: schedule.expression, scheduledTime, reason, count: 1 });
    await this.book.fired(schedule.id, scheduledTime, 'Skipped');
  }

  /** Every schedule of the definition shares one pool of runs, as in Radix. */
  private async unfinishedRuns(): Promise<JobRecord[]> {
    return (await this.gateway.list()).filter((job) => job.cronSchedule !== undefined && !isFinished(job.status));
  }
}
