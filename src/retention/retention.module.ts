import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module.js';
import { RetentionSchedule } from './retention.schedule.js';
import { RetentionService } from './retention.service.js';

/** Keeps the 10 newest succeeded and 10 newest failed jobs (the limits are settings), swept by the leader. */
@Module({
  imports: [JobsModule],
  providers: [RetentionService, RetentionSchedule],
})
export class RetentionModule {}
