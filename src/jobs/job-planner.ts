import { Injectable } from '@nestjs/common';
import { SchedulerConfig } from '../config/scheduler.config.js';
import type { JobScheduleDescription } from './dto/job-schedule-description.dto.js';
import { buildJobSpec, type JobIdentity, payloadBytes } from './job-spec.js';
import type { JobSpec } from './job.model.js';
import { InvalidRequestError } from './jobs.errors.js';
import { refuseUntrusted } from './request-trust.js';

/** Turns a request into what a runtime starts, after the checks every way of starting a job shares. */
@Injectable()
export class JobPlanner {
  constructor(private readonly config: SchedulerConfig) {}

  /** `field` prefixes names in messages (`jobScheduleDescriptions[2].`). */
  plan(request: JobScheduleDescription, identity: Omit<JobIdentity, 'payload'>, field = ''): JobSpec {
    this.check(request, field);
    return buildJobSpec(this.config, request, { ...identity, payload: payloadBytes(this.config, request.payload, `${field}payload`) });
  }

  /** What the runtime refuses whatever the payload: a program, image or user chosen where it may not be. */
  check(request: Omit<JobScheduleDescription, 'payload'>, field = ''): void {
    refuseUntrusted(this.config, request, field);
    if (request.image !== undefined && this.config.runtime === 'local') {
      throw new InvalidRequestError(`${field}image: the local runtime runs the job definition's program, not images`);
    }
    if (request.runAsUser !== undefined && this.config.runtime === 'local') {
      throw new InvalidRequestError(
        `${field}runAsUser: the local runtime runs every job as the scheduler's own user; it does not switch users`,
      );
    }
  }

  get jobName(): string {
    return this.config.job.name;
  }
}
