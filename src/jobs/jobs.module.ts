import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { BatchesController } from './batches.controller.js';
import { BatchesService } from './batches.service.js';
import { JobPlanner } from './job-planner.js';
import { JobsController } from './jobs.controller.js';
import { JobsService } from './jobs.service.js';
import { JobListJson } from './job-list-json.js';
import { EventStream } from './event-stream.service.js';
import { EventsController } from './events.controller.js';
import { JobEventsModule } from './job-events.module.js';
import { LogStreams } from './log-streams.service.js';
import { Waiter } from './waiter.service.js';
import { RetentionSchedule } from './retention.schedule.js';
import { RetentionService } from './retention.service.js';

@Module({})
export class JobsModule {
  /** `runtime` is the module that provides the JobGateway (Kubernetes or local). */
  static register(runtime: Type<unknown>): DynamicModule {
    return {
      module: JobsModule,
      imports: [runtime, JobEventsModule.register(runtime)],
      controllers: [JobsController, BatchesController, EventsController],
      providers: [
        EventStream,
        Waiter,
        LogStreams,
        JobPlanner,
        JobsService,
        JobListJson,
        BatchesService,
        RetentionService,
        RetentionSchedule,
      ],
    };
  }
}
