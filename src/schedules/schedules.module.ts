import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module.js';
import { ConfiguredSchedules } from './configured-schedules.js';
import { ScheduleBook } from './schedule-book.js';
import { ScheduleRunner } from './schedule-runner.js';
import { ScheduleTimer } from './schedule-timer.js';
import { SchedulesController } from './schedules.controller.js';
import { SchedulesService } from './schedules.service.js';

/** radixconfig.yaml's `cron`: runs started on schedules, by the leader, each scheduled time at most once. */
@Module({
  imports: [JobsModule],
  controllers: [SchedulesController],
  providers: [ConfiguredSchedules, ScheduleBook, ScheduleRunner, ScheduleTimer, SchedulesService],
})
export class SchedulesModule {}
