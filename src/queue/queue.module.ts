import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module.js';
import { Admissions } from './admissions.service.js';
import { QueueController } from './queue.controller.js';
import { QueuePause } from './queue-pause.js';
import { QueueService } from './queue.service.js';
import { QueueView } from './queue-view.js';

/** The queue: a cap on the jobs running, their order, start deadlines and a pause, on both runtimes. */
@Module({
  imports: [JobsModule],
  controllers: [QueueController],
  providers: [QueuePause, QueueView, Admissions, QueueService],
})
export class QueueModule {}
