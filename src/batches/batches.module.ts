import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module.js';
import { BatchWaiter } from './batch-waiter.service.js';
import { BatchesController } from './batches.controller.js';
import { BatchesService } from './batches.service.js';

/** `/api/v1/batches`: jobs that start together, all or nothing, and are kept and deleted as one. */
@Module({
  imports: [JobsModule],
  controllers: [BatchesController],
  providers: [BatchesService, BatchWaiter],
})
export class BatchesModule {}
