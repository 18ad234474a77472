import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { BatchesController } from './batches.controller.js';
import { BatchesService } from './batches.service.js';
import { JobPlanner } from './job-planner.js';
import { JobsController } from './jobs.controller.js';
import { JobsService } from './jobs.service.js';
import { RetentionService } from './retention.service.js';

@Module({})
export class JobsModule {
  /** `runtime` is the module that provides the JobGateway (Kubernetes or local). */
  static register(runtime: Type<unknown>): DynamicModule {
    return {
      module: JobsModule,
      imports: [runtime],
      controllers: [JobsController, BatchesController],
      providers: [JobPlanner, JobsService, BatchesService, RetentionService],
    };
  }
}
