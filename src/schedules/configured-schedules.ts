import { Injectable } from '@nestjs/common';
import { SchedulerConfig } from '../config/scheduler.config.js';
import { type Schedule, schedulesOf } from './schedule.model.js';
import { ScheduleNotFoundError } from './schedules.errors.js';

/** The schedules of this scheduler's job definition, from radixconfig.yaml (none without a `cron`). */
@Injectable()
export class ConfiguredSchedules {
  readonly all: readonly Schedule[];

  constructor(config: SchedulerConfig) {
    this.all = schedulesOf(config.job.cron);
  }

  get(id: string): Schedule {
    const schedule = this.all.find((candidate) => candidate.id === id);
    if (!schedule) throw new ScheduleNotFoundError(id);
    return schedule;
  }
}
