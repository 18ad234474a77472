import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../jobs/clock.js';
import { JobGateway } from '../jobs/job.gateway.js';
import type { JobRecord } from '../jobs/job.model.js';
import { ConfiguredSchedules } from './configured-schedules.js';
import { type ScheduleStatus, toScheduleStatus } from './dto/schedule-status.dto.js';
import { ScheduleBook } from './schedule-book.js';
import { ScheduleRunner } from './schedule-runner.js';

/** `/api/v1/schedules`: the definition's schedules, their next and last firings; pause, resume and run now. */
@Injectable()
export class SchedulesService {
  private readonly logger = new Logger(SchedulesService.name);

  constructor(
    private readonly schedules: ConfiguredSchedules,
    private readonly book: ScheduleBook,
    private readonly runner: ScheduleRunner,
    private readonly gateway: JobGateway,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<ScheduleStatus[]> {
    const states = await this.book.states(this.schedules.all.map((schedule) => schedule.id));
    const now = this.clock.now();
    return Promise.all(
      this.schedules.all.map(async (schedule) => {
        const state = states.get(schedule.id)!;
        return toScheduleStatus(schedule, state, now, await this.jobOf(state.last?.jobName));
      }),
    );
  }

  async get(id: string): Promise<ScheduleStatus> {
    const schedule = this.schedules.get(id);
    const state = await this.book.state(id);
    return toScheduleStatus(schedule, state, this.clock.now(), await this.jobOf(state.last?.jobName));
  }

  /** Pausing holds on every replica and across restarts: the state is the runtime's. */
  async pause(id: string): Promise<ScheduleStatus> {
    await this.book.pause(this.schedules.get(id).id);
    this.logger.log(`schedule paused id=${id}`);
    return this.get(id);
  }

  /** Firings count again from now: those that fell in the pause are neither started nor missed. */
  async resume(id: string): Promise<ScheduleStatus> {
    await this.book.resume(this.schedules.get(id).id, this.clock.now());
    this.logger.log(`schedule resumed id=${id}`);
    return this.get(id);
  }

  /** A run now, under the schedule's concurrency policy, paused or not. */
  runNow(id: string): Promise<JobRecord> {
    return this.runner.runNow(this.schedules.get(id));
  }

  private async jobOf(name: string | undefined): Promise<JobRecord | undefined> {
    return name ? this.gateway.get(name) : undefined;
  }
}
